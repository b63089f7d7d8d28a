"""Filters of the decision and certificate lists (pages, export and API)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qms.core.filtersets import SearchFilterSet
from qms.standards.models import StandardEdition

from ..choices import CertificateStatus, DecisionKind, DecisionStatus
from ..models import Certificate, CertificationDecision


def _editions(request: Any) -> QuerySet[StandardEdition]:
    return StandardEdition.objects.select_related("standard").order_by("standard__code", "edition")


class DecisionFilterSet(SearchFilterSet):
    search_fields = ("number", "programme__number", "programme__client__legal_name")
    status = django_filters.ChoiceFilter(choices=DecisionStatus.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=DecisionKind.choices, label=_("Decision on"))

    class Meta(SearchFilterSet.Meta):
        model = CertificationDecision
        fields = ["q", "status", "kind"]


class CertificateFilterSet(SearchFilterSet):
    """`expires_before` / `expires_after`: the expiry date's range (inclusive)."""

    search_fields = ("number", "holder_name", "client__legal_name", "client__number")
    status = django_filters.ChoiceFilter(choices=CertificateStatus.choices, label=_("Status"))
    standard = django_filters.ModelChoiceFilter(
        field_name="editions", queryset=_editions, label=_("Standard")
    )
    expires_after = django_filters.DateFilter(
        field_name="expiry_date", lookup_expr="gte", label=_("Expires on or after")
    )
    expires_before = django_filters.DateFilter(
        field_name="expiry_date", lookup_expr="lte", label=_("Expires on or before")
    )

    class Meta(SearchFilterSet.Meta):
        model = Certificate
        fields = ["q", "status", "standard", "expires_after", "expires_before"]

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("standard") is not None:
            queryset = queryset.distinct()
        return queryset
