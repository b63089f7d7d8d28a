"""Filters of the lists (pages, exports and API): audits, programmes, checklist items and
findings."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.filtersets import SearchFilterSet
from qms.organizations.models import Process

from . import findings
from .choices import ANSWER_CHOICES, AuditStatus, FindingGrade, FindingStatus, ProgrammeStatus
from .models import Audit, AuditProgramme, ChecklistItem, Finding
from .selectors import overdue_audits


class AuditFilterSet(SearchFilterSet):
    search_fields = ("number", "title", "scope")
    status = django_filters.ChoiceFilter(choices=AuditStatus.choices, label=_("Status"))
    process = django_filters.ModelChoiceFilter(
        field_name="processes", queryset=Process.objects.all(), label=_("Process")
    )
    year = django_filters.NumberFilter(
        field_name="planned_month__year", label=_("Year"), min_value=1, max_value=9999
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"), method="filter_overdue", widget=django_filters.widgets.BooleanWidget()
    )

    class Meta(SearchFilterSet.Meta):
        model = Audit
        fields = ["q", "status", "year", "process", "lead_auditor", "programme", "overdue"]

    def filter_overdue(
        self, queryset: QuerySet[Any], name: str, value: bool | None
    ) -> QuerySet[Any]:
        if value is None:
            return queryset
        today = timezone.localdate()
        overdue = overdue_audits(organization=self.request.organization, today=today)
        if value:
            return queryset.filter(pk__in=overdue.values("pk"))
        return queryset.exclude(pk__in=overdue.values("pk"))


class ProgrammeFilterSet(SearchFilterSet):
    search_fields = ("title",)
    status = django_filters.ChoiceFilter(choices=ProgrammeStatus.choices, label=_("Status"))

    class Meta(SearchFilterSet.Meta):
        model = AuditProgramme
        fields = ["q", "year", "status"]


class _ByAuditFilterSet(SearchFilterSet):
    """`audit`: an audit's number or its id (the links from an audit and its checklist pass
    ?audit=<id>). A text box, not a select of every audit: the select grew with the number
    of audits (20,000 audits: a 1.2 MB page taking 2 s)."""

    audit = django_filters.CharFilter(
        method="filter_audit",
        label=_("Audit"),
        max_length=30,
        widget=forms.TextInput(attrs={"placeholder": "IA-2026-001"}),
    )

    def filter_audit(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        if value.isdigit():
            return queryset.filter(audit_id=int(value))
        return queryset.filter(audit__number=value.upper())  # numbers are upper case


class ChecklistItemFilterSet(_ByAuditFilterSet):
    search_fields = ("question", "notes", "evidence_notes", "clause__number")
    answer = django_filters.ChoiceFilter(
        choices=ANSWER_CHOICES, label=_("Answer"), empty_label=_("Any")
    )

    class Meta(_ByAuditFilterSet.Meta):
        model = ChecklistItem
        fields = ["q", "audit", "answer"]


_OPEN_CHOICES = (("open", _("Open")), ("closed", _("Closed")))


class FindingFilterSet(_ByAuditFilterSet):
    """`state` open: a nonconformity not yet closed in the register (or not yet recorded);
    closed: everything else. `clause` is a clause number and takes its sub-clauses too.
    `status` raised or withdrawn (no filter: both, withdrawn ones labelled in the list)."""

    search_fields = ("number", "statement", "evidence", "audit__number", "nonconformity__number")
    grade = django_filters.ChoiceFilter(choices=FindingGrade.choices, label=_("Grade"))
    status = django_filters.ChoiceFilter(
        choices=FindingStatus.choices, label=_("Raised or withdrawn")
    )
    state = django_filters.ChoiceFilter(
        choices=_OPEN_CHOICES, method="filter_state", label=_("Open or closed")
    )
    clause = django_filters.CharFilter(
        method="filter_clause",
        label=_("Clause"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "7.1"}),
    )

    class Meta(_ByAuditFilterSet.Meta):
        model = Finding
        fields = ["q", "grade", "audit", "status", "state", "clause"]

    def filter_state(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == "open":
            return queryset.filter(findings.open_q())
        if value == "closed":
            return queryset.exclude(findings.open_q())
        return queryset

    def filter_clause(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip().rstrip(".")
        if not value:
            return queryset
        return queryset.filter(Q(clause__number=value) | Q(clause__number__startswith=f"{value}."))
