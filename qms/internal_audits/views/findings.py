"""Findings pages: the list across audits (filters, CSV/XLSX export) and one finding."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from qms.core.selectors import subject_history
from qms.core.tables import Column
from qms.core.views.generic import TenantViewMixin
from qms.core.views.listing import ObjectListView

from .. import findings
from ..filtersets import FindingFilterSet
from ..models import Finding

FINDING_COLUMNS = (
    Column("number", link=True, sort="id"),
    Column("audit.number", gettext_lazy("Audit"), sort="audit__number"),
    Column("grade"),
    Column("clause.number", gettext_lazy("Clause"), sort="clause__sort_key"),
    Column("statement", sort=False),
    Column("nonconformity.number", gettext_lazy("Nonconformity"), sort="nonconformity__number"),
    Column("status"),
)
EXPORT_COLUMNS = (
    *FINDING_COLUMNS,
    Column("audit.title", gettext_lazy("Audit title"), sort=False),
    Column("evidence", sort=False),
    Column("nonconformity.status", gettext_lazy("Nonconformity status"), sort=False),
    Column("created_at"),
    Column("withdrawn_at", sort=False),
    Column("withdrawn_reason", sort=False),
)


class FindingListView(ObjectListView):
    model = Finding
    filterset_class = FindingFilterSet
    columns = FINDING_COLUMNS
    title = "Audit findings"

    def get_queryset(self) -> Any:
        return findings.finding_list(user=self.request.user, organization=self.organization)

    def default_sort(self) -> str:
        return "-id"

    def export(self, queryset: Any, kind: str) -> Any:
        from qms.core.export import csv_response, xlsx_response
        from qms.core.tables import export_rows

        header = [column.header(self.model) for column in EXPORT_COLUMNS]
        rows = export_rows(queryset.iterator(chunk_size=1000), EXPORT_COLUMNS)
        if kind == "csv":
            return csv_response("audit-findings", header, rows)
        return xlsx_response("audit-findings", header, rows)

    def extra_links(self) -> list[tuple[str, str]]:
        return [(_("Internal audits"), reverse("internal_audits:audit_list"))]


class FindingDetailView(TenantViewMixin, View):
    model = Finding
    template_name = "internal_audits/findings/finding_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        queryset = findings.finding_list(user=request.user, organization=self.organization)
        finding = get_object_or_404(
            queryset.select_related("checklist_item", "audit__lead_auditor"), pk=pk
        )
        self.require("view")
        audit = finding.audit
        context = {
            "title": _("Finding %(number)s of %(audit)s")
            % {"number": finding.number, "audit": audit.number},
            "finding": finding,
            "audit": audit,
            "item": finding.checklist_item,
            "history": subject_history(subject=finding, limit=50),
            "breadcrumbs": [
                (_("Home"), reverse("core:dashboard")),
                (_("Audit findings"), reverse("internal_audits:finding_list")),
                (f"{audit.number} {finding.number}", None),
            ],
        }
        return render(request, self.template_name, context)
