"""Filters of the management review list (page, export, API)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from qms.core.filtersets import SearchFilterSet

from .choices import ReviewStatus
from .models import ManagementReview


class ReviewFilterSet(SearchFilterSet):
    search_fields = ("number", "title", "minutes", "conclusion")
    status = django_filters.ChoiceFilter(choices=ReviewStatus.choices, label=_("Status"))
    planned_from = django_filters.DateFilter(
        field_name="planned_on", lookup_expr="gte", label=_("Planned from")
    )
    planned_until = django_filters.DateFilter(
        field_name="planned_on", lookup_expr="lte", label=_("Planned until")
    )

    class Meta(SearchFilterSet.Meta):
        model = ManagementReview
        fields = ["q", "status", "chair", "planned_from", "planned_until"]
