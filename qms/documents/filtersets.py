"""The register's filters, shared by the list page, its export and the API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.filtersets import IdFilter, SearchFilterSet
from qms.core.search import search_filter

from .choices import Confidentiality, DocumentStatus, DocumentType, RevisionStatus
from .models import Document, DocumentRevision, NumberingScheme
from .rules import REVIEW_DUE_DAYS
from .selectors.reviews import review_overdue_on

REVIEW_STATES = (("due", _("Review due within 30 days")), ("overdue", _("Review overdue")))


def _clause_queryset() -> QuerySet[Any]:
    from qms.standards.models import Clause

    # Only what an option shows: a filter form renders every adopted clause on every page.
    return Clause.objects.only("id", "number", "title", "label", "edition_id").order_by(
        "edition_id", "sort_key"
    )


class DocumentFilterSet(SearchFilterSet):
    """`q` searches number, title and the text of the effective (or latest) revision through
    the full-text index (core.search)."""

    document_type = django_filters.ChoiceFilter(choices=DocumentType.choices, label=_("Type"))
    status = django_filters.ChoiceFilter(choices=DocumentStatus.choices, label=_("Status"))
    confidentiality = django_filters.ChoiceFilter(
        choices=Confidentiality.choices, label=_("Confidentiality")
    )
    clause = django_filters.ModelChoiceFilter(
        queryset=_clause_queryset, method="filter_clause", label=_("Clause")
    )
    review = django_filters.ChoiceFilter(
        choices=REVIEW_STATES, method="filter_review", label=_("Periodic review")
    )

    class Meta(SearchFilterSet.Meta):
        model = Document
        fields = [
            "q",
            "document_type",
            "status",
            "process",
            "owner",
            "confidentiality",
            "clause",
            "review",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organization = getattr(self.request, "organization", None)
        clause = self.filters["clause"]
        from qms.standards.models import OrganizationStandard

        editions = OrganizationStandard.objects.for_organization(organization).values("edition_id")
        clause.queryset = _clause_queryset().filter(edition_id__in=editions)

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return search_filter(queryset, value)

    def filter_clause(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value is None:
            return queryset
        from qms.standards.models import ClauseEvidence

        linked = (
            ClauseEvidence.objects.for_organization(getattr(self.request, "organization", None))
            .filter(clause=value, content_type=ContentType.objects.get_for_model(Document))
            .values("object_id")
        )
        return queryset.filter(pk__in=linked)

    def filter_review(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        today = timezone.localdate()
        active = queryset.filter(status=DocumentStatus.ACTIVE)
        if value == "overdue":
            return review_overdue_on(queryset, today)
        if value == "due":
            return active.filter(
                next_review_on__gte=today,
                next_review_on__lte=today + timedelta(days=REVIEW_DUE_DAYS),
            )
        return queryset


class RevisionFilterSet(SearchFilterSet):
    search_fields = ("document__number", "document__title", "change_summary")
    status = django_filters.ChoiceFilter(choices=RevisionStatus.choices, label=_("Status"))
    document = IdFilter(field_name="document_id", label=_("Document id"))

    class Meta(SearchFilterSet.Meta):
        model = DocumentRevision
        fields = ["q", "status", "document"]


class NumberingSchemeFilterSet(SearchFilterSet):
    search_fields = ("pattern",)
    document_type = django_filters.ChoiceFilter(choices=DocumentType.choices, label=_("Type"))

    class Meta(SearchFilterSet.Meta):
        model = NumberingScheme
        fields = ["q", "document_type"]
