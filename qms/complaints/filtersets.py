"""The complaint log's filters, shared by the list page, its export and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.filtersets import SearchFilterSet
from qms.core.search import search_filter

from .choices import ComplaintChannel, ComplaintStatus, Justified
from .models import Complaint
from .selectors import received_between

_YES_NO = forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))])
_DATE = forms.DateInput(attrs={"type": "date"})


class ComplaintFilterSet(SearchFilterSet):
    """`q` searches number, customer, reference, contact, description and response through
    the full-text index (core.search)."""

    status = django_filters.ChoiceFilter(choices=ComplaintStatus.choices, label=_("Status"))
    channel = django_filters.ChoiceFilter(choices=ComplaintChannel.choices, label=_("Channel"))
    justified = django_filters.ChoiceFilter(choices=Justified.choices, label=_("Justified"))
    customer = django_filters.CharFilter(
        field_name="customer_name", lookup_expr="icontains", label=_("Customer"), max_length=200
    )
    received_after = django_filters.DateFilter(
        method="filter_received_after", label=_("Received from"), widget=_DATE
    )
    received_before = django_filters.DateFilter(
        method="filter_received_before", label=_("Received until"), widget=_DATE
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("Acknowledgement overdue"), widget=_YES_NO
    )
    escalated = django_filters.BooleanFilter(
        field_name="nonconformity",
        lookup_expr="isnull",
        exclude=True,
        label=_("Escalated"),
        widget=_YES_NO,
    )

    class Meta(SearchFilterSet.Meta):
        model = Complaint
        fields = [
            "q",
            "status",
            "channel",
            "justified",
            "customer",
            "received_after",
            "received_before",
            "owner",
            "overdue",
            "escalated",
        ]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return search_filter(queryset, value)

    def filter_received_after(self, queryset: QuerySet[Any], name: str, value: Any) -> Any:
        return received_between(queryset, start=value)

    def filter_received_before(self, queryset: QuerySet[Any], name: str, value: Any) -> Any:
        return received_between(queryset, end=value)

    def filter_overdue(
        self, queryset: QuerySet[Any], name: str, value: bool | None
    ) -> QuerySet[Any]:
        if value is None:
            return queryset
        late = {
            "status": ComplaintStatus.RECEIVED,
            "acknowledgement_due__lt": timezone.localdate(),
        }
        return queryset.filter(**late) if value else queryset.exclude(**late)
