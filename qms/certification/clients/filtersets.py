"""Filters of the client, site, contact, application and transfer-review lists (pages,
exports and API)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qms.core.filtersets import SearchFilterSet
from qms.standards.models import IafCode, StandardEdition

from ..choices import ApplicationStatus, ApplicationType, ClientStatus
from ..models import Application, Client, ClientContact, ClientSite, TransferReview


def _editions() -> QuerySet[StandardEdition]:
    return StandardEdition.objects.select_related("standard").order_by("standard__code", "edition")


class ClientFilterSet(SearchFilterSet):
    """`q`: legal or trading name, or number; `iaf_code` and `standard`: requested ones."""

    search_fields = ("legal_name", "trading_name", "number")
    status = django_filters.ChoiceFilter(choices=ClientStatus.choices, label=_("Status"))
    iaf_code = django_filters.ModelChoiceFilter(
        field_name="iaf_codes",
        queryset=IafCode.objects.all(),
        label=_("IAF code"),
        distinct=True,
    )
    standard = django_filters.ModelChoiceFilter(
        field_name="standards_requested",
        queryset=_editions(),
        label=_("Standard"),
        distinct=True,
    )

    class Meta(SearchFilterSet.Meta):
        model = Client
        fields = ["q", "status", "iaf_code", "standard"]


class _ByClientFilterSet(SearchFilterSet):
    """`client`: the client's number (CL-0001) or id; a text box, not a select of every
    client (it would grow with their number)."""

    client = django_filters.CharFilter(method="filter_client", label=_("Client"), max_length=30)

    def filter_client(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        if value.isdigit():
            return queryset.filter(client_id=int(value))
        return queryset.filter(client__number=value.upper())


class ClientSiteFilterSet(_ByClientFilterSet):
    search_fields = ("name", "address", "activities", "client__legal_name")

    class Meta(SearchFilterSet.Meta):
        model = ClientSite
        fields = ["q", "client", "is_central_function"]


class ClientContactFilterSet(_ByClientFilterSet):
    search_fields = ("name", "email", "position", "client__legal_name")

    class Meta(SearchFilterSet.Meta):
        model = ClientContact
        fields = ["q", "client", "is_primary"]


class ApplicationFilterSet(_ByClientFilterSet):
    """`q`: number, client name or scope; `standard`: one of the requested editions."""

    search_fields = ("number", "client__legal_name", "scope")
    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices, label=_("Status"))
    type = django_filters.ChoiceFilter(choices=ApplicationType.choices, label=_("Type"))
    standard = django_filters.ModelChoiceFilter(
        field_name="editions", queryset=_editions(), label=_("Standard"), distinct=True
    )

    class Meta(SearchFilterSet.Meta):
        model = Application
        fields = ["q", "status", "type", "client", "standard"]


class TransferReviewFilterSet(SearchFilterSet):
    search_fields = ("issuing_body", "certificate_number", "application__number")

    class Meta(SearchFilterSet.Meta):
        model = TransferReview
        fields = ["q", "certificate_status", "issuing_body_mla_signatory"]
