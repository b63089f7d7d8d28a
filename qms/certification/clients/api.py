"""API of clients (with their consent and organization link), client sites and contacts,
applications (their review workflow as transitions: review, accept, decline, withdraw) and
pre-transfer reviews, under /api/v1/certification/. Clients, applications and reviews are
never deleted (a former client; a declined or withdrawn application); a site or contact is
removed with an audit event, a site named by an application is refused (409)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from qms.core.api.transitions import TransitionActionMixin
from qms.core.api.viewsets import TenantModelViewSet, expected_version

from . import services
from .filtersets import (
    ApplicationFilterSet,
    ClientContactFilterSet,
    ClientFilterSet,
    ClientSiteFilterSet,
    TransferReviewFilterSet,
)
from .serializers import (
    ApplicationSerializer,
    ApplicationWriteSerializer,
    ClientContactSerializer,
    ClientContactWriteSerializer,
    ClientSerializer,
    ClientSiteSerializer,
    ClientSiteWriteSerializer,
    ClientWriteSerializer,
    ConsentSerializer,
    LinkSerializer,
    TransferReviewSerializer,
    TransferReviewWriteSerializer,
)
from .specs import APPLICATION, CLIENT, CLIENT_CONTACT, CLIENT_SITE, TRANSFER_REVIEW

NO_DELETE = ["get", "post", "patch", "head", "options"]


class ClientViewSet(TenantModelViewSet):
    """Clients of the certification body. `q` searches names and number; `status`,
    `iaf_code` and `standard` (an edition id) filter. Never deleted: a former client."""

    spec = CLIENT
    serializer_class = ClientSerializer
    write_serializer_class = ClientWriteSerializer
    filterset_class = ClientFilterSet
    ordering_fields = ["legal_name", "number", "created_at"]
    ordering = ["legal_name", "id"]
    lookup_value_regex = r"[0-9]+"
    http_method_names = NO_DELETE
    select_related = ("linked_organization",)
    create_service = staticmethod(services.client_create)
    update_service = staticmethod(services.client_update)

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        if getattr(self, "action", None) != "list":
            queryset = queryset.prefetch_related("iaf_codes", "standards_requested")
        return queryset

    @extend_schema(request=ConsentSerializer, responses={200: ClientSerializer})
    @action(detail=True, methods=["post"], url_path="consent", permission_action="change")
    def consent(self, request: Request, pk: str | None = None) -> Response:
        """Record the client's consent to public listing, or its withdrawal (the day is
        recorded; the audit trail keeps every earlier answer)."""
        client = self.get_object()
        serializer = ConsentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        saved = services.client_set_consent(
            actor=self.actor,
            instance=client,
            consent=data["consent"],
            version=expected_version(request, data.get("version")),
        )
        return self._read(self.get_queryset().get(pk=saved.pk), 200)

    @extend_schema(request=LinkSerializer, responses={200: ClientSerializer})
    @action(detail=True, methods=["post"], url_path="link", permission_action="change")
    def link(self, request: Request, pk: str | None = None) -> Response:
        """Record the client's own organization in this installation by its short name; its
        name must be one of the client's names. The link grants nothing: only the
        organization's name is shown."""
        client = self.get_object()
        serializer = LinkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        saved = services.client_link_organization(
            actor=self.actor,
            instance=client,
            slug=data["slug"],
            version=expected_version(request, data.get("version")),
        )
        return self._read(self.get_queryset().get(pk=saved.pk), 200)


class ClientSiteViewSet(TenantModelViewSet):
    """Sites of clients with their personnel and shifts. A site named by an application or a
    certification audit is not removed (409)."""

    spec = CLIENT_SITE
    serializer_class = ClientSiteSerializer
    write_serializer_class = ClientSiteWriteSerializer
    filterset_class = ClientSiteFilterSet
    ordering_fields = ["name", "personnel", "created_at"]
    ordering = ["client", "-is_central_function", "name", "id"]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    create_service = staticmethod(services.client_site_create)
    update_service = staticmethod(services.client_site_update)
    delete_service = staticmethod(services.client_site_remove)


class ClientContactViewSet(TenantModelViewSet):
    spec = CLIENT_CONTACT
    serializer_class = ClientContactSerializer
    write_serializer_class = ClientContactWriteSerializer
    filterset_class = ClientContactFilterSet
    ordering_fields = ["name", "created_at"]
    ordering = ["client", "-is_primary", "name", "id"]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    create_service = staticmethod(services.client_contact_create)
    update_service = staticmethod(services.client_contact_update)
    delete_service = staticmethod(services.client_contact_remove)


class ApplicationViewSet(TransitionActionMixin, TenantModelViewSet):
    """Applications for certification (ISO/IEC 17021-1 §9.1.2). Filters: `status`, `type`,
    `client` (number or id), `standard` (edition id), `q`. The review is a workflow:
    `review` stores the competence and scope check; `accept` is refused unless the body is
    competent and the request is inside the accredited scope (or marked non-accredited with
    a reason) and, for a transfer, the pre-transfer review passed; `decline` and `withdraw`
    need a reason."""

    spec = APPLICATION
    serializer_class = ApplicationSerializer
    write_serializer_class = ApplicationWriteSerializer
    filterset_class = ApplicationFilterSet
    ordering_fields = ["received_on", "number", "created_at"]
    ordering = ["-received_on", "-id"]
    lookup_value_regex = r"[0-9]+"
    http_method_names = NO_DELETE
    select_related = ("client",)
    create_service = staticmethod(services.application_create)
    update_service = staticmethod(services.application_update)

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        if getattr(self, "action", None) != "list":
            queryset = queryset.prefetch_related("editions", "iaf_codes", "sites")
        return queryset

    @extend_schema(request=None, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"], url_path="recheck", permission_action="review")
    def recheck(self, request: Request, pk: str | None = None) -> Response:
        """Repeat the review's competence and scope check (an application under review)."""
        application = self.get_object()
        services.application_recheck(actor=self.actor, instance=application)
        return self._read(self.get_queryset().get(pk=application.pk), 200)


class TransferReviewViewSet(TenantModelViewSet):
    """Pre-transfer reviews (IAF MD 2) of transfer applications, one per application."""

    spec = TRANSFER_REVIEW
    serializer_class = TransferReviewSerializer
    write_serializer_class = TransferReviewWriteSerializer
    filterset_class = TransferReviewFilterSet
    ordering_fields = ["reviewed_on", "created_at"]
    ordering = ["application", "id"]
    lookup_value_regex = r"[0-9]+"
    http_method_names = NO_DELETE
    create_service = staticmethod(services.transfer_review_create)
    update_service = staticmethod(services.transfer_review_update)


def register(router: SimpleRouter) -> None:
    router.register("clients", ClientViewSet, basename="certification-client")
    router.register("client-sites", ClientSiteViewSet, basename="certification-clientsite")
    router.register("client-contacts", ClientContactViewSet, basename="certification-clientcontact")
    router.register("applications", ApplicationViewSet, basename="certification-application")
    router.register(
        "transfer-reviews", TransferReviewViewSet, basename="certification-transferreview"
    )


__all__ = ["register"]
