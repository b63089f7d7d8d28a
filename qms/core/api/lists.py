"""The fast API list path, shared by every organization-scoped viewset.

A list page is what every module copies, so its cost is set here once:

- **A slim row, declared per model.** The list row carries the columns the model's list
  page shows (its spec's `columns`) plus id and version; the detail keeps every field. A
  read serializer may instead name them in `Meta.list_fields`. The list uses a serializer
  derived from the read one (`SiteSerializer` -> `SiteRowSerializer`), so the OpenAPI
  schema documents the list's real shape.
- **A field plan computed once per serializer class.** `ModelSerializer` rebuilds its fields
  and reads every attribute through model instances on each request. The plan maps each
  field to a `.values_list()` path (`owner.email` -> `owner__email`) and to the field's own
  `to_representation` where the database value is not already the JSON value, and the page
  is read as plain tuples. The output is identical to the serializer's (a test compares
  them); a serializer the plan cannot express (a method field, a nested serializer, a
  many-to-many) is served by the ordinary serializer, only slower.
- **No FilterSet without a filter.** Building a FilterSet and its form costs about half a
  millisecond; a request that names no filter parameter skips it (ordering still applies).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from threading import Lock
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import fields as drf_fields
from rest_framework import relations
from rest_framework import serializers as drf_serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

# Query parameters that page or sort a list; any other parameter may be a filter.
NOT_FILTERS = frozenset({"page", "page_size", "count", "ordering", "format"})

# Field classes whose database value already is the JSON value (no conversion per cell).
_AS_STORED: tuple[type[drf_fields.Field], ...] = (  # type: ignore[type-arg]
    drf_fields.BooleanField,
    drf_fields.CharField,  # also EmailField, SlugField, URLField, RegexField
    drf_fields.IntegerField,
    drf_fields.FloatField,
)
# Field classes the plan cannot read from one column.
_NOT_PLANNABLE: tuple[type[Any], ...] = (
    drf_fields.SerializerMethodField,
    drf_fields.HiddenField,
    drf_fields.ListField,
    drf_fields.DictField,
    drf_fields.JSONField,
    drf_serializers.BaseSerializer,
    relations.ManyRelatedField,
    relations.HyperlinkedRelatedField,
)


@dataclass(frozen=True)
class ListPlan:
    """How to turn one `.values_list(*paths)` row into the serializer's dict."""

    names: tuple[str, ...]
    paths: tuple[str, ...]
    converters: tuple[Callable[[Any], Any] | None, ...]

    def rows(self, records: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
        names = self.names
        converters = self.converters
        if not any(converters):
            return [dict(zip(names, record, strict=True)) for record in records]
        result = []
        for record in records:
            result.append(
                {
                    name: value if value is None or convert is None else convert(value)
                    for name, value, convert in zip(names, record, converters, strict=True)
                }
            )
        return result


_plans: dict[type[Any], ListPlan | None] = {}
_list_serializers: dict[type[Any], type[Any]] = {}
_lock = Lock()


def plan_for(serializer_class: type[BaseSerializer[Any]]) -> ListPlan | None:
    """The plan of a ModelSerializer class, built on first use (None: not plannable)."""
    try:
        return _plans[serializer_class]
    except KeyError:
        pass
    plan = _build_plan(serializer_class)
    with _lock:
        _plans[serializer_class] = plan
    return plan


def _build_plan(serializer_class: type[BaseSerializer[Any]]) -> ListPlan | None:
    meta = getattr(serializer_class, "Meta", None)
    model = getattr(meta, "model", None)
    if model is None or not issubclass(serializer_class, drf_serializers.ModelSerializer):
        return None
    serializer = serializer_class()
    names: list[str] = []
    paths: list[str] = []
    converters: list[Callable[[Any], Any] | None] = []
    for field in serializer.fields.values():
        if field.write_only:
            continue
        column = _column(model, field)
        if column is None:
            return None
        names.append(str(field.field_name))
        paths.append(column[0])
        converters.append(column[1])
    return ListPlan(tuple(names), tuple(paths), tuple(converters))


def _column(
    model: type[models.Model],
    field: drf_fields.Field,  # type: ignore[type-arg]
) -> tuple[str, Callable[[Any], Any] | None] | None:
    """(values path, converter) for one serializer field, or None if it needs an instance."""
    if isinstance(field, _NOT_PLANNABLE) or field.source == "*":
        return None
    model_field = _resolve(model, field.source_attrs)
    if model_field is None:
        return None
    path = "__".join(field.source_attrs)
    if isinstance(field, relations.PrimaryKeyRelatedField):
        # The serializer writes the related primary key: the column itself.
        return (path, None) if model_field.is_relation else None
    if model_field.is_relation:
        return None
    if isinstance(field, drf_fields.ChoiceField):
        return path, field.to_representation
    if isinstance(field, _AS_STORED) and _stored_as_json(model_field):
        return path, None
    return path, field.to_representation


def _resolve(model: type[models.Model], attrs: Sequence[str]) -> Any:
    """The model field at the end of `attrs`, following forward foreign keys only."""
    current: Any = model
    found: Any = None
    for index, attr in enumerate(attrs):
        try:
            found = current._meta.get_field(attr)
        except FieldDoesNotExist:
            return None  # a property or method: needs the instance
        if found.many_to_many or found.one_to_many or (found.is_relation and not found.concrete):
            return None
        if index < len(attrs) - 1:
            if not found.is_relation:
                return None
            current = found.related_model
    return found


def _stored_as_json(model_field: Any) -> bool:
    """True when the database value is already a str, int, float or bool for JSON."""
    return isinstance(
        model_field,
        models.CharField
        | models.TextField
        | models.IntegerField
        | models.BooleanField
        | models.FloatField
        | models.AutoField,
    ) and not getattr(model_field, "choices", None)


def list_serializer_for(serializer_class: type[Any]) -> type[Any]:
    """The slim list serializer declared by `Meta.list_fields` (the class itself if none)."""
    try:
        return _list_serializers[serializer_class]
    except KeyError:
        pass
    meta: Any = getattr(serializer_class, "Meta", None)
    list_fields = getattr(meta, "list_fields", None)
    if list_fields is None and meta is not None:
        list_fields = _fields_of_columns(serializer_class)
    slim = serializer_class
    if list_fields is not None and list(list_fields) != list(meta.fields):
        unknown = [name for name in list_fields if name not in meta.fields]
        if unknown:
            raise TypeError(f"{serializer_class.__name__}.Meta.list_fields: unknown {unknown}")
        read_only = [name for name in getattr(meta, "read_only_fields", ()) if name in list_fields]
        slim_meta = type(
            "Meta", (meta,), {"fields": list(list_fields), "read_only_fields": read_only}
        )
        name = serializer_class.__name__.removesuffix("Serializer") + "RowSerializer"
        slim = type(
            name,
            (serializer_class,),
            {
                "Meta": slim_meta,
                "__module__": serializer_class.__module__,
                "__doc__": f"A row of the list: the columns a list shows ({name}).",
            },
        )
    with _lock:
        _list_serializers[serializer_class] = slim
    return slim


def _fields_of_columns(serializer_class: type[Any]) -> list[str] | None:
    """The fields behind the list page's columns (the model's spec), plus id and version.

    A declared field is kept when its source starts at a column (`owner.email` for the
    `owner` column), so the API row carries what the page row shows.
    """
    columns = getattr(getattr(serializer_class, "spec", None), "columns", ())
    if not columns:
        return None
    roots = {column.name.split(".")[0] for column in columns} | {"id", "version"}
    declared = getattr(serializer_class, "_declared_fields", {})
    kept = []
    for name in serializer_class.Meta.fields:
        field = declared.get(name)
        source = (field.source or name) if field is not None else name
        if name in roots or source.split(".")[0] in roots:
            kept.append(name)
    return kept


def has_filter_parameters(request: Request) -> bool:
    return any(key not in NOT_FILTERS for key in request.query_params)


class FastListMixin:
    """`list()` through the field plan; the slim serializer for the list action."""

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        view: Any = self
        serializer_class: type[BaseSerializer[Any]] = super().get_serializer_class()  # type: ignore[misc]
        if getattr(view, "action", None) == "list":
            return list_serializer_for(serializer_class)
        return serializer_class

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        view: Any = self
        skip_filterset = not has_filter_parameters(view.request)
        for backend in list(view.filter_backends):
            if skip_filterset and issubclass(backend, DjangoFilterBackend):
                continue
            queryset = backend().filter_queryset(view.request, queryset, view)
        return queryset

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        view: Any = self
        queryset = self.filter_queryset(view.get_queryset())
        plan = plan_for(self.get_serializer_class())
        if plan is None:  # the ordinary serializer: correct, only slower
            page = view.paginate_queryset(queryset)
            serializer = view.get_serializer(page if page is not None else queryset, many=True)
            if page is not None:
                return view.get_paginated_response(serializer.data)  # type: ignore[no-any-return]
            return Response(serializer.data)
        records = queryset.values_list(*plan.paths)
        page = view.paginate_queryset(records)
        rows = plan.rows(page if page is not None else records)
        if page is not None:
            return view.get_paginated_response(rows)  # type: ignore[no-any-return]
        return Response(rows)
