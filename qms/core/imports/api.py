"""The imports API: `POST /api/v1/imports/{kind}/` (multipart: file, dry_run) answers the
report; `GET /api/v1/imports/{kind}/` lists the runs, `GET …/{id}/` one run with its report.

Permissions fail closed: the core.importrun row (view, add) and the importer's own
permission must both hold; an unknown kind is 404.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from ..api.permissions import TenantPermission
from ..api.viewsets import TenantViewSetMixin
from ..permissions import has_perm
from .models import ImportRun
from .registry import UnknownImporter, get_importer
from .services import import_run

KIND = OpenApiParameter(
    "kind",
    str,
    OpenApiParameter.PATH,
    description="The importer, e.g. `organizations.sites` (see the page /imports/).",
)


class ImporterPermission(TenantPermission):
    """TenantPermission on ImportRun, and the importer's own permission (404 for an unknown
    kind, 403 without the permission)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        try:
            importer = get_importer(view.kwargs.get("kind", ""))
        except UnknownImporter:
            raise exceptions.NotFound("No importer of this kind.") from None
        membership = getattr(request._request, "membership", None)
        return has_perm(membership, importer.permission_name())


class ImportRunSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    created_by = serializers.StringRelatedField()  # type: ignore[var-annotated]

    class Meta:
        model = ImportRun
        fields = [
            "id",
            "kind",
            "created_at",
            "created_by",
            "dry_run",
            "status",
            "file_name",
            "sha256",
            "rows_total",
            "rows_created",
            "rows_updated",
            "rows_unchanged",
            "rows_error",
        ]
        read_only_fields = fields


class ImportRunDetailSerializer(ImportRunSerializer):
    class Meta(ImportRunSerializer.Meta):
        fields = [*ImportRunSerializer.Meta.fields, "report"]
        read_only_fields = fields


class ImportUploadSerializer(serializers.Serializer):  # type: ignore[type-arg]
    file = serializers.FileField(help_text="A .csv, .xlsx or .zip file.")
    dry_run = serializers.BooleanField(
        default=True, help_text="Check only, save nothing (the default)."
    )


REPORT_DESCRIPTION = (
    "The report: `status` (succeeded, failed, dry_run_ok, dry_run_failed), `totals`, "
    "`file_errors`, `warnings` and `rows` (`row` as numbered in the sheet, `status` "
    "created/updated/unchanged/error, `errors` {column: [messages]}; the key `row` holds "
    "errors about the whole row)."
)


class ImportRunViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """Imports of one kind: upload a file (dry run by default), list and read the runs."""

    queryset = ImportRun.objects.none()
    serializer_class = ImportRunSerializer
    permission_classes = [ImporterPermission]
    parser_classes = [MultiPartParser, FormParser]
    ordering_fields = ["created_at"]
    ordering = ["-created_at"]

    def get_queryset(self) -> Any:
        return super().get_queryset().filter(kind=self.kwargs["kind"]).select_related("created_by")

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return ImportUploadSerializer
        return ImportRunDetailSerializer if self.action == "retrieve" else ImportRunSerializer

    @extend_schema(parameters=[KIND])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(parameters=[KIND])
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        parameters=[KIND],
        request={"multipart/form-data": ImportUploadSerializer},
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description=REPORT_DESCRIPTION),
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="The file cannot be imported (`errors.file`), with the report.",
            ),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ImportUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = import_run(
            actor=self.actor,
            organization=self.organization,
            importer_kind=self.kwargs["kind"],
            upload=serializer.validated_data["file"],
            dry_run=serializer.validated_data["dry_run"],
        )
        body = report.to_json()
        if report.file_errors:
            return Response(
                {
                    "status": 400,
                    "code": "invalid_file",
                    "message": report.file_errors[0],
                    "errors": {"file": report.file_errors},
                    "report": body,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(body, status=status.HTTP_200_OK)


urlpatterns = [
    path(
        "imports/<str:kind>/",
        ImportRunViewSet.as_view({"get": "list", "post": "create"}),
        name="core-importrun-list",
    ),
    path(
        "imports/<str:kind>/<int:pk>/",
        ImportRunViewSet.as_view({"get": "retrieve"}),
        name="core-importrun-detail",
    ),
]
