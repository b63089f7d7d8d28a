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
- **Simple filters without the FilterSet.** Building the FilterSet, deep-copying its filters
  and validating its form cost more than the page's queries. When every filter parameter of
  a request is a plain choice filter (`ChoiceFilter` with fixed choices, exact lookup, no
  null choice) and its value is one of the choices, the values go straight to
  `queryset.filter()` in the FilterSet's order, as django-filter would apply them. A
  `method=` filter qualifies only if the FilterSet names it in `simple_methods` (a method
  that reads nothing of the FilterSet but `request`). Any other parameter or any invalid
  value takes django-filter's path, so results and 400 errors are the same (tested).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from threading import Lock
from typing import Any

import django_filters
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


@dataclass(frozen=True)
class SimpleFilter:
    """A choice filter applied without its FilterSet: `valid` values go to `lookup`, or to
    the FilterSet's `method` (called on a bare FilterSet that has only `request`)."""

    name: str
    valid: frozenset[str]
    lookup: str
    method: str | None


_simple_filters: dict[type[Any], dict[str, SimpleFilter]] = {}


def simple_filters_of(filterset_class: type[Any]) -> dict[str, SimpleFilter]:
    """The FilterSet's filters the fast path may apply, in the FilterSet's order."""
    try:
        return _simple_filters[filterset_class]
    except KeyError:
        pass
    allowed_methods = frozenset(getattr(filterset_class, "simple_methods", ()))
    found: dict[str, SimpleFilter] = {}
    for name, filter_ in filterset_class.base_filters.items():
        simple = _simple_filter(name, filter_, allowed_methods)
        if simple is not None:
            found[name] = simple
    with _lock:
        _simple_filters[filterset_class] = found
    return found


def _simple_filter(name: str, filter_: Any, allowed_methods: frozenset[str]) -> SimpleFilter | None:
    if not isinstance(filter_, django_filters.ChoiceFilter):
        return None
    extra = filter_.extra
    choices = extra.get("choices")
    if not isinstance(choices, list | tuple) or extra.get("null_label") is not None:
        return None
    if extra.get("required") or set(extra) - {"choices", "required", "widget", "empty_label"}:
        return None  # e.g. `validators`, a required filter: the form decides
    method = getattr(filter_, "_method", None)
    if method is not None and (not isinstance(method, str) or method not in allowed_methods):
        return None
    if filter_.lookup_expr != "exact" or filter_.exclude or filter_.distinct:
        return None
    keys = []
    for key, value in choices:
        if isinstance(value, list | tuple):
            return None  # grouped choices
        keys.append(str(key))
    return SimpleFilter(name, frozenset(keys), f"{filter_.field_name}__exact", method)


def fast_filter(
    filterset_class: type[Any], request: Request, queryset: QuerySet[Any]
) -> QuerySet[Any] | None:
    """The queryset filtered as the FilterSet would, or None when the request needs the
    FilterSet (a parameter that is not a simple filter, or a value it would refuse)."""
    simple = simple_filters_of(filterset_class)
    params = request.query_params
    base_filters = filterset_class.base_filters
    values: dict[str, str] = {}
    for key in params:
        if key in NOT_FILTERS or key not in base_filters:
            continue  # not a filter: django-filter ignores it too
        found = simple.get(key)
        if found is None:
            return None
        value = params[key]  # the last value, as the form reads it
        if value == "":
            continue  # an empty choice filters nothing
        if value not in found.valid:
            return None  # django-filter's 400, word for word
        values[key] = value
    bare: Any = None
    for name, found in simple.items():  # the FilterSet's order
        if name not in values:
            continue
        if found.method is None:
            queryset = queryset.filter(**{found.lookup: values[name]})
            continue
        if bare is None:
            bare = object.__new__(filterset_class)
            bare.request = request
        queryset = getattr(bare, found.method)(queryset, name, values[name])
    return queryset


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
        filterset_class = getattr(view, "filterset_class", None)
        for backend in list(view.filter_backends):
            if issubclass(backend, DjangoFilterBackend):
                if skip_filterset:
                    continue
                if filterset_class is not None:
                    filtered = fast_filter(filterset_class, view.request, queryset)
                    if filtered is not None:
                        queryset = filtered
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
