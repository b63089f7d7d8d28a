"""API of management reviews. Never deleted (cancelled through the workflow). The pack is
compiled with POST compile/; attendance, outputs (decisions, each creating an action of the
shared tracker) and the sections' text are nested actions of a review."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from qms.core.api.transitions import TransitionActionMixin
from qms.core.api.viewsets import TenantModelViewSet, TenantReadOnlyViewSet

from .. import selectors, services
from ..filtersets import ReviewFilterSet
from ..models import Attendance, InputSection, Output
from ..specs import REVIEW
from .serializers import (
    AttendanceSerializer,
    AttendanceWriteSerializer,
    OutputSerializer,
    OutputWriteSerializer,
    ReviewSerializer,
    ReviewWriteSerializer,
    SectionSerializer,
    SectionTextSerializer,
)


class ReviewViewSet(TransitionActionMixin, TenantModelViewSet):
    """Management reviews (ISO 9001 9.3): compile, hold, approve (signed) and cancel are
    transitions; compile/ also recompiles the pack until the minutes are approved."""

    spec = REVIEW
    select_related = ("chair",)
    serializer_class = ReviewSerializer
    write_serializer_class = ReviewWriteSerializer
    filterset_class = ReviewFilterSet
    ordering_fields = ["planned_on", "number", "created_at"]
    ordering = ["-planned_on", "-id"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    create_service = staticmethod(services.review_create)
    update_service = staticmethod(services.review_update)

    @extend_schema(request=None, responses={200: ReviewSerializer})
    @action(detail=True, methods=["post"], url_path="compile", permission_action="compile")
    def compile_pack(self, request: Request, pk: str | None = None) -> Response:
        """Compile (or recompile) the input pack from the live records of the period."""
        review = services.pack_compile(actor=self.actor, review=self.get_object())
        return Response(ReviewSerializer(review, context=self.get_serializer_context()).data)

    @extend_schema(
        operation_id="management_reviews_review_sections",
        responses={200: SectionSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], url_path="sections", permission_action="view")
    def sections(self, request: Request, pk: str | None = None) -> Response:
        """The input sections of the pack, in 9.3.2 order, as compiled."""
        review = self.get_object()
        rows = selectors.sections_of(review=review)
        return Response(SectionSerializer(rows, many=True).data)

    @extend_schema(request=SectionTextSerializer, responses={200: SectionSerializer})
    @action(detail=True, methods=["post"], url_path="section-text", permission_action="change")
    def section_text(self, request: Request, pk: str | None = None) -> Response:
        """Write the management's text of one section (kept when recompiled)."""
        review = self.get_object()
        serializer = SectionTextSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        section = (
            InputSection.objects.for_organization(review.organization_id)
            .filter(review=review, key=data["key"])
            .first()
        )
        if section is None:
            raise exceptions.ValidationError({"key": ["No such section in this review's pack."]})
        result = services.section_text_update(actor=self.actor, section=section, text=data["text"])
        return Response(SectionSerializer(result).data)

    @extend_schema(
        methods=["GET"],
        operation_id="management_reviews_review_attendance_list",
        request=None,
        responses={200: AttendanceSerializer(many=True)},
    )
    @extend_schema(
        methods=["POST"],
        operation_id="management_reviews_review_attendance_add",
        request=AttendanceWriteSerializer,
        responses={201: AttendanceSerializer},
    )
    @action(detail=True, methods=["get", "post"], url_path="attendance", permission_action="view")
    def attendance(self, request: Request, pk: str | None = None) -> Response:
        """Who attended; POST adds a member (`user`) or an external person (`name`)."""
        review = self.get_object()
        if request.method == "GET":
            rows = selectors.attendance_of(review=review)
            return Response(AttendanceSerializer(rows, many=True).data)
        self._require_change(review)
        serializer = AttendanceWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        # The service's ValidationError answers 400 through core's exception handler.
        row = services.attendance_add(
            actor=self.actor, review=review, data=dict(serializer.validated_data)
        )
        return Response(AttendanceSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        operation_id="management_reviews_review_outputs_list",
        request=None,
        responses={200: OutputSerializer(many=True)},
    )
    @extend_schema(
        methods=["POST"],
        operation_id="management_reviews_review_outputs_add",
        request=OutputWriteSerializer,
        responses={201: OutputSerializer},
    )
    @action(detail=True, methods=["get", "post"], url_path="outputs", permission_action="view")
    def outputs(self, request: Request, pk: str | None = None) -> Response:
        """The decisions (9.3.3); POST records one and creates its action."""
        review = self.get_object()
        if request.method == "GET":
            return Response(OutputSerializer(selectors.outputs_of(review=review), many=True).data)
        self._require_change(review)
        serializer = OutputWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        output = services.output_create(
            actor=self.actor, review=review, data=dict(serializer.validated_data)
        )
        return Response(OutputSerializer(output).data, status=status.HTTP_201_CREATED)

    def _require_change(self, review: Any) -> None:
        from qms.core.permissions import has_object_perm

        if not has_object_perm(self.actor, review, "change", organization=review.organization_id):
            raise exceptions.PermissionDenied


class AttendanceViewSet(TenantReadOnlyViewSet):
    """Attendance lines of every review (read-only; add them through a review's
    attendance/ action)."""

    queryset = Attendance.objects.none()
    select_related = ("user",)
    serializer_class = AttendanceSerializer
    ordering_fields = ["created_at"]
    ordering = ["review_id", "id"]


class SectionViewSet(TenantReadOnlyViewSet):
    """The input sections of every review's pack (read-only snapshots)."""

    queryset = InputSection.objects.none()
    serializer_class = SectionSerializer
    ordering_fields = ["position", "created_at"]
    ordering = ["review_id", "position"]


class OutputViewSet(TenantReadOnlyViewSet):
    """The decisions of every review with their actions (read-only; record them through a
    review's outputs/ action)."""

    queryset = Output.objects.none()
    select_related = ("action",)
    serializer_class = OutputSerializer
    ordering_fields = ["created_at"]
    ordering = ["review_id", "id"]
