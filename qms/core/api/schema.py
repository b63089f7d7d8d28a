"""OpenAPI generation: every operation documents the API's one error shape, for every status
it can answer, and write bodies declare that unknown fields are refused.

A client generated from the schema then knows every response it may get, and schema
fuzzing (qms/core/tests/test_schema_fuzz.py) fails on any answer the schema does not name.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from rest_framework import serializers
from rest_framework.fields import empty

from .serializers import ErrorSerializer

_WRITE = {"POST", "PUT", "PATCH"}
TIME_OF_DAY = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"


def _blank_choice(field: Any) -> bool:
    """A choice field over a model field that may be blank ("")."""
    if not isinstance(field, serializers.ChoiceField) or field.allow_blank:
        return False
    if "" in field.choices:
        return False
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    source = getattr(field, "source", "") or ""
    if model is None or not source or "." in source:
        return False
    try:
        model_field = model._meta.get_field(source)
    except FieldDoesNotExist:  # a method or a property
        return False
    return bool(getattr(model_field, "blank", False))


def _defaults_to_none(field: Any) -> bool:
    return getattr(field, "default", empty) is None


class AutoSchema(BaseAutoSchema):
    def _error_codes(self) -> set[str]:
        """The error statuses this operation can answer (all in the one error shape)."""
        view: Any = self.view
        # Unauthenticated, no permission, and an Accept header we cannot satisfy: anywhere.
        codes = {"401", "403", "406"}
        if self.method in _WRITE:
            codes |= {"400", "415"}  # invalid body; a body that is not JSON
        if self.method in _WRITE | {"DELETE"}:
            codes.add("409")  # unique conflict, stale version, refused transition, still in use
        if self.method == "DELETE":
            codes.add("400")  # a malformed version (If-Match)
        if "{" in self.path:
            codes.add("404")  # unknown, malformed or another organization's id
        if self.method == "GET" and self._is_list_view():
            # A bad filter value or page number.
            if getattr(view, "filterset_class", None) or getattr(view, "pagination_class", None):
                codes.add("400")
        if self.method == "GET" and any(
            getattr(parameter, "location", "query") == "query"
            for parameter in self.get_override_parameters()
        ):
            codes.add("400")  # a query parameter the view declares and validates itself
        if getattr(view, "throttle_classes", None):
            codes.add("429")
        return codes

    def _get_paginator(self) -> Any:
        # Only a viewset's `list` pages its answer; a detail action answering a list (a
        # review's sections, a risk's assessments) answers all of it, unpaged.
        action = getattr(self.view, "action", None)
        if action is not None and action != "list":
            return None
        return super()._get_paginator()  # type: ignore[no-untyped-call]

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        bodies: dict[str, Any] = super()._get_response_bodies(direction)
        if direction != "response":
            return bodies
        for code in sorted(self._error_codes()):
            bodies.setdefault(code, self._get_response_for_code(ErrorSerializer, code))  # type: ignore[no-untyped-call]
        return bodies

    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> Any:
        if field.read_only and _blank_choice(field):
            # DRF drops `allow_blank` from a read-only field, so the enum would not name the
            # "" an unset blank choice holds: put it back for the schema.
            field.allow_blank = True
        if field.read_only and _defaults_to_none(field):
            # A read-only field through a relation that may be empty (`source="clause.number",
            # default=None`) answers null.
            field.allow_null = True
        schema: Any = super()._map_serializer_field(field, direction, bypass_extensions)  # type: ignore[no-untyped-call]
        if (
            isinstance(field, serializers.URLField)
            and (field.allow_blank or field.read_only)  # a read-only field does not say
            and "format" in schema
        ):
            # A blank URL field holds "" when unset, which is not a "uri": say so.
            return {"anyOf": [schema, {"type": "string", "maxLength": 0}]}
        if isinstance(field, serializers.TimeField) and schema.get("format") == "time":
            # JSON Schema's "time" is RFC 3339's, with a UTC offset; a time of day here is
            # local, "09:00" or "09:00:00", as DRF reads and writes it.
            schema = {key: value for key, value in schema.items() if key != "format"}
            return {**schema, "pattern": TIME_OF_DAY, "example": "09:00:00"}
        return schema

    def _map_serializer(
        self, serializer: Any, direction: Any, bypass_extensions: bool = False
    ) -> dict[str, Any]:
        schema: dict[str, Any] = super()._map_serializer(serializer, direction, bypass_extensions)  # type: ignore[no-untyped-call]
        if direction == "request" and getattr(serializer, "refuses_unknown_fields", False):
            # StrictFieldsMixin (or the serializer itself) answers 400 for an unknown field.
            schema["additionalProperties"] = False
        return schema
