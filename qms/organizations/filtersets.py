from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from qms.core.filtersets import SearchFilterSet

from .choices import ProcessStatus, ProcessType
from .models import Process, Site


class SiteFilterSet(SearchFilterSet):
    search_fields = ("name", "address")
    # An ISO 3166-1 code from the list (a select in the page); an unknown code is a 400.
    country = django_filters.ChoiceFilter(choices=countries, label=_("Country"))
    is_head_office = django_filters.BooleanFilter(
        label=_("Head office"),
        widget=forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]),
    )

    class Meta(SearchFilterSet.Meta):
        model = Site
        fields = ["q", "country", "is_head_office"]


class ProcessFilterSet(SearchFilterSet):
    search_fields = ("name", "code", "purpose")
    status = django_filters.ChoiceFilter(choices=ProcessStatus.choices, label=_("Status"))
    process_type = django_filters.ChoiceFilter(choices=ProcessType.choices, label=_("Type"))

    class Meta(SearchFilterSet.Meta):
        model = Process
        fields = ["q", "status", "process_type", "site", "owner"]
