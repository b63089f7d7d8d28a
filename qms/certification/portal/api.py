"""API of the client portal, under /api/v1/certification/:

- for a portal user (session log-in; they hold no API token, which needs a membership):
  `portal/audits/` and `portal/findings/` (their own clients' only: anything else is 404),
  `portal/findings/<id>/respond/` (correction, root cause, corrective action, files);
- for the body: `portal-accesses/` (list; POST grants a client contact access; `revoke`
  with a reason) and `finding-reviews/<id>/accept|return|verify/` (the auditor's steps).
Refusals: 400 with field errors, 409 for a step the finding's state or the rules refuse.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from qms.core.api.viewsets import TenantReadOnlyViewSet

from ..models import (
    CertAudit,
    CertFinding,
    Client,
    ClientContact,
    FindingResponse,
    PortalAccess,
)
from . import selectors, services
from .serializers import (
    CommentSerializer,
    GrantSerializer,
    PortalAccessSerializer,
    PortalAuditSerializer,
    PortalFindingSerializer,
    PortalRevokeSerializer,
    RespondSerializer,
    ResponseSerializer,
    VerifySerializer,
)


def _field_errors(error: ValidationError) -> ApiValidationError:
    if hasattr(error, "error_dict"):
        return ApiValidationError(error.message_dict)
    return ApiValidationError({"non_field_errors": error.messages})


class _PortalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """Read through the portal selectors (the person's active accesses), not a tenant."""

    permission_classes = [IsAuthenticated]
    pagination_class = None
    lookup_value_regex = r"[0-9]+"

    def get_object(self) -> Any:
        try:
            return self.fetch(self.kwargs["pk"])
        except Http404:
            raise NotFound from None

    def fetch(self, pk: Any) -> Any:
        raise NotImplementedError

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(self.rows(), many=True)
        return Response(serializer.data)

    def rows(self) -> Sequence[Any]:
        raise NotImplementedError


class PortalAuditViewSet(_PortalViewSet):
    """The audits of the clients the signed-in person has portal access for."""

    serializer_class = PortalAuditSerializer
    queryset = CertAudit.objects.none()

    def rows(self) -> Sequence[Any]:
        return selectors.portal_audits(self.request.user)

    def fetch(self, pk: Any) -> Any:
        return selectors.portal_audit_get(self.request.user, pk)


class PortalFindingViewSet(_PortalViewSet):
    """The findings of those clients' audits; `respond` answers a major or minor."""

    serializer_class = PortalFindingSerializer
    queryset = CertFinding.objects.none()
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def rows(self) -> Sequence[Any]:
        return selectors.portal_findings(self.request.user)

    def fetch(self, pk: Any) -> Any:
        return selectors.portal_finding_get(self.request.user, pk)

    @extend_schema(request=RespondSerializer, responses={201: PortalFindingSerializer})
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str | None = None) -> Response:
        finding = self.get_object()
        serializer = RespondSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        files = data.pop("files", [])
        try:
            services.response_submit(actor=request.user, finding=finding, data=data, files=files)  # type: ignore[arg-type]
        except ValidationError as error:
            raise _field_errors(error) from None
        except PermissionDenied as error:
            raise ApiPermissionDenied(str(error)) from None
        return Response(PortalFindingSerializer(self.fetch(finding.pk)).data, status=201)


class PortalAccessViewSet(mixins.CreateModelMixin, TenantReadOnlyViewSet):
    """The body's client portal accesses. POST {contact, email?} gives a contact access;
    `revoke` {reason} ends it."""

    queryset = PortalAccess.objects.all()
    serializer_class = PortalAccessSerializer
    select_related = ("user",)
    ordering = ["client", "id"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().order_by("client_id", "id")

    @extend_schema(request=GrantSerializer, responses={201: PortalAccessSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = GrantSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contact = (
            ClientContact.objects.for_user(request.user, "view", organization=self.organization)
            .filter(pk=serializer.validated_data["contact"])
            .first()
        )
        if contact is None:
            raise ApiValidationError({"contact": ["Choose a contact of one of your clients."]})
        client = Client.objects.for_organization(self.organization).get(pk=contact.client_id)
        try:
            access = services.portal_access_grant(
                actor=self.actor,
                client=client,
                contact=contact,
                email=serializer.validated_data.get("email") or "",
            )
        except ValidationError as error:
            raise _field_errors(error) from None
        return Response(PortalAccessSerializer(access).data, status=201)

    @extend_schema(request=PortalRevokeSerializer, responses={200: PortalAccessSerializer})
    @action(detail=True, methods=["post"], permission_action="revoke")
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        access = self.get_object()
        serializer = PortalRevokeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        revoked = services.portal_access_revoke(
            actor=self.actor, access=access, reason=serializer.validated_data["reason"]
        )
        return Response(PortalAccessSerializer(revoked).data)


class FindingReviewViewSet(TenantReadOnlyViewSet):
    """A finding with the client's responses, and the auditor's steps on it."""

    queryset = CertFinding.objects.all()
    serializer_class = PortalFindingSerializer
    select_related = ("clause", "site")
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().prefetch_related("responses").order_by("audit_id", "id")

    def _pending(self, finding: CertFinding) -> Any:
        pending = selectors.pending_response(finding)
        if pending is None:
            from qms.core.errors import Conflict

            raise Conflict("There is no response awaiting review.")
        return pending

    def _done(self, finding: CertFinding) -> Response:
        fresh = self.get_queryset().get(pk=finding.pk)
        return Response(PortalFindingSerializer(fresh).data)

    @extend_schema(request=CommentSerializer, responses={200: PortalFindingSerializer})
    @action(detail=True, methods=["post"], permission_action="review")
    def accept(self, request: Request, pk: str | None = None) -> Response:
        finding = self.get_object()
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.response_accept(
            actor=self.actor,
            response=self._pending(finding),
            comment=serializer.validated_data["comment"],
        )
        return self._done(finding)

    @extend_schema(request=CommentSerializer, responses={200: PortalFindingSerializer})
    @action(detail=True, methods=["post"], url_path="return", permission_action="review")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        finding = self.get_object()
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.response_return(
                actor=self.actor,
                response=self._pending(finding),
                comment=serializer.validated_data["comment"],
            )
        except ValidationError as error:
            raise _field_errors(error) from None
        return self._done(finding)

    @extend_schema(request=VerifySerializer, responses={200: PortalFindingSerializer})
    @action(detail=True, methods=["post"], permission_action="verify")
    def verify(self, request: Request, pk: str | None = None) -> Response:
        finding = self.get_object()
        serializer = VerifySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            services.finding_verify(
                actor=self.actor,
                finding=finding,
                method=data["method"],
                notes=data["notes"],
                on=data.get("on"),
            )
        except ValidationError as error:
            raise _field_errors(error) from None
        return self._done(finding)


class FindingResponseViewSet(TenantReadOnlyViewSet):
    """The clients' responses (every round), read-only: they are submitted in the portal
    and reviewed through finding-reviews."""

    queryset = FindingResponse.objects.all()
    serializer_class = ResponseSerializer
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().order_by("finding_id", "round")


def register(router: SimpleRouter) -> None:
    """Registers this area's API viewsets on the certification router."""
    router.register("portal/audits", PortalAuditViewSet, basename="portal-audit")
    router.register("portal/findings", PortalFindingViewSet, basename="portal-finding")
    router.register("portal-accesses", PortalAccessViewSet, basename="certification-portalaccess")
    router.register(
        "finding-responses", FindingResponseViewSet, basename="certification-findingresponse"
    )
    router.register("finding-reviews", FindingReviewViewSet, basename="finding-review")
