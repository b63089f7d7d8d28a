"""The imports API: `POST /api/v1/imports/{kind}/` (multipart: file, dry_run; or JSON:
file_name, content_base64, dry_run) answers the report; `GET /api/v1/imports/{kind}/` lists
that kind's runs, `GET /api/v1/imports/` every run the user may read, and
`GET /api/v1/imports/runs/{id}/` one run with its report.

Permissions fail closed: the core.importrun row (view, add) and the importer's own
permission must both hold; an unknown kind is 404.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.core.files.base import ContentFile
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from ..api.parsers import ORJSONParser
from ..api.permissions import TenantPermission
from ..api.serializers import StrictSerializer
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
    """TenantPermission on ImportRun and, on the routes of one kind, the importer's own
    permission (404 for an unknown kind, 403 without the permission)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        if "kind" not in view.kwargs:
            return True  # the runs the user may read: for_user() narrows them by kind
        try:
            importer = get_importer(view.kwargs["kind"])
        except UnknownImporter:
            raise exceptions.NotFound("No importer of this kind.") from None
        membership = getattr(request._request, "membership", None)
        return has_perm(membership, importer.permission_name())


class ImportRunSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    created_by = serializers.StringRelatedField()  # type: ignore[var-annotated]
    # Plain text, not an enum: ImportStatus would collide with the other "status" enums.
    status = serializers.CharField(
        read_only=True, help_text="succeeded, failed, dry_run_ok or dry_run_failed."
    )

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


class ImportUploadSerializer(StrictSerializer):
    file = serializers.FileField(help_text="A .csv, .xlsx or .zip file.")
    dry_run = serializers.BooleanField(
        default=True, help_text="Check only, save nothing (the default)."
    )


class ImportJsonUploadSerializer(StrictSerializer):
    """The same upload in a JSON body: the file's name and its bytes in base64."""

    file_name = serializers.CharField(
        max_length=255,
        help_text="The file's name; its ending (.csv, .xlsx, .zip) says how to read it.",
    )
    content_base64 = serializers.CharField(help_text="The file's bytes, base64-encoded.")
    dry_run = serializers.BooleanField(
        default=True, help_text="Check only, save nothing (the default)."
    )

    def validate_content_base64(self, value: str) -> bytes:
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise serializers.ValidationError("Not valid base64.") from None


REPORT_DESCRIPTION = (
    "The report: `status` (succeeded, failed, dry_run_ok, dry_run_failed), `totals`, "
    "`file_errors`, `warnings` and `rows` (`row` as numbered in the sheet, `status` "
    "created/updated/unchanged/error, `errors` {column: [messages]}; the key `row` holds "
    "errors about the whole row). A file that cannot be imported at all answers 400 with "
    "`errors.file` and the report under `report`."
)


class ImportRunViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """Import runs of the organization: those of the kinds the user may import."""

    queryset = ImportRun.objects.none()
    serializer_class = ImportRunSerializer
    permission_classes = [ImporterPermission]
    ordering_fields = ["created_at"]
    ordering = ["-created_at"]

    def get_queryset(self) -> Any:
        queryset = super().get_queryset().select_related("created_by")
        if "kind" in self.kwargs:
            queryset = queryset.filter(kind=self.kwargs["kind"])
        return queryset

    def get_serializer_class(self) -> Any:
        return ImportRunDetailSerializer if self.action == "retrieve" else ImportRunSerializer


@extend_schema(parameters=[KIND])
class ImportKindViewSet(ImportRunViewSet):
    """One importer: its runs, and the upload of a file (dry run by default)."""

    parser_classes = [ORJSONParser, MultiPartParser, FormParser]

    @extend_schema(operation_id="imports_kind_list")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return ImportUploadSerializer
        return super().get_serializer_class()

    @extend_schema(
        request={
            "application/json": ImportJsonUploadSerializer,
            "multipart/form-data": ImportUploadSerializer,
        },
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description=REPORT_DESCRIPTION)},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body: StrictSerializer
        if request.content_type.startswith("application/json"):
            body = ImportJsonUploadSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            upload = ContentFile(
                body.validated_data["content_base64"], name=body.validated_data["file_name"]
            )
        else:
            body = ImportUploadSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            upload = body.validated_data["file"]
        report = import_run(
            actor=self.actor,
            organization=self.organization,
            importer_kind=self.kwargs["kind"],
            upload=upload,
            dry_run=body.validated_data["dry_run"],
        )
        data = report.to_json()
        if report.file_errors:
            return Response(
                {
                    "status": 400,
                    "code": "invalid_file",
                    "message": report.file_errors[0],
                    "errors": {"file": report.file_errors},
                    "report": data,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(data, status=status.HTTP_200_OK)


urlpatterns = [
    path("imports/", ImportRunViewSet.as_view({"get": "list"}), name="core-importrun-list"),
    path(
        "imports/runs/<int:pk>/",
        ImportRunViewSet.as_view({"get": "retrieve"}),
        name="core-importrun-detail",
    ),
    path(
        "imports/<str:kind>/",
        ImportKindViewSet.as_view({"get": "list", "post": "create"}),
        name="core-import-kind",
    ),
]
