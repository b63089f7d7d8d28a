"""Columns of list pages, shared by the HTML table and the CSV/XLSX export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.fields.related import ForeignKey
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Column:
    """`name` is an attribute path ("name", "site.name"); `sort` the ORM field to order by."""

    name: str
    label: str | Promise | None = None
    sort: str | bool | None = True
    link: bool = False

    def header(self, model: type[models.Model]) -> str:
        if self.label is not None:
            return str(self.label)
        try:
            field = model._meta.get_field(self.name.split(".")[0])
            return capfirst(str(getattr(field, "verbose_name", field.name)))
        except FieldDoesNotExist:  # a property or method: use its name
            return capfirst(self.name.replace("_", " "))

    def sort_field(self, model: type[models.Model]) -> str | None:
        if self.sort is False or self.sort is None:
            return None
        if isinstance(self.sort, str):
            return self.sort
        field_name = self.name.replace(".", "__")
        try:
            model._meta.get_field(self.name.split(".")[0])
        except FieldDoesNotExist:
            return None
        return field_name


def raw_value(obj: Any, path: str) -> Any:
    value = obj
    for part in path.split("."):
        if value is None:
            return None
        owner: Any = type(value)
        labels = _choice_labels(owner, part, get_language())
        if labels is not None:
            stored = value.__dict__.get(part)
            if isinstance(stored, str | int):  # as get_<field>_display(): unknown stays as is
                value = labels.get(stored, stored)
                continue
        display = getattr(value, f"get_{part}_display", None)
        value = display() if callable(display) else getattr(value, part, None)
        if callable(value) and not isinstance(value, models.Model):
            value = value()
    return value


@lru_cache(maxsize=512)
def _choice_labels(owner: type[Any], name: str, language: str | None) -> dict[Any, str] | None:
    """A choice field's value -> label map, built once per field and language.

    Django's `get_<field>_display()` rebuilds the map on every call: for a country (250
    choices) that cost about a millisecond per row of a list page.
    """
    if not isinstance(owner, type) or not issubclass(owner, models.Model):
        return None
    try:
        field = owner._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    choices: Any = getattr(field, "flatchoices", None)
    if not getattr(field, "choices", None) or field.is_relation or choices is None:
        return None
    return {key: str(label) for key, label in choices}


def text_value(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Header:
    label: str
    sort_url: str | None
    direction: str | None  # "asc", "desc" or None


@dataclass(frozen=True)
class Cell:
    """One table cell; `label` is its column's header (the phone layout's `data-label`)."""

    text: str
    url: str | None
    label: str = ""

    @property
    def short(self) -> bool:
        return len(self.text) <= 16


class Table:
    """A page of rows with sortable headers; knows nothing about HTML."""

    def __init__(
        self,
        *,
        model: type[models.Model],
        columns: Sequence[Column],
        rows: Iterable[models.Model],
        params: QueryDict,
        sort: str,
    ) -> None:
        self.model = model
        self.columns = list(columns)
        self.sort = sort
        self.params = params
        # Headers are computed once per table, not once per cell in the template.
        labels = [column.header(model) for column in self.columns]
        plan = list(zip(self.columns, labels, strict=True))
        links = any(column.link for column in self.columns) and hasattr(model, "get_absolute_url")
        self.rows = [
            # One reverse() per row, however many columns link to it (reverse is the costliest
            # step of a cell).
            self._row(obj, plan, getattr(obj, "get_absolute_url")() if links else None)  # noqa: B009
            for obj in rows
        ]

    def _row(
        self, obj: models.Model, plan: Sequence[tuple[Column, str]], url: str | None
    ) -> list[Cell]:
        return [self._cell(obj, column, label, url=url) for column, label in plan]

    def _cell(
        self, obj: models.Model, column: Column, label: str = "", *, url: str | None = None
    ) -> Cell:
        text = text_value(raw_value(obj, column.name))
        if column.link and url is None and hasattr(obj, "get_absolute_url"):
            url = obj.get_absolute_url()
        return Cell(text or "—", url if column.link else None, label)

    @property
    def headers(self) -> list[Header]:
        headers = []
        for column in self.columns:
            field = column.sort_field(self.model)
            label = column.header(self.model)
            if field is None:
                headers.append(Header(label, None, None))
                continue
            direction = (
                "asc" if self.sort == field else "desc" if self.sort == f"-{field}" else None
            )
            next_sort = f"-{field}" if direction == "asc" else field
            query = self.params.copy()
            query["sort"] = next_sort
            query.pop("page", None)
            headers.append(Header(label, f"?{query.urlencode()}", direction))
        return headers


def sortable_fields(model: type[models.Model], columns: Sequence[Column]) -> set[str]:
    return {f for column in columns if (f := column.sort_field(model))}


def export_rows(objects: Iterable[models.Model], columns: Sequence[Column]) -> Iterable[list[str]]:
    for obj in objects:
        yield [text_value(raw_value(obj, column.name)) for column in columns]


def related_paths(model: type[models.Model], columns: Sequence[Column]) -> list[str]:
    """Foreign keys the columns traverse: the list's select_related(), so no query per row."""
    paths = set()
    for column in columns:
        parts = column.name.split(".")
        current = model
        walked: list[str] = []
        for part in parts:
            try:
                field = current._meta.get_field(part)
            except FieldDoesNotExist:
                break
            if not isinstance(field, ForeignKey):
                break
            walked.append(part)
            current = field.related_model  # type: ignore[assignment]
        if walked:
            paths.add("__".join(walked))
    return sorted(paths)


def querystring(params: QueryDict, **changes: Any) -> str:
    query = params.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = str(value)
    return f"?{urlencode(list(query.lists()), doseq=True)}"
