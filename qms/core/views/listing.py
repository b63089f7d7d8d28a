"""The generic list page: filter, sort, paginate and export one organization-scoped model.

Every list in the product is this view plus declarations (model, columns, filterset). The
list path is what every module copies, so its cost is watched by `bench/`.

The page never counts the whole table: an exact COUNT reads every row of the organization,
so its cost grows with the table while the page's does not. The count is bounded instead
(at most COUNT_LIMIT + 1 rows are counted, through a LIMIT subquery), and the page shows
"1-25 of 1,000+" beyond it, with Previous/Next links. Below the bound it is exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil
from typing import Any, ClassVar

from django.db import models
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.views import View
from django_filters import FilterSet

from ..export import csv_response, xlsx_response
from ..htmx import render_page
from ..querysets import MAX_ROW_OFFSET
from ..tables import Column, Table, export_rows, related_paths, sortable_fields
from ..widgets import speed_up_selects
from .generic import TenantViewMixin

PER_PAGE_CHOICES = (10, 25, 50, 100)
COUNT_LIMIT = 1000  # rows counted at most; beyond it the page says "of 1,000+"


@dataclass(frozen=True)
class ListPage:
    """One page of a list and what is known about the total without a full COUNT."""

    number: int
    per_page: int
    object_list: list[Any]
    total: int  # exact when `exact`, else COUNT_LIMIT + 1 ("more than COUNT_LIMIT")
    exact: bool
    has_next: bool  # one row past the page was read to know

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.object_list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def num_pages(self) -> int | None:
        """The number of pages when the total is exact (None: "many")."""
        return max(ceil(self.total / self.per_page), 1) if self.exact else None

    @property
    def summary(self) -> str:
        """What the page says: "26-50 of 137", "26-50 of 1,000+" or "0 rows" (with an en dash)."""
        if not self.object_list:
            return _("0 rows")
        total = number_format(COUNT_LIMIT if not self.exact else self.total, force_grouping=True)
        return _("%(start)s–%(end)s of %(total)s%(more)s") % {  # noqa: RUF001 - an en dash
            "start": number_format(self.start_index, force_grouping=True),
            "end": number_format(self.end_index, force_grouping=True),
            "total": total,
            "more": "" if self.exact else "+",
        }


def bounded_count(queryset: models.QuerySet[Any], limit: int = COUNT_LIMIT) -> int:
    """Matching rows, counted up to `limit + 1` (a LIMIT subquery: constant cost)."""
    return queryset.order_by().values("pk")[: limit + 1].count()


def list_page(queryset: models.QuerySet[Any], number: str | None, per_page: int) -> ListPage:
    """The requested page (a bad number is page 1; past the end, the last page)."""
    page_number = _int(number, 1)
    page_number = page_number if page_number >= 1 else 1
    total = bounded_count(queryset)
    exact = total <= COUNT_LIMIT
    if exact:
        page_number = min(page_number, max(ceil(total / per_page), 1))
    rows = _rows(queryset, page_number, per_page)
    if not rows and page_number > 1:  # beyond the end of a long list: its true last page
        total = queryset.count()
        exact = True
        page_number = max(ceil(total / per_page), 1)
        rows = _rows(queryset, page_number, per_page)
    return ListPage(page_number, per_page, rows[:per_page], total, exact, len(rows) > per_page)


def _rows(queryset: models.QuerySet[Any], number: int, per_page: int) -> list[Any]:
    start = (number - 1) * per_page
    if start > MAX_ROW_OFFSET:  # no table is that long: the caller falls back to the last page
        return []
    return list(queryset[start : start + per_page + 1])


class ObjectListView(TenantViewMixin, View):
    columns: ClassVar[Sequence[Column]]
    filterset_class: ClassVar[type[FilterSet] | None] = None
    template_name = "core/object_list.html"
    partial_template_name = "core/partials/_object_table.html"
    paginate_by = 25
    title: ClassVar[str | None] = None

    def get_queryset(self) -> models.QuerySet[Any]:
        queryset = self.scoped("view")
        related = related_paths(self.model, self.columns)
        return queryset.select_related(*related) if related else queryset

    def default_sort(self) -> str:
        ordering = self.model._meta.ordering or ["-pk"]
        return str(ordering[0])

    def extra_links(self) -> list[tuple[str, str]]:
        """(label, url) buttons beside "Add" in the page header, e.g. a related list."""
        return []

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.require("view")
        queryset = self.get_queryset()
        filterset = None
        if self.filterset_class is not None:
            filterset = self.filterset_class(
                request.GET or None, queryset=queryset, request=request
            )
            speed_up_selects(filterset.form, owner=self.filterset_class)
            if filterset.is_bound and not filterset.is_valid():
                queryset = queryset.none()
            else:
                queryset = filterset.qs
        allowed = sortable_fields(self.model, self.columns)
        sort = request.GET.get("sort", "")
        if sort.removeprefix("-") not in allowed:  # "--name" is no column (it would crash)
            sort = self.default_sort()
        queryset = queryset.order_by(sort, "-pk" if sort.startswith("-") else "pk")

        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            self.require("export")
            return self.export(queryset, export)

        per_page = _int(request.GET.get("per_page"), self.paginate_by)
        if per_page not in PER_PAGE_CHOICES:
            per_page = self.paginate_by
        page = list_page(queryset, request.GET.get("page"), per_page)
        table = Table(
            model=self.model,
            columns=self.columns,
            rows=page.object_list,
            params=request.GET,
            sort=sort,
        )
        plural = capfirst(str(self.model._meta.verbose_name_plural))
        context = {
            "title": self.title or plural,
            "model_name": self.model._meta.verbose_name,
            "table": table,
            "page": page,
            "filterset": filterset,
            "per_page": per_page,
            "per_page_choices": PER_PAGE_CHOICES,
            "add_url": self.url_for("add") if self.can("add") else None,
            "can_export": self.can("export"),
            "extra_links": self.extra_links(),
            "breadcrumbs": [(_("Home"), reverse("core:dashboard")), (self.title or plural, None)],
        }
        return render_page(
            request, full=self.template_name, partial=self.partial_template_name, context=context
        )

    def export(self, queryset: models.QuerySet[Any], kind: str) -> HttpResponseBase:
        header = [column.header(self.model) for column in self.columns]
        rows = export_rows(queryset.iterator(chunk_size=1000), self.columns)
        stem = slugify(str(self.model._meta.verbose_name_plural))
        if kind == "csv":
            return csv_response(stem, header, rows)
        return xlsx_response(stem, header, rows)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default
