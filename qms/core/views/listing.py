"""The generic list page: filter, sort, paginate and export one organization-scoped model.

Every list in the product is this view plus declarations (model, columns, filterset). The
list path is what every module copies, so its cost is watched by `bench/`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.views import View
from django_filters import FilterSet

from ..export import csv_response, xlsx_response
from ..htmx import render_page
from ..tables import Column, Table, export_rows, related_paths, sortable_fields
from .generic import TenantViewMixin

PER_PAGE_CHOICES = (10, 25, 50, 100)


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
        page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
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
