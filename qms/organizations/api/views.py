from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from qms.accounts.acting import acting_user
from qms.core.api.viewsets import TenantModelViewSet

from .. import services
from ..filtersets import ProcessFilterSet, SiteFilterSet
from ..models import Organization, Process, Site
from .serializers import (
    OrganizationSerializer,
    ProcessSerializer,
    ProcessWriteSerializer,
    SiteSerializer,
    SiteWriteSerializer,
)


class CurrentOrganizationView(generics.GenericAPIView):  # type: ignore[type-arg]
    """The organization the request acts in (a token's own organization)."""

    queryset = Organization.objects.none()
    serializer_class = OrganizationSerializer

    @property
    def permission_action(self) -> str:
        return "view" if self.request.method in ("GET", "HEAD", "OPTIONS") else "change"

    def get(self, request: Request) -> Response:
        return Response(self.get_serializer(request._request.organization).data)  # type: ignore[attr-defined]

    @extend_schema(request=OrganizationSerializer)
    def patch(self, request: Request) -> Response:
        organization = request._request.organization  # type: ignore[attr-defined]
        serializer = self.get_serializer(organization, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        organization = services.organization_update(
            actor=acting_user(request),
            organization=organization,
            data=serializer.validated_data,
        )
        return Response(self.get_serializer(organization).data)


class SiteViewSet(TenantModelViewSet):
    queryset = Site.objects.all()
    serializer_class = SiteSerializer
    write_serializer_class = SiteWriteSerializer
    filterset_class = SiteFilterSet
    ordering_fields = ["name", "country", "employees", "created_at"]
    ordering = ["name"]

    def perform_create_service(self, data: dict[str, Any]) -> Site:
        return services.site_create(actor=self.actor, organization=self.organization, **data)

    def perform_update_service(self, instance: Site, data: dict[str, Any]) -> Site:
        return services.site_update(actor=self.actor, site=instance, data=data)

    def perform_destroy_service(self, instance: Site) -> None:
        services.site_delete(actor=self.actor, site=instance)


class ProcessViewSet(TenantModelViewSet):
    queryset = Process.objects.all()
    select_related = ("owner", "site")
    serializer_class = ProcessSerializer
    write_serializer_class = ProcessWriteSerializer
    filterset_class = ProcessFilterSet
    ordering_fields = ["name", "code", "created_at"]
    ordering = ["name"]

    def perform_create_service(self, data: dict[str, Any]) -> Process:
        return services.process_create(actor=self.actor, organization=self.organization, **data)

    def perform_update_service(self, instance: Process, data: dict[str, Any]) -> Process:
        return services.process_update(actor=self.actor, process=instance, data=data)

    def perform_destroy_service(self, instance: Process) -> None:
        services.process_delete(actor=self.actor, process=instance)
