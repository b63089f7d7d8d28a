"""API of the risk register: entries (workflow steps as one transitions action; approve needs
the owner's password), their assessment history, reviews, and the organization's matrix."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from qms.core.api.transitions import TransitionActionMixin
from qms.core.api.viewsets import IF_MATCH, TenantModelViewSet, expected_version
from qms.core.permissions import has_perm

from .. import services
from ..filtersets import RiskFilterSet
from ..selectors import risk_list
from ..specs import RISK
from .serializers import (
    ReviewSerializer,
    RiskAssessmentSerializer,
    RiskMatrixSerializer,
    RiskSerializer,
    RiskWriteSerializer,
)


class RiskViewSet(TransitionActionMixin, TenantModelViewSet):
    """The risk and opportunity register. `q` searches number, title and texts; `cell`
    ("inherent-3-4") filters to a heat map cell. Entries are never deleted: they are closed
    and reopened with a reason."""

    spec = RISK
    serializer_class = RiskSerializer
    write_serializer_class = RiskWriteSerializer
    filterset_class = RiskFilterSet
    ordering_fields = ["number", "status", "inherent_score", "next_review_on", "created_at"]
    ordering = ["-id"]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]
    create_service = staticmethod(services.risk_create)
    update_service = staticmethod(services.risk_update)

    def get_queryset(self) -> Any:
        return risk_list(user=self.request.user, organization=self.organization)

    @extend_schema(responses={200: RiskAssessmentSerializer(many=True)})
    @action(detail=True, methods=["get"], url_path="assessments", permission_action="view")
    def assessments(self, request: Request, pk: str | None = None) -> Response:
        """Every rating of the entry, newest first (append-only)."""
        risk = self.get_object()
        rows = risk.assessments.select_related("assessed_by")
        return Response(RiskAssessmentSerializer(rows, many=True).data)

    @extend_schema(request=ReviewSerializer, responses={201: RiskSerializer}, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"], url_path="reviews", permission_action="review")
    def reviews(self, request: Request, pk: str | None = None) -> Response:
        """Record a periodic review: moves the last and next review dates (201)."""
        risk = self.get_object()
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.risk_record_review(
            actor=self.actor,
            risk=risk,
            outcome=data["outcome"],
            notes=data.get("notes", ""),
            reviewed_on=data.get("reviewed_on"),
            version=expected_version(request, data.get("version")),
        )
        return self._read(self.get_queryset().get(pk=risk.pk), status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"], responses={200: RiskMatrixSerializer}, operation_id="risks_matrix_read"
    )
    @extend_schema(
        methods=["PATCH"],
        request=RiskMatrixSerializer,
        responses={200: RiskMatrixSerializer},
        operation_id="risks_matrix_update",
    )
    @action(detail=False, methods=["get", "patch"], url_path="matrix", permission_action="view")
    def matrix(self, request: Request) -> Response:
        """The organization's rating matrix; PATCH changes it (quality manager). A change
        that leaves gaps in the bands, sizes outside 3..5 or existing ratings outside the
        new size is a 400 with the reason beside the field."""
        if request.method == "PATCH":
            if not has_perm(
                request.user, "risks.change_riskmatrix", organization=self.organization
            ):
                raise exceptions.PermissionDenied("Only a manager may change the matrix.")
            serializer = RiskMatrixSerializer(data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            matrix = services.matrix_update(
                actor=self.actor, organization=self.organization, data=serializer.validated_data
            )
        else:
            matrix = services.matrix_for(self.organization)
        return Response({name: getattr(matrix, name) for name in services.MATRIX_FIELDS})
