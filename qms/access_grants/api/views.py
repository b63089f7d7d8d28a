"""API of external access (organization side): grants (list, create, revoke) and evidence
requests (list, read, answer)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from qms.core.api.viewsets import TenantViewSetMixin

from .. import services
from ..choices import RequestStatus
from ..models import AccessGrant, EvidenceRequest
from .serializers import (
    AccessGrantSerializer,
    AccessGrantWriteSerializer,
    AnswerSerializer,
    EvidenceRequestSerializer,
    RevokeSerializer,
)


class AccessGrantViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """Read-only access of external persons. Created by managers (the person's account is
    made if needed), revoked at once with a reason; never deleted."""

    queryset = AccessGrant.objects.none()
    serializer_class = AccessGrantSerializer
    select_related = ("grantee", "granted_by", "revoked_by")
    ordering = ["-starts_at", "-id"]

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        if getattr(self, "action", None) != "list":
            queryset = queryset.prefetch_related("editions", "clauses", "processes")
        return queryset.order_by("-starts_at", "-id")

    def get_serializer_class(self) -> Any:
        if getattr(self, "action", None) == "create":
            return AccessGrantWriteSerializer
        return super().get_serializer_class()

    @extend_schema(request=AccessGrantWriteSerializer, responses={201: AccessGrantSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = AccessGrantWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        grant = services.grant_create(
            actor=self.actor, organization=self.organization, data=dict(serializer.validated_data)
        )
        return Response(AccessGrantSerializer(grant).data, status=201)

    @extend_schema(request=RevokeSerializer, responses={200: AccessGrantSerializer})
    @action(detail=True, methods=["post"], url_path="revoke", permission_action="revoke")
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        """Revoke the access at once (reason required)."""
        grant = self.get_object()
        serializer = RevokeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        revoked = services.grant_revoke(
            actor=self.actor, instance=grant, reason=serializer.validated_data["reason"]
        )
        return Response(AccessGrantSerializer(revoked).data)


class EvidenceRequestViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """Evidence requested by external persons through their access; answered here."""

    queryset = EvidenceRequest.objects.none()
    serializer_class = EvidenceRequestSerializer
    select_related = ("grant",)

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        status = self.request.query_params.get("status")
        if status in RequestStatus.values:
            queryset = queryset.filter(status=status)
        return queryset.order_by("-number", "-id")

    @extend_schema(request=AnswerSerializer, responses={200: EvidenceRequestSerializer})
    @action(detail=True, methods=["post"], url_path="answer", permission_action="answer")
    def answer(self, request: Request, pk: str | None = None) -> Response:
        """Answer an open request (text, optional links to records within the grant's
        scope); files are attached through the attachments API."""
        obj = self.get_object()
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        answered = services.request_answer(
            actor=self.actor,
            instance=obj,
            answer=data["answer"],
            links=data.get("links") or (),
            version=data.get("version"),
        )
        return Response(EvidenceRequestSerializer(answered).data)
