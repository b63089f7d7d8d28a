from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from ..audit import AuditEvent
from ..filtersets import AuditEventFilterSet
from .viewsets import TenantReadOnlyViewSet

_RESOURCES = {
    "me": "api:accounts-me",
    "organization": "api:organizations-current",
    "sites": "api:organizations-site-list",
    "processes": "api:organizations-process-list",
    "members": "api:accounts-membership-list",
    "tokens": "api:accounts-token-list",
    "audit_events": "api:core-auditevent-list",
    "schema": "api:schema",
    "docs": "api:docs",
}


class ApiRootView(APIView):
    """Links to the resources of API v1."""

    @extend_schema(
        responses=inline_serializer(
            "ApiRoot", {name: serializers.URLField() for name in _RESOURCES}
        )
    )
    def get(self, request: Request) -> Response:
        return Response({name: reverse(url, request=request) for name, url in _RESOURCES.items()})


class AuditEventSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    description = serializers.CharField(read_only=True)

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "created_at",
            "actor",
            "actor_label",
            "event_type",
            "description",
            "subject_type",
            "subject_id",
            "subject_label",
            "before",
            "after",
            "data",
            "request_id",
            "ip",
            "chain",
            "sequence",
            "prev_hash",
            "hash",
        ]
        read_only_fields = fields


class AuditEventViewSet(TenantReadOnlyViewSet):
    """The organization's audit trail. Append-only: there is no write endpoint."""

    queryset = AuditEvent.objects.all()
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilterSet
    ordering_fields = ["created_at", "sequence"]
    ordering = ["-created_at"]

    def get_queryset(self) -> Any:
        return super().get_queryset().order_by("-created_at", "-id")
