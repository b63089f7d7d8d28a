"""One field specification per model, read by everything that lists a model's fields.

Without it a model's editable fields are written out five times (form, write serializer,
read serializer, service allow-list, table columns) and drift apart: a field added to the
form but not to the service's allow-list is refused at run time, one added to the
serializer but not to the export silently goes missing. A `ModelSpec` says it once:

    SITE = ModelSpec(
        model=Site,
        fields=("name", "address", "country", "is_head_office", "employees"),
        columns=(Column("name", link=True), Column("country")),
    )

and the form (`spec.form_class()`), the serializers (`SpecReadSerializer`,
`SpecWriteSerializer`), the services (`model_create(fields=spec.fields)`), the list page and
its export (`columns`) and the detail page (`detail`) all read it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar, Generic, TypeVar

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.forms import modelform_factory
from rest_framework import serializers

from .api.serializers import StrictModelSerializer
from .forms import TenantModelForm
from .tables import Column

M = TypeVar("M", bound=models.Model)

# Shown on every record's read representation, never written by a client.
DEFAULT_READ_ONLY = ("version", "created_at", "updated_at")

VERSION_HELP = (
    "The version of the record this change is based on (the `version` of the read "
    "representation, also sent as the ETag). May be given here or as an `If-Match: "
    '"<version>"` header. When neither is given the write proceeds without the check; when '
    "the record has moved on to a newer version the write is refused with 409 (code "
    '"stale") and nothing is written.'
)


@dataclass(frozen=True)
class ModelSpec(Generic[M]):
    """The fields of one model as the product exposes them.

    - `fields`: what a user may set (form, write serializer, service allow-list), in order.
    - `read_only`: shown but never written by a client (besides `id`), e.g. a workflow
      status, `version` and the timestamps.
    - `columns`: the list table and its CSV/XLSX export.
    - `detail`: the rows of the detail page (defaults to the columns, then the other
      editable fields, then the update time).
    - `widgets`: form widgets where Django's default does not fit.
    """

    model: type[M]
    fields: tuple[str, ...]
    read_only: tuple[str, ...] = DEFAULT_READ_ONLY
    columns: tuple[Column, ...] = ()
    detail: tuple[Column, ...] = ()
    widgets: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in (*self.fields, *self.read_only):
            try:
                self.model._meta.get_field(name)
            except FieldDoesNotExist as error:
                raise ImproperlyConfigured(
                    f"{self.model.__name__} spec names {name!r}, which is not a model field."
                ) from error
        if not self.detail:
            shown = {column.name.split(".")[0] for column in self.columns}
            rest = [Column(name) for name in self.fields if name not in shown]
            object.__setattr__(
                self, "detail", (*self.columns, *rest, Column("updated_at", sort=False))
            )

    @property
    def read_fields(self) -> tuple[str, ...]:
        return ("id", *self.fields, *self.read_only)

    @cached_property
    def _form_class(self) -> type[TenantModelForm]:
        form: type[TenantModelForm] = modelform_factory(  # type: ignore[assignment]
            self.model, form=TenantModelForm, fields=self.fields, widgets=dict(self.widgets)
        )
        return form

    def form_class(self) -> type[TenantModelForm]:
        """A TenantModelForm of exactly the editable fields (built once)."""
        return self._form_class


def check_form(spec: ModelSpec[Any], form_class: type[Any]) -> None:
    """Fail at import when a hand-written form's fields drift from the spec."""
    declared = tuple(form_class._meta.fields)
    if declared != spec.fields:
        raise ImproperlyConfigured(
            f"{form_class.__name__} has fields {declared}, the spec says {spec.fields}."
        )


class SpecReadSerializer(StrictModelSerializer):
    """The read representation of `spec`: id, the editable fields, the read-only ones
    (including `version`, which a client sends back to make a checked write) and any
    fields the subclass declares, all read-only."""

    spec: ClassVar[ModelSpec[Any]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        spec = cls.__dict__.get("spec")
        if spec is not None:
            if "__doc__" not in cls.__dict__ or not cls.__doc__:  # the schema's description
                cls.__doc__ = (
                    f"A {spec.model._meta.verbose_name}. Send its `version` back with a change "
                    "to have the change refused if someone else changed it first."
                )
            names = [*spec.read_fields, *cls._declared_fields]
            cls.Meta = type(  # type: ignore[misc,assignment]
                "Meta", (), {"model": spec.model, "fields": names, "read_only_fields": names}
            )


class SpecWriteSerializer(StrictModelSerializer):
    """What a client may send: the editable fields of `spec`, plus the optional `version`
    the change is based on (see `VERSION_HELP`)."""

    spec: ClassVar[ModelSpec[Any]]
    version = serializers.IntegerField(
        required=False, min_value=1, write_only=True, help_text=VERSION_HELP
    )

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        spec = cls.__dict__.get("spec")
        if spec is not None:
            if "__doc__" not in cls.__dict__ or not cls.__doc__:  # the schema's description
                cls.__doc__ = (
                    f"The fields of a {spec.model._meta.verbose_name} a client may set, and "
                    "optionally the `version` the change is based on."
                )
            cls.Meta = type(  # type: ignore[misc,assignment]
                "Meta", (), {"model": spec.model, "fields": [*spec.fields, "version"]}
            )


__all__ = [
    "DEFAULT_READ_ONLY",
    "VERSION_HELP",
    "ModelSpec",
    "SpecReadSerializer",
    "SpecWriteSerializer",
    "check_form",
]
