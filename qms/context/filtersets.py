"""Filters of the issue and interested-party lists, shared by the pages, exports and API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import django_filters
from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.filtersets import SearchFilterSet
from qms.core.search import search_filter

from .choices import (
    ContextStatus,
    Influence,
    IssueCategory,
    IssueOrigin,
    PartyType,
    PestleFactor,
    RequirementStatus,
)
from .models import ContextIssue, InterestedParty, InterestedPartyRequirement
from .selectors import review_due_q

_YES_NO = forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))])


class _ReviewedFilterSet(SearchFilterSet):
    status = django_filters.ChoiceFilter(choices=ContextStatus.choices, label=_("Status"))
    climate_related = django_filters.BooleanFilter(label=_("Climate related"), widget=_YES_NO)
    review_due = django_filters.BooleanFilter(
        method="filter_review_due", label=_("Review due"), widget=_YES_NO
    )

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return search_filter(queryset, value)

    def filter_review_due(
        self, queryset: QuerySet[Any], name: str, value: bool | None
    ) -> QuerySet[Any]:
        if value is None:
            return queryset
        days = settings.CONTEXT_REVIEW_REMINDER_DAYS
        due = review_due_q(limit=timezone.localdate() + timedelta(days=days))
        return queryset.filter(due) if value else queryset.exclude(due)


class IssueFilterSet(_ReviewedFilterSet):
    """`q` searches title, description and effect (core.search)."""

    origin = django_filters.ChoiceFilter(
        choices=IssueOrigin.choices, label=_("Internal / external")
    )
    category = django_filters.ChoiceFilter(choices=IssueCategory.choices, label=_("SWOT"))
    pestle = django_filters.ChoiceFilter(choices=PestleFactor.choices, label=_("PESTLE"))

    class Meta(SearchFilterSet.Meta):
        model = ContextIssue
        fields = [
            "q",
            "origin",
            "category",
            "pestle",
            "status",
            "climate_related",
            "review_due",
            "owner",
        ]


class PartyFilterSet(_ReviewedFilterSet):
    """`q` searches name and description (core.search)."""

    party_type = django_filters.ChoiceFilter(choices=PartyType.choices, label=_("Type"))
    influence = django_filters.ChoiceFilter(choices=Influence.choices, label=_("Influence"))

    class Meta(SearchFilterSet.Meta):
        model = InterestedParty
        fields = [
            "q",
            "party_type",
            "influence",
            "status",
            "climate_related",
            "review_due",
            "owner",
        ]


class RequirementFilterSet(SearchFilterSet):
    search_fields = ("requirement", "how_addressed", "party__name")
    status = django_filters.ChoiceFilter(choices=RequirementStatus.choices, label=_("Status"))
    climate_related = django_filters.BooleanFilter(label=_("Climate related"), widget=_YES_NO)

    class Meta(SearchFilterSet.Meta):
        model = InterestedPartyRequirement
        fields = ["q", "party", "status", "climate_related"]
