"""Filters of the analysis lists, shared by the list pages, their exports and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from qms.core.filtersets import IdFilter, SearchFilterSet

from .choices import CauseCategory, DispositionKind, DispositionStatus
from .models import Disposition, EightDReport, RootCauseAnalysis


def _nonconformity_filter() -> django_filters.NumberFilter:
    # An id, not a select of every nonconformity (a register may hold 100,000 of them).
    return IdFilter(field_name="nonconformity_id", label=_("Nonconformity (id)"))


class RootCauseAnalysisFilterSet(SearchFilterSet):
    search_fields = ("root_cause", "nonconformity__number", "nonconformity__title")
    nonconformity = _nonconformity_filter()
    cause_category = django_filters.ChoiceFilter(
        choices=CauseCategory.choices, label=_("Cause category")
    )

    class Meta(SearchFilterSet.Meta):
        model = RootCauseAnalysis
        fields = ["q", "nonconformity", "cause_category"]


class EightDReportFilterSet(SearchFilterSet):
    search_fields = ("nonconformity__number", "nonconformity__title", "d2_problem")
    nonconformity = _nonconformity_filter()

    class Meta(SearchFilterSet.Meta):
        model = EightDReport
        fields = ["q", "nonconformity"]


class DispositionFilterSet(SearchFilterSet):
    search_fields = ("nonconformity__number", "notes", "concession_reference")
    nonconformity = _nonconformity_filter()
    kind = django_filters.ChoiceFilter(choices=DispositionKind.choices, label=_("Disposition"))
    status = django_filters.ChoiceFilter(choices=DispositionStatus.choices, label=_("Status"))

    class Meta(SearchFilterSet.Meta):
        model = Disposition
        fields = ["q", "nonconformity", "kind", "status"]
