"""The register of certificate status changes across all certificates: who suspended,
restored, withdrew, reissued or let expire which certificate, when and why. Read-only (the
rows are appended by the certificate's declared steps); a page list and detail, and the API
at /api/v1/certification/certificate-status-changes/.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, viewsets
from rest_framework.routers import SimpleRouter

from qms.core.api.viewsets import TenantViewSetMixin
from qms.core.filtersets import SearchFilterSet
from qms.core.tables import Column
from qms.core.views.generic import ObjectDetailView, ObjectListView

from ..choices import CertificateChange
from ..models import CertificateStatusChange

COLUMNS = (
    Column("on", link=True),
    Column("certificate", sort="certificate__number"),
    Column("certificate.client", label=_("Client"), sort="certificate__client__legal_name"),
    Column("change"),
    Column("from_status"),
    Column("to_status"),
    Column("actor", sort="actor__email"),
    Column("reason"),
)


def status_change_list(*, user: Any, organization: Any) -> QuerySet[CertificateStatusChange]:
    """The changes the user may see, newest first; certificate, client and actor joined."""
    queryset: QuerySet[CertificateStatusChange] = (
        CertificateStatusChange.objects.for_user(user, "view", organization=organization)
        .select_related("certificate__client", "actor")
        .order_by("-on", "-id")
    )
    return queryset


class StatusChangeFilterSet(SearchFilterSet):
    search_fields = ("certificate__number", "certificate__client__legal_name", "reason")
    change = django_filters.ChoiceFilter(choices=CertificateChange.choices, label=_("Change"))
    on_after = django_filters.DateFilter(field_name="on", lookup_expr="gte", label=_("From"))
    on_before = django_filters.DateFilter(field_name="on", lookup_expr="lte", label=_("Until"))

    class Meta(SearchFilterSet.Meta):
        model = CertificateStatusChange
        fields = ["q", "change", "on_after", "on_before"]


class StatusChangeListView(ObjectListView):
    model = CertificateStatusChange
    columns = COLUMNS
    filterset_class = StatusChangeFilterSet
    title = "Certificate status changes"

    def get_queryset(self) -> Any:
        return status_change_list(user=self.request.user, organization=self.organization)


class StatusChangeDetailView(ObjectDetailView):
    model = CertificateStatusChange
    fields = (*COLUMNS[1:], Column("certificate.revision", label=_("Revision")))

    def get_queryset(self) -> Any:
        return status_change_list(user=self.request.user, organization=self.organization)

    def get_object(self) -> Any:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])


urlpatterns = [
    path(
        "certificate-status-changes/",
        StatusChangeListView.as_view(),
        name="certificatestatuschange_list",
    ),
    path(
        "certificate-status-changes/<int:pk>/",
        StatusChangeDetailView.as_view(),
        name="certificatestatuschange_detail",
    ),
]


class StatusChangeSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    certificate_number = serializers.CharField(source="certificate.number", read_only=True)
    revision = serializers.IntegerField(source="certificate.revision", read_only=True)

    class Meta:
        model = CertificateStatusChange
        fields = [
            "id",
            "certificate",
            "certificate_number",
            "revision",
            "change",
            "from_status",
            "to_status",
            "on",
            "reason",
            "actor",
        ]
        read_only_fields = fields


class StatusChangeViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """Every certificate's status history, newest first (read-only)."""

    queryset = CertificateStatusChange.objects.none()
    serializer_class = StatusChangeSerializer
    filterset_class = StatusChangeFilterSet
    ordering_fields = ["on", "id"]
    ordering = ["-on", "-id"]

    def get_queryset(self) -> Any:
        return status_change_list(user=self.request.user, organization=self.organization)


def register(router: SimpleRouter) -> None:
    router.register(
        "certificate-status-changes",
        StatusChangeViewSet,
        basename="certification-certificatestatuschange",
    )
