from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from ..audit import AuditEvent
from ..checks import api_routes
from ..filtersets import AuditEventFilterSet
from .viewsets import TenantReadOnlyViewSet


def api_links(request: Request | None = None) -> dict[str, str]:
    """Every resource of the `api` URL namespace, read from the URLconf: each router's list
    route (`organizations-site-list` → "organizations-site") and each named view without
    arguments (`accounts-me`, `schema`, `docs`). A module's router is listed as soon as it is
    included in qms/api_urls.py; nothing here is kept by hand."""
    links: dict[str, str] = {}
    for name, callback in api_routes():
        if not name or name == "root":
            continue
        if getattr(callback, "actions", None) is not None:  # a viewset route
            if not name.endswith("-list"):
                continue
            key = name.removesuffix("-list")
        else:
            key = name
        try:
            links[key] = reverse(f"api:{name}", request=request)
        except NoReverseMatch:
            continue  # a view that needs arguments is reached from its parent resource
    return links


class ApiRootView(APIView):
    """Links to the resources of API v1."""

    tenant_permission_exempt = "API root: links only, no tenant data"

    @extend_schema(
        responses={
            200: {
                "type": "object",
                "description": "Resource name → URL, one entry per registered router and view.",
                "additionalProperties": {"type": "string", "format": "uri"},
            }
        }
    )
    def get(self, request: Request) -> Response:
        return Response(api_links(request))


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

    queryset = AuditEvent.objects.none()  # names the model; rows come from for_user()
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilterSet
    ordering_fields = ["created_at", "sequence"]
    ordering = ["-created_at"]

    def get_queryset(self) -> Any:
        return super().get_queryset().order_by("-created_at", "-id")
