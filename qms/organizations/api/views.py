from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from qms.accounts.acting import acting_user
from qms.core.api.transitions import TransitionActionMixin
from qms.core.api.viewsets import IF_MATCH, TenantModelViewSet, expected_version

from .. import services
from ..filtersets import ProcessFilterSet, SiteFilterSet
from ..models import Organization
from ..specs import PROCESS, SITE
from .serializers import (
    OrganizationSerializer,
    OrganizationWriteSerializer,
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

    def _read(self, organization: Organization) -> Response:
        response = Response(self.get_serializer(organization).data)
        response["ETag"] = f'"{organization.version}"'
        return response

    def get(self, request: Request) -> Response:
        return self._read(request._request.organization)  # type: ignore[attr-defined]

    @extend_schema(
        request=OrganizationWriteSerializer,
        responses=OrganizationSerializer,
        parameters=[IF_MATCH],
    )
    def patch(self, request: Request) -> Response:
        organization = request._request.organization  # type: ignore[attr-defined]
        serializer = OrganizationWriteSerializer(
            organization, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        organization = services.organization_update(
            actor=acting_user(request),
            instance=organization,
            data=data,
            version=expected_version(request, data.pop("version", None)),
        )
        return self._read(organization)


class SiteViewSet(TenantModelViewSet):
    spec = SITE
    serializer_class = SiteSerializer
    write_serializer_class = SiteWriteSerializer
    filterset_class = SiteFilterSet
    ordering_fields = ["name", "country", "employees", "created_at"]
    ordering = ["name"]
    create_service = staticmethod(services.site_create)
    update_service = staticmethod(services.site_update)
    delete_service = staticmethod(services.site_delete)


class ProcessViewSet(TransitionActionMixin, TenantModelViewSet):
    """Processes, and their workflow steps (activate, retire) as one transition action."""

    spec = PROCESS
    select_related = ("owner", "site")
    serializer_class = ProcessSerializer
    write_serializer_class = ProcessWriteSerializer
    filterset_class = ProcessFilterSet
    ordering_fields = ["name", "code", "created_at"]
    ordering = ["name"]
    create_service = staticmethod(services.process_create)
    update_service = staticmethod(services.process_update)
    delete_service = staticmethod(services.process_delete)
