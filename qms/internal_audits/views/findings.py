"""Findings pages: the list across audits (filters, CSV/XLSX export) and one finding."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from qms.core.filtersets import SearchFilterSet
from qms.core.selectors import subject_history
from qms.core.tables import Column
from qms.core.views.generic import TenantViewMixin
from qms.core.views.listing import ObjectListView

from .. import findings
from ..choices import FindingGrade, FindingStatus
from ..models import Finding

_OPEN_CHOICES = (("open", gettext_lazy("Open")), ("closed", gettext_lazy("Closed")))


class FindingFilterSet(SearchFilterSet):
    """`state` open: a nonconformity not yet closed in the register (or not yet recorded);
    closed: everything else. `clause` is a clause number and takes its sub-clauses too.
    `status` raised or withdrawn (no filter: both, withdrawn ones labelled in the list)."""

    search_fields = ("number", "statement", "evidence", "audit__number", "nonconformity__number")
    grade = django_filters.ChoiceFilter(choices=FindingGrade.choices, label=gettext_lazy("Grade"))
    # A text box, not a select of every audit: the select grew with the number of audits
    # (20,000 audits: a 1.2 MB page taking 2 s). An audit's number or its id (the links
    # from an audit and its checklist pass ?audit=<id>).
    audit = django_filters.CharFilter(
        method="filter_audit",
        label=gettext_lazy("Audit"),
        max_length=30,
        widget=forms.TextInput(attrs={"placeholder": "IA-2026-001"}),
    )
    status = django_filters.ChoiceFilter(
        choices=FindingStatus.choices, label=gettext_lazy("Raised or withdrawn")
    )
    state = django_filters.ChoiceFilter(
        choices=_OPEN_CHOICES, method="filter_state", label=gettext_lazy("Open or closed")
    )
    clause = django_filters.CharFilter(
        method="filter_clause",
        label=gettext_lazy("Clause"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "7.1"}),
    )

    class Meta(SearchFilterSet.Meta):
        model = Finding
        fields = ["q", "grade", "audit", "status", "state", "clause"]

    def filter_state(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == "open":
            return queryset.filter(findings.open_q())
        if value == "closed":
            return queryset.exclude(findings.open_q())
        return queryset

    def filter_audit(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        if value.isdigit():
            return queryset.filter(audit_id=int(value))
        return queryset.filter(audit__number=value.upper())  # numbers are upper case

    def filter_clause(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip().rstrip(".")
        if not value:
            return queryset
        return queryset.filter(Q(clause__number=value) | Q(clause__number__startswith=f"{value}."))


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


urlpatterns = [
    path("findings/", FindingListView.as_view(), name="finding_list"),
    path("findings/<int:pk>/", FindingDetailView.as_view(), name="finding_detail"),
]
