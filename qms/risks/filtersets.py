"""The register's filters, shared by the list page, its export and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.filtersets import SearchFilterSet
from qms.core.search import search_filter
from qms.organizations.models import Process

from .choices import OPEN_STATES, RiskKind, RiskStatus, Treatment
from .heatmap import parse_cell
from .models import Risk
from .selectors import review_overdue_q

_YES_NO = forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))])


class RiskFilterSet(SearchFilterSet):
    """`q` searches number, title, description, cause, effect and benefit (core.search);
    `cell` ("inherent-3-4") is a heat map cell: open risks rated there."""

    kind = django_filters.ChoiceFilter(choices=RiskKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=RiskStatus.choices, label=_("Status"))
    band = django_filters.CharFilter(
        field_name="inherent_band", label=_("Band (inherent)"), max_length=30
    )
    residual_band = django_filters.CharFilter(
        field_name="residual_band", label=_("Band (residual)"), max_length=30
    )
    treatment = django_filters.ChoiceFilter(choices=Treatment.choices, label=_("Treatment"))
    process = django_filters.ModelChoiceFilter(
        field_name="processes",
        queryset=Process.objects.all(),
        label=_("Process"),
        method="filter_process",
    )
    review_overdue = django_filters.BooleanFilter(
        method="filter_review_overdue", label=_("Review overdue"), widget=_YES_NO
    )
    cell = django_filters.CharFilter(
        method="filter_cell", label=_("Heat map cell"), max_length=30, widget=forms.HiddenInput
    )

    class Meta(SearchFilterSet.Meta):
        model = Risk
        fields = [
            "q",
            "kind",
            "status",
            "band",
            "residual_band",
            "treatment",
            "owner",
            "process",
            "review_overdue",
            "cell",
        ]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return search_filter(queryset, value)

    def filter_process(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value is None:
            return queryset
        return queryset.filter(
            pk__in=Risk.processes.through.objects.filter(process_id=value.pk).values("risk_id")
        )

    def filter_review_overdue(
        self, queryset: QuerySet[Any], name: str, value: bool | None
    ) -> QuerySet[Any]:
        if value is None:
            return queryset
        late = review_overdue_q(timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_cell(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        parsed = parse_cell(value)
        if parsed is None:
            return queryset.none() if value else queryset
        which, lik, con = parsed
        return queryset.filter(
            kind=RiskKind.RISK,
            status__in=OPEN_STATES,
            **{f"{which}_likelihood": lik, f"{which}_consequence": con},
        )
