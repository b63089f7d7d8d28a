"""API of distribution, acknowledgements and the reading matrix.

- `/api/v1/documents/distribution/` list (filter `?document=<id>`), create, read, delete;
- `/api/v1/documents/acknowledgements/` list (everyone's for managers and auditors, one's
  own for the others; `?mine=true` for one's own only), read, and
  `POST {id}/acknowledge/ {"password": "…"}` to sign "read and understood";
- `/api/v1/documents/reviews/` the periodic reviews recorded (read only);
- `/api/v1/documents/reading-matrix/` people by effective revisions (filters `document`,
  `person`, `status`).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from qms.core.api.serializers import (
    StrictModelSerializer,
    StrictSerializer,
    TenantPrimaryKeyRelatedField,
)
from qms.core.api.viewsets import TenantViewSetMixin, expected_version
from qms.core.filtersets import MAX_ID

from ..models import Acknowledgement, Document, DocumentDistribution, DocumentReview
from ..selectors import reading as selectors
from ..services import reading as services


class DistributionSerializer(StrictModelSerializer):
    class Meta:
        model = DocumentDistribution
        fields = ["id", "version", "document", "kind", "role", "user", "process", "created_at"]
        read_only_fields = fields


class DistributionWriteSerializer(StrictModelSerializer):
    document = TenantPrimaryKeyRelatedField(queryset=Document.objects.all())

    class Meta:
        model = DocumentDistribution
        fields = ["document", "kind", "role", "user", "process"]
        # The service checks the target of the kind and the uniqueness (409).
        validators: list[Any] = []


class DistributionViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    queryset = DocumentDistribution.objects.none()
    serializer_class = DistributionSerializer

    def get_queryset(self) -> Any:
        queryset = super().get_queryset().order_by("document_id", "kind", "id")
        document = self.request.query_params.get("document", "")
        if document.isdigit():
            queryset = queryset.filter(document_id=int(document))
        return queryset

    @extend_schema(request=DistributionWriteSerializer, responses=DistributionSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = DistributionWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        document = data.pop("document")
        line = services.distribution_add(actor=self.actor, document=document, data=data)
        return Response(DistributionSerializer(line).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        line = self.get_object()
        services.distribution_remove(
            actor=self.actor, distribution=line, version=expected_version(request, None)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class DocumentReviewSerializer(StrictModelSerializer):
    reviewer_email = serializers.EmailField(source="reviewer.email", read_only=True)

    class Meta:
        model = DocumentReview
        fields = [
            "id",
            "version",
            "document",
            "revision",
            "reviewed_on",
            "reviewer",
            "reviewer_email",
            "outcome",
            "notes",
            "created_at",
        ]
        read_only_fields = fields


class DocumentReviewViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """Periodic reviews recorded (filter `?document=<id>`); they are recorded on the page
    or through `document_review_record`."""

    queryset = DocumentReview.objects.none()
    serializer_class = DocumentReviewSerializer

    def get_queryset(self) -> Any:
        queryset = super().get_queryset().select_related("reviewer").order_by("-reviewed_on", "-id")
        document = self.request.query_params.get("document", "")
        if document.isdigit():
            queryset = queryset.filter(document_id=int(document))
        return queryset


class AcknowledgementSerializer(StrictModelSerializer):
    document = serializers.IntegerField(source="revision.document_id", read_only=True)
    document_number = serializers.CharField(source="revision.document.number", read_only=True)
    revision_number = serializers.IntegerField(source="revision.number", read_only=True)
    user_email = serializers.EmailField(source="user.email", read_only=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = Acknowledgement
        fields = [
            "id",
            "version",
            "revision",
            "revision_number",
            "document",
            "document_number",
            "user",
            "user_email",
            "requested_at",
            "due_on",
            "acknowledged_at",
            "signature",
            "status",
        ]
        read_only_fields = fields

    def get_status(self, obj: Acknowledgement) -> str:
        return selectors.acknowledgement_status(obj)


class AcknowledgeSerializer(StrictSerializer):
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=4096)


class AcknowledgementViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    queryset = Acknowledgement.objects.none()
    serializer_class = AcknowledgementSerializer

    def get_queryset(self) -> Any:
        if self.action == "acknowledge":
            return (
                # Read with "view": one the user may see but not sign is 403, not 404.
                Acknowledgement.objects.for_user(
                    self.request.user, "view", organization=self.organization
                )
                .select_related("revision", "revision__document", "user")
                .order_by("id")
            )
        mine = self.request.query_params.get("mine", "").lower() in ("1", "true", "yes")
        return selectors.acknowledgement_list(
            user=self.request.user, organization=self.organization, mine=mine
        )

    @extend_schema(
        parameters=[OpenApiParameter("mine", bool, description="Only the requesting user's own.")]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=AcknowledgeSerializer, responses=AcknowledgementSerializer)
    @action(detail=True, methods=["post"], permission_action="acknowledge")
    def acknowledge(self, request: Request, pk: str | None = None) -> Response:
        item = self.get_object()
        serializer = AcknowledgeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        signed = services.acknowledgement_sign(
            actor=self.actor, acknowledgement=item, password=serializer.validated_data["password"]
        )
        signed = selectors.acknowledgement_get(
            user=request.user, organization=self.organization, pk=signed.pk
        )
        return Response(AcknowledgementSerializer(signed).data)


class MatrixCellSerializer(serializers.Serializer):  # type: ignore[type-arg]
    revision = serializers.IntegerField()
    acknowledgement = serializers.IntegerField()
    status = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    acknowledged_at = serializers.DateTimeField(allow_null=True)


class MatrixRowSerializer(serializers.Serializer):  # type: ignore[type-arg]
    user = serializers.IntegerField()
    email = serializers.EmailField()
    name = serializers.CharField()
    cells = MatrixCellSerializer(many=True)


class MatrixColumnSerializer(serializers.Serializer):  # type: ignore[type-arg]
    revision = serializers.IntegerField()
    revision_number = serializers.IntegerField()
    document = serializers.IntegerField()
    document_number = serializers.CharField()
    total = serializers.IntegerField()
    read = serializers.IntegerField()
    overdue = serializers.IntegerField()
    percent = serializers.IntegerField()


class MatrixSerializer(serializers.Serializer):  # type: ignore[type-arg]
    columns = MatrixColumnSerializer(many=True)
    rows = MatrixRowSerializer(many=True)


def _id(params: Any, name: str) -> int | None:
    """An optional record id parameter; anything but a whole number from 1 is a 400."""
    raw = params.get(name, "")
    if raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_ID:
        raise exceptions.ValidationError({name: ["Give a record id (a whole number from 1)."]})
    return int(raw)


class ReadingMatrixView(APIView):
    """Who has read which effective revision: columns (revisions, with the share read) and
    rows (people, with one cell per revision they were asked to read)."""

    queryset = Acknowledgement.objects.none()

    @extend_schema(
        responses=MatrixSerializer,
        parameters=[
            OpenApiParameter("document", int),
            OpenApiParameter("person", int),
            OpenApiParameter("status", str, enum=list(selectors.STATUS_LABELS)),
        ],
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        wanted = params.get("status", "")
        if wanted and wanted not in selectors.STATUS_LABELS:
            raise exceptions.ValidationError(
                {"status": [f"Give one of: {', '.join(selectors.STATUS_LABELS)}."]}
            )
        matrix = selectors.reading_matrix(
            user=request.user,
            organization=request._request.organization,  # type: ignore[attr-defined]
            document=_id(params, "document"),
            person=_id(params, "person"),
            status=wanted,
        )
        columns = [
            {
                "revision": column.revision.pk,
                "revision_number": column.revision.number,
                "document": column.revision.document_id,
                "document_number": column.revision.document.number,
                "total": column.total,
                "read": column.read,
                "overdue": column.overdue,
                "percent": column.percent,
            }
            for column in matrix.columns
        ]
        rows = [
            {
                "user": row.user.pk,
                "email": row.user.email,
                "name": row.user.full_name,
                "cells": [
                    {
                        "revision": cell.acknowledgement.revision_id,
                        "acknowledgement": cell.acknowledgement.pk,
                        "status": cell.status,
                        "due_on": cell.acknowledgement.due_on,
                        "acknowledged_at": cell.acknowledgement.acknowledged_at,
                    }
                    for cell in row.cells
                    if cell is not None
                ],
            }
            for row in matrix.rows
        ]
        return Response(MatrixSerializer({"columns": columns, "rows": rows}).data)
