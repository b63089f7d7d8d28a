"""API of internal audits: programmes (their processes, planning; approve/revise as
transitions) and audits (list with filters, detail, create, update, follow-up; workflow
steps as transitions). Nothing is deleted: audits are cancelled, programmes revised."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from qms.core.api.transitions import TransitionActionMixin
from qms.core.api.viewsets import TenantModelViewSet, TenantReadOnlyViewSet, expected_version

from .. import selectors, services
from ..filtersets import AuditFilterSet, ProgrammeFilterSet
from ..models import ProgrammeProcess
from ..specs import AUDIT, PROGRAMME
from .serializers import (
    AuditSerializer,
    AuditWriteSerializer,
    FollowUpSerializer,
    ProgrammeProcessSerializer,
    ProgrammeProcessWriteSerializer,
    ProgrammeSerializer,
    ProgrammeWriteSerializer,
)


class ProgrammeViewSet(TransitionActionMixin, TenantModelViewSet):
    """Yearly internal audit programmes with their processes (importance, risk level from
    the risk register, previous result, audits per year)."""

    spec = PROGRAMME
    serializer_class = ProgrammeSerializer
    write_serializer_class = ProgrammeWriteSerializer
    filterset_class = ProgrammeFilterSet
    ordering_fields = ["year", "created_at"]
    ordering = ["-year", "-id"]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]
    create_service = staticmethod(services.programme_create)
    update_service = staticmethod(services.programme_update)

    def get_queryset(self) -> QuerySet[Any]:
        queryset = selectors.programme_list(user=self.request.user, organization=self.organization)
        if getattr(self, "action", None) != "list":
            queryset = queryset.prefetch_related("rows__process")
        return queryset

    @extend_schema(
        request=ProgrammeProcessWriteSerializer, responses={201: ProgrammeProcessSerializer}
    )
    @action(detail=True, methods=["post"], url_path="processes", permission_action="change")
    def processes(self, request: Request, pk: str | None = None) -> Response:
        """Add a process to a draft programme; its facts and frequency are computed (201)."""
        programme = self.get_object()
        serializer = ProgrammeProcessWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("version", None)
        row = services.programme_process_add(actor=self.actor, programme=programme, data=data)
        return Response(ProgrammeProcessSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ProgrammeProcessWriteSerializer, responses={200: ProgrammeProcessSerializer}
    )
    @action(
        detail=True,
        methods=["patch"],
        url_path=r"processes/(?P<row>[0-9]+)",
        permission_action="change",
    )
    def process_update(self, request: Request, pk: str | None = None, row: str = "") -> Response:
        """Change a row's importance, frequency override or notes."""
        programme = self.get_object()
        instance = (
            ProgrammeProcess.objects.for_organization(self.organization)
            .filter(programme=programme, pk=int(row))
            .first()
        )
        if instance is None:
            from rest_framework.exceptions import NotFound

            raise NotFound("This programme has no such process row.")
        serializer = ProgrammeProcessWriteSerializer(
            instance, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = expected_version(request, data.pop("version", None))
        data.pop("process", None)
        updated = services.programme_process_update(
            actor=self.actor, instance=instance, data=data, version=version
        )
        return Response(ProgrammeProcessSerializer(updated).data)

    @extend_schema(request=None, responses={201: AuditSerializer(many=True)})
    @action(detail=True, methods=["post"], url_path="plan", permission_action="plan")
    def plan(self, request: Request, pk: str | None = None) -> Response:
        """Create the planned audits the programme still lacks (idempotent)."""
        programme = self.get_object()
        created = services.programme_plan(actor=self.actor, programme=programme)
        return Response(
            AuditSerializer(created, many=True, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


class AuditViewSet(TransitionActionMixin, TenantModelViewSet):
    """Internal audits. `q` searches number, title and scope; `overdue=true` lists audits
    whose month has passed and that are not done. Never deleted: cancelled with a reason."""

    spec = AUDIT
    serializer_class = AuditSerializer
    write_serializer_class = AuditWriteSerializer
    filterset_class = AuditFilterSet
    ordering_fields = ["number", "planned_month", "status", "reported_on", "created_at"]
    ordering = ["-planned_month", "-id"]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]
    create_service = staticmethod(services.audit_create)
    update_service = staticmethod(services.audit_update)

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "action", None) == "list":
            return selectors.audit_list(user=self.request.user, organization=self.organization)
        return selectors.audit_detail_queryset(
            user=self.request.user, organization=self.organization
        )

    @extend_schema(request=FollowUpSerializer, responses={201: AuditSerializer})
    @action(detail=True, methods=["post"], url_path="follow-up", permission_action="follow_up")
    def follow_up(self, request: Request, pk: str | None = None) -> Response:
        """Plan a follow-up audit of the same processes, criteria and team (201)."""
        audit = self.get_object()
        serializer = FollowUpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = services.audit_follow_up(
            actor=self.actor,
            audit=audit,
            planned_month=serializer.validated_data.get("planned_month"),
        )
        return self._read(self.get_queryset().get(pk=created.pk), status.HTTP_201_CREATED)


class ProgrammeProcessViewSet(TenantReadOnlyViewSet):
    """The processes of the programmes, read-only here: add and change them through
    /audit-programmes/{id}/processes/ (a change of an approved programme is refused)."""

    queryset = ProgrammeProcess.objects.none()
    serializer_class = ProgrammeProcessSerializer
    ordering_fields = ["id"]
    ordering = ["id"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Any]:
        return ProgrammeProcess.objects.for_user(
            self.request.user, "view", organization=self.organization
        ).select_related("process")
