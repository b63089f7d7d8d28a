"""FilterSets of the standards app, shared by pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qms.core.filtersets import IdFilter, SearchFilterSet

from .choices import ClauseKind, EditionStatus
from .models import Clause, ClauseEvidence, StandardEdition


class EditionFilterSet(SearchFilterSet):
    search_fields = ("standard__code", "standard__title", "edition")
    status = django_filters.ChoiceFilter(choices=EditionStatus.choices, label=_("Status"))

    class Meta(SearchFilterSet.Meta):
        model = StandardEdition
        fields = ["q", "status", "standard"]


class ClauseFilterSet(SearchFilterSet):
    search_fields = ("number", "title", "label", "guidance")
    kind = django_filters.ChoiceFilter(choices=ClauseKind.choices, label=_("Kind"))
    number = django_filters.CharFilter(label=_("Number"), max_length=20)
    edition_urn = django_filters.CharFilter(
        field_name="edition__urn", label=_("Edition URN"), max_length=120
    )

    class Meta(SearchFilterSet.Meta):
        model = Clause
        fields = ["q", "edition", "edition_urn", "number", "kind", "theme"]


class EvidenceFilterSet(SearchFilterSet):
    subject_type = django_filters.CharFilter(
        method="filter_subject_type", label=_("Subject type"), max_length=100
    )
    subject_id = IdFilter(field_name="object_id", label=_("Subject id"))
    reviewed = django_filters.BooleanFilter(
        field_name="reviewed_at", lookup_expr="isnull", exclude=True, label=_("Reviewed")
    )

    class Meta(SearchFilterSet.Meta):
        model = ClauseEvidence
        fields = ["clause", "subject_type", "subject_id", "reviewed"]

    def filter_subject_type(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """`organizations.process`: app label and model name of the linked record."""
        app_label, _dot, model = value.lower().partition(".")
        try:
            content_type = ContentType.objects.get_by_natural_key(app_label, model)
        except ContentType.DoesNotExist:
            return queryset.none()
        return queryset.filter(content_type=content_type)
