"""Filters of the audit list (page, export and API) and of the programme list."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.filtersets import SearchFilterSet
from qms.organizations.models import Process

from .choices import AuditStatus, ProgrammeStatus
from .models import Audit, AuditProgramme
from .selectors import overdue_audits


class AuditFilterSet(SearchFilterSet):
    search_fields = ("number", "title", "scope")
    status = django_filters.ChoiceFilter(choices=AuditStatus.choices, label=_("Status"))
    process = django_filters.ModelChoiceFilter(
        field_name="processes", queryset=Process.objects.all(), label=_("Process")
    )
    year = django_filters.NumberFilter(field_name="planned_month__year", label=_("Year"))
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"), method="filter_overdue", widget=django_filters.widgets.BooleanWidget()
    )

    class Meta(SearchFilterSet.Meta):
        model = Audit
        fields = ["q", "status", "year", "process", "lead_auditor", "programme", "overdue"]

    def filter_overdue(
        self, queryset: QuerySet[Any], name: str, value: bool | None
    ) -> QuerySet[Any]:
        if value is None:
            return queryset
        today = timezone.localdate()
        overdue = overdue_audits(organization=self.request.organization, today=today)
        if value:
            return queryset.filter(pk__in=overdue.values("pk"))
        return queryset.exclude(pk__in=overdue.values("pk"))


class ProgrammeFilterSet(SearchFilterSet):
    search_fields = ("title",)
    status = django_filters.ChoiceFilter(choices=ProgrammeStatus.choices, label=_("Status"))

    class Meta(SearchFilterSet.Meta):
        model = AuditProgramme
        fields = ["q", "year", "status"]
