from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.filtersets import SearchFilterSet

from .models import Process, Site


class SiteFilterSet(SearchFilterSet):
    search_fields = ("name", "address")
    country = django_filters.CharFilter(lookup_expr="iexact", label=_("Country"), max_length=2)
    is_head_office = django_filters.BooleanFilter(
        label=_("Head office"),
        widget=forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]),
    )

    class Meta(SearchFilterSet.Meta):
        model = Site
        fields = ["q", "country", "is_head_office"]


class ProcessFilterSet(SearchFilterSet):
    search_fields = ("name", "code", "purpose")

    class Meta(SearchFilterSet.Meta):
        model = Process
        fields = ["q", "site", "owner"]
