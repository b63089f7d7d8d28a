from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .audit import AuditEvent, event_types
from .forms import FilterForm
from .querysets import limit_to_organization

# The largest id a database key holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):  # type: ignore[misc]
    """The id of a record (`?audit=12`): a whole number from 1 to the largest key. Anything
    else is the filter's 400, never a value the database driver cannot take (a huge or
    fractional number overflows SQLite's integer and answered 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class SearchFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    """Base FilterSet with a free-text `q` over `search_fields`, for page, API and export."""

    search_fields: tuple[str, ...] = ()
    q = django_filters.CharFilter(method="search", label=_("Search"), max_length=100)

    class Meta:
        form = FilterForm

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Related-object choices come from the request's organization only (a DRF request
        # proxies `organization` to the page request).
        organization = getattr(self.request, "organization", None)
        for filter_ in self.filters.values():
            queryset = getattr(filter_, "queryset", None)
            if isinstance(queryset, QuerySet):
                filter_.queryset = limit_to_organization(queryset, organization)

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


def _event_type_choices() -> list[tuple[str, str]]:
    return sorted((name, f"{name} — {event.description}") for name, event in event_types().items())


class AuditEventFilterSet(SearchFilterSet):
    search_fields = ("subject_label", "actor_label", "event_type", "request_id")
    event_type = django_filters.ChoiceFilter(choices=_event_type_choices, label=_("Event"))
    actor = django_filters.CharFilter(
        field_name="actor_label", lookup_expr="icontains", label=_("Actor"), max_length=254
    )
    subject_type = django_filters.CharFilter(label=_("Subject type"), max_length=100)
    subject_id = django_filters.CharFilter(label=_("Subject id"), max_length=64)
    since = django_filters.DateFilter(
        field_name="created_at",
        lookup_expr="date__gte",
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        field_name="created_at",
        lookup_expr="date__lte",
        label=_("Until"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta(SearchFilterSet.Meta):
        model = AuditEvent
        fields = ["q", "event_type", "actor", "subject_type", "subject_id", "since", "until"]
