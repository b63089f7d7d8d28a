"""The register's filters, shared by the list page, its export and the API."""

from __future__ import annotations

import copy
from typing import Any

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.filtersets import IdFilter, SearchFilterSet
from qms.core.search import search_filter

from .choices import NonconformitySource, NonconformityStatus, Severity
from .models import EffectivenessCheck, Nonconformity
from .selectors import reported_between


class _CheapCopy:
    """Each request's FilterSet deep-copies its class's filters (django-filter); for a
    register with a dozen filters that copying (of choices and lazy labels) was the largest
    cost of the API page. A filter's own state is its `extra` (queryset, choices, widget
    options): a shallow copy with its own `extra` is as independent as the deep one."""

    extra: dict[str, Any]

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        clone = copy.copy(self)
        clone.extra = dict(self.extra)
        method = getattr(self, "_method", None)
        if method:
            clone.method = method  # type: ignore[attr-defined]  # a FilterMethod bound to the clone
        memo[id(self)] = clone
        return clone


class ChoiceFilter(_CheapCopy, django_filters.ChoiceFilter):  # type: ignore[misc]
    pass


class DateFilter(_CheapCopy, django_filters.DateFilter):  # type: ignore[misc]
    pass


class ModelChoiceFilter(_CheapCopy, django_filters.ModelChoiceFilter):  # type: ignore[misc]
    pass


class CharFilter(_CheapCopy, django_filters.CharFilter):  # type: ignore[misc]
    pass


def _members() -> QuerySet[Any]:
    from qms.accounts.models import User

    return User.objects.all()


def _processes() -> QuerySet[Any]:
    from qms.organizations.models import Process

    return Process.objects.all()


OPEN_CLOSED = (("open", _("Open")), ("closed", _("Closed")))
VERIFICATION = (("overdue", _("Effectiveness check overdue")),)


def _risks() -> QuerySet[Any]:
    from qms.risks.models import Risk

    return Risk.objects.only("id", "number", "title").order_by("number")


def _clause_queryset() -> QuerySet[Any]:
    from qms.standards.models import Clause

    # Only what an option shows: the form renders every adopted clause on every page.
    return Clause.objects.only("id", "number", "title", "label", "edition_id").order_by(
        "edition_id", "sort_key"
    )


class NonconformityFilterSet(SearchFilterSet):
    """`q` searches number, title and description through the full-text index."""

    # Methods that read nothing of the FilterSet: the API's fast path may apply them
    # without building it (qms.core.api.lists).
    simple_methods = ("filter_state", "filter_verification")
    q = CharFilter(method="search", label=_("Search"), max_length=100)
    status = ChoiceFilter(choices=NonconformityStatus.choices, label=_("Status"))
    severity = ChoiceFilter(choices=Severity.choices, label=_("Severity"))
    source = ChoiceFilter(choices=NonconformitySource.choices, label=_("Source"))
    process = ModelChoiceFilter(queryset=_processes(), label=_("Process"))
    owner = ModelChoiceFilter(queryset=_members(), label=_("Responsible person"))
    state = ChoiceFilter(choices=OPEN_CLOSED, method="filter_state", label=_("Open or closed"))
    verification = ChoiceFilter(
        choices=VERIFICATION, method="filter_verification", label=_("Verification")
    )
    detected_after = DateFilter(
        method="filter_detected_after",
        label=_("Detected from"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    detected_before = DateFilter(
        method="filter_detected_before",
        label=_("Detected until"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    clause = ModelChoiceFilter(queryset=_clause_queryset, method="filter_clause", label=_("Clause"))
    risk = ModelChoiceFilter(queryset=_risks, label=_("Risk"))

    class Meta(SearchFilterSet.Meta):
        model = Nonconformity
        fields = [
            "q",
            "status",
            "severity",
            "source",
            "process",
            "owner",
            "state",
            "verification",
            "detected_after",
            "detected_before",
            "clause",
            "risk",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from qms.standards.models import OrganizationStandard

        organization = getattr(self.request, "organization", None)
        editions = OrganizationStandard.objects.for_organization(organization).values("edition_id")
        self.filters["clause"].queryset = _clause_queryset().filter(edition_id__in=editions)
        self.filters["risk"].queryset = _risks().filter(organization=organization)

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return search_filter(queryset, value)

    def filter_state(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == "open":
            return queryset.exclude(status=NonconformityStatus.CLOSED)
        if value == "closed":
            return queryset.filter(status=NonconformityStatus.CLOSED)
        return queryset

    def filter_detected_after(self, queryset: QuerySet[Any], name: str, value: Any) -> Any:
        return reported_between(queryset, start=value)

    def filter_detected_before(self, queryset: QuerySet[Any], name: str, value: Any) -> Any:
        return reported_between(queryset, end=value)

    def filter_verification(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """Overdue: the planned check date has passed and effectiveness is not verified yet."""
        if value == "overdue":
            return queryset.filter(verification_due__lt=timezone.localdate()).exclude(
                status__in=(NonconformityStatus.VERIFIED, NonconformityStatus.CLOSED)
            )
        return queryset

    def filter_clause(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value is None:
            return queryset
        from qms.standards.models import ClauseEvidence

        linked = (
            ClauseEvidence.objects.for_organization(getattr(self.request, "organization", None))
            .filter(clause=value, content_type=ContentType.objects.get_for_model(Nonconformity))
            .values("object_id")
        )
        return queryset.filter(pk__in=linked)


class EffectivenessCheckFilterSet(SearchFilterSet):
    search_fields = ("nonconformity__number", "nonconformity__title", "notes")
    effective = django_filters.BooleanFilter(
        label=_("Effective"),
        widget=forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]),
    )
    nonconformity = IdFilter(field_name="nonconformity_id", label=_("Nonconformity id"))

    class Meta(SearchFilterSet.Meta):
        model = EffectivenessCheck
        fields = ["q", "effective", "nonconformity", "cycle"]
