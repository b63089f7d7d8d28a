"""Filters of the objective list (page, export, API) and of the measurement list."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.filtersets import SearchFilterSet
from qms.organizations.models import Process

from .choices import MeasurementSource, ObjectiveStatus, Performance, SourceKind
from .models import Measurement, QualityObjective
from .selectors import filter_performance


class ObjectiveFilterSet(SearchFilterSet):
    search_fields = ("number", "title", "description")
    status = django_filters.ChoiceFilter(choices=ObjectiveStatus.choices, label=_("Status"))
    performance = django_filters.ChoiceFilter(
        choices=Performance.choices, label=_("Performance"), method="filter_performance"
    )
    source = django_filters.ChoiceFilter(choices=SourceKind.choices, label=_("Source"))
    process = django_filters.ModelChoiceFilter(
        field_name="processes", queryset=Process.objects.all(), label=_("Process")
    )

    class Meta(SearchFilterSet.Meta):
        model = QualityObjective
        fields = ["q", "status", "performance", "owner", "process", "source"]

    def filter_performance(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if not value:
            return queryset
        return filter_performance(queryset, value, today=timezone.localdate())


class MeasurementFilterSet(SearchFilterSet):
    search_fields = ("objective__number", "note")
    source = django_filters.ChoiceFilter(choices=MeasurementSource.choices, label=_("Source"))

    class Meta(SearchFilterSet.Meta):
        model = Measurement
        fields = ["q", "objective", "source", "voided"]
