"""Filters of the audit-time calculations (list page, export and API list)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from qms.core.filtersets import SearchFilterSet

from ..choices import AuditTimeType
from ..models import AuditTimeCalculation, Client

# The standards a calculation names, as stored in its `standards` text ("ISO 9001 + ISO
# 14001"): the three management systems IAF MD 5 gives tables for.
STANDARD_CHOICES = [
    ("ISO 9001", "ISO 9001"),
    ("ISO 14001", "ISO 14001"),
    ("ISO 45001", "ISO 45001"),
]


class AuditTimeCalculationFilterSet(SearchFilterSet):
    search_fields = ("number", "standards", "client__legal_name", "application__number")
    client = django_filters.ModelChoiceFilter(queryset=Client.objects.all(), label=_("Client"))
    standard = django_filters.ChoiceFilter(
        choices=STANDARD_CHOICES, method="filter_standard", label=_("Standard")
    )
    audit_type = django_filters.ChoiceFilter(choices=AuditTimeType.choices, label=_("Audit"))
    # A text box (number or id), not a select of every application: that grows with them.
    application = django_filters.CharFilter(
        method="filter_application",
        label=_("Application"),
        max_length=30,
        widget=forms.TextInput(attrs={"placeholder": "APP-2026-0001"}),
    )

    class Meta(SearchFilterSet.Meta):
        model = AuditTimeCalculation
        fields = ["q", "client", "standard", "audit_type", "application"]

    def filter_application(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        if value.isdigit():
            return queryset.filter(application_id=int(value))
        return queryset.filter(application__number=value.upper())

    def filter_standard(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        # Stored as "ISO 9001:2015 + ISO 14001:2015" (or "ISO 9001" when no edition was
        # named): the code then a colon or a separator, so "ISO 9001" is not "ISO 90010".
        if not value:
            return queryset
        return queryset.filter(
            Q(standards__contains=f"{value}:")
            | Q(standards=value)
            | Q(standards__startswith=f"{value} + ")
            | Q(standards__endswith=f" + {value}")
            | Q(standards__contains=f" + {value} + ")
        )
