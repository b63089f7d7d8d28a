"""Filters of the programme list and the audit list (pages, export and API)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.filtersets import SearchFilterSet
from qms.standards.models import StandardEdition

from ..choices import AuditKind, CertAuditStatus, ProgrammeKind, ProgrammeStatus
from ..models import CertAudit, CertificationProgramme, Client
from .selectors import filter_due

MAX_DUE_WITHIN = 3660


def _editions(request: Any) -> QuerySet[StandardEdition]:
    return StandardEdition.objects.select_related("standard").order_by("standard__code", "edition")


class ProgrammeFilterSet(SearchFilterSet):
    search_fields = ("number", "client__legal_name", "client__number")
    client = django_filters.ModelChoiceFilter(queryset=Client.objects.all(), label=_("Client"))
    status = django_filters.ChoiceFilter(choices=ProgrammeStatus.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=ProgrammeKind.choices, label=_("Cycle"))
    standard = django_filters.ModelChoiceFilter(
        field_name="editions", queryset=_editions, label=_("Standard")
    )

    class Meta(SearchFilterSet.Meta):
        model = CertificationProgramme
        fields = ["q", "client", "status", "kind", "standard"]

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("standard") is not None:
            queryset = queryset.distinct()  # the standard joins one row per edition
        return queryset


class CertAuditFilterSet(SearchFilterSet):
    """`due_within=90`: open audits due within 90 days (overdue ones included);
    `overdue=true`: open audits whose due-by date has passed."""

    search_fields = ("programme__number", "programme__client__legal_name", "purpose")
    programme = django_filters.CharFilter(
        method="filter_programme",
        label=_("Programme"),
        max_length=30,
        widget=forms.TextInput(attrs={"placeholder": "CP-2026-0001"}),
        help_text=_("Its number or id."),
    )
    kind = django_filters.ChoiceFilter(choices=AuditKind.choices, label=_("Audit"))
    status = django_filters.ChoiceFilter(choices=CertAuditStatus.choices, label=_("Status"))
    due_within = django_filters.NumberFilter(
        method="filter_due_within",
        label=_("Due within (days)"),
        min_value=0,
        max_value=MAX_DUE_WITHIN,
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label=_("Overdue"),
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta(SearchFilterSet.Meta):
        model = CertAudit
        fields = ["q", "programme", "kind", "status", "due_within", "overdue"]

    def filter_programme(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """A programme's number or id (a text box, not a select that grows with the number
        of programmes)."""
        value = value.strip()
        if not value:
            return queryset
        if value.isdigit():
            return queryset.filter(programme_id=int(value))
        return queryset.filter(programme__number=value.upper())

    def filter_due_within(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value is None:
            return queryset
        return filter_due(queryset, today=timezone.localdate(), within=int(value), overdue=None)

    def filter_overdue(
        self, queryset: QuerySet[Any], name: str, value: bool | None
    ) -> QuerySet[Any]:
        return filter_due(queryset, today=timezone.localdate(), within=None, overdue=value)
