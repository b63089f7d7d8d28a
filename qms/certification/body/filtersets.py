"""Filters of the body's lists (pages, exports and API): accreditations, scope lines and
auditor qualifications."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.accounts.models import User
from qms.core.filtersets import SearchFilterSet
from qms.standards.models import Standard, StandardEdition

from ..choices import AccreditationStatus, AuditorGrade
from ..models import Accreditation, AccreditationScope, AuditorQualification
from . import selectors


class AccreditationFilterSet(SearchFilterSet):
    search_fields = ("accreditation_body", "number", "standard_basis")
    status = django_filters.ChoiceFilter(choices=AccreditationStatus.choices, label=_("Status"))

    class Meta(SearchFilterSet.Meta):
        model = Accreditation
        fields = ["q", "status"]


class ScopeFilterSet(SearchFilterSet):
    search_fields = ("accreditation__accreditation_body", "accreditation__number", "exclusions")
    accreditation = django_filters.ModelChoiceFilter(
        queryset=Accreditation.objects.all(), label=_("Accreditation")
    )
    edition = django_filters.ModelChoiceFilter(
        queryset=StandardEdition.objects.select_related("standard").order_by(
            "standard__code", "edition"
        ),
        label=_("Standard"),
    )

    class Meta(SearchFilterSet.Meta):
        model = AccreditationScope
        fields = ["q", "accreditation", "edition"]


class QualificationFilterSet(SearchFilterSet):
    """`expiring_within=<days>`: still valid today and ending within that many days;
    `expired=true`: ended before today (`false`: not ended)."""

    search_fields = ("person__full_name", "person__email", "standard__code", "evidence")
    person = django_filters.ModelChoiceFilter(
        queryset=User.objects.order_by("full_name", "email"), label=_("Person")
    )
    standard = django_filters.ModelChoiceFilter(
        queryset=Standard.objects.order_by("code"), label=_("Standard")
    )
    grade = django_filters.ChoiceFilter(choices=AuditorGrade.choices, label=_("Grade"))
    expiring_within = django_filters.NumberFilter(
        method="filter_expiring_within",
        label=_("Expiring within (days)"),
        min_value=0,
        max_value=3660,
    )
    expired = django_filters.BooleanFilter(
        method="filter_expired",
        label=_("Expired"),
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta(SearchFilterSet.Meta):
        model = AuditorQualification
        fields = ["q", "person", "standard", "grade", "expiring_within", "expired"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only people who hold a certification-body role can hold a qualification.
        person: Any = self.filters["person"]
        person.queryset = person.queryset.filter(
            pk__in=selectors.cb_member_ids(organization=getattr(self.request, "organization", None))
        )

    def filter_expiring_within(
        self, queryset: QuerySet[Any], name: str, value: Any
    ) -> QuerySet[Any]:
        if value is None:
            return queryset
        today = timezone.localdate()
        return queryset.filter(
            valid_until__gte=today, valid_until__lte=today + dt.timedelta(days=int(value))
        )

    def filter_expired(
        self, queryset: QuerySet[Any], name: str, value: bool | None
    ) -> QuerySet[Any]:
        if value is None:
            return queryset
        today = timezone.localdate()
        return (
            queryset.filter(valid_until__lt=today)
            if value
            else queryset.filter(valid_until__gte=today)
        )
