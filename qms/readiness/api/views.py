"""API of the readiness report: the live report (GET /readiness/) and saved snapshots."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from qms.core.api.viewsets import TenantModelViewSet

from .. import selectors, services
from ..data import report_data
from ..models import ReadinessSnapshot
from .serializers import (
    ReadinessReportSerializer,
    ReadinessSnapshotCreateSerializer,
    ReadinessSnapshotDetailSerializer,
    ReadinessSnapshotSerializer,
)


class ReadinessReportView(APIView):
    """The Stage 1 readiness report of the current organization, computed now."""

    queryset = ReadinessSnapshot.objects.none()

    @extend_schema(responses=ReadinessReportSerializer)
    def get(self, request: Request) -> Response:
        report = selectors.readiness_report(
            organization=request._request.organization,  # type: ignore[attr-defined]
            today=timezone.localdate(),
        )
        return Response(ReadinessReportSerializer(report_data(report)).data)


class SnapshotViewSet(TenantModelViewSet):
    """Saved (frozen) readiness reports, newest first. POST saves the report as it is now;
    a snapshot is never changed or deleted."""

    queryset = ReadinessSnapshot.objects.none()
    serializer_class = ReadinessSnapshotSerializer
    write_serializer_class = ReadinessSnapshotCreateSerializer
    ordering_fields = ["taken_at", "percentage"]
    ordering = ["-taken_at", "-id"]
    http_method_names = ["get", "post", "head", "options"]

    def get_serializer_class(self) -> Any:
        if self.action == "retrieve":
            return ReadinessSnapshotDetailSerializer
        return super().get_serializer_class()

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ReadinessSnapshotDetailSerializer(
            self.get_object(), context=self.get_serializer_context()
        )
        return Response(serializer.data)

    @extend_schema(
        request=ReadinessSnapshotCreateSerializer,
        responses={201: ReadinessSnapshotDetailSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ReadinessSnapshotCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = services.snapshot_save(
            actor=self.actor,
            organization=self.organization,
            today=timezone.localdate(),
            note=serializer.validated_data.get("note", ""),
        )
        return Response(
            ReadinessSnapshotDetailSerializer(item, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )
