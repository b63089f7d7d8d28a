"""/api/v1/attachments/: a record's files (list, upload, read, download, remove).

The list names the record: `?subject_type=<app_label.model>&subject_id=<id>`. Reading needs
"view" on the record, uploading and removing "change" on it; another organization's record
or file is 404. Uploads are `multipart/form-data` (`subject_type`, `subject_id`, `file`,
`description`); a refused file is a 400 with the reason beside `file`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from ..attachments import (
    Attachment,
    AttachmentIntegrityError,
    attachment_add,
    attachment_get,
    attachment_list,
    attachment_remove,
    attachment_report_integrity,
    attachment_subject,
    attachments_for,
)
from ..attachments.services import DESCRIPTION_MAX, REASON_MAX
from ..errors import Conflict
from ..views.attachments import file_response
from .parsers import ORJSONParser
from .serializers import ErrorSerializer, StrictSerializer
from .viewsets import TenantViewSetMixin

SUBJECT_TYPE_HELP = "The record's type as `app_label.model`, e.g. `organizations.site`."


class AttachmentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    subject_type = serializers.SerializerMethodField(help_text=SUBJECT_TYPE_HELP)
    subject_id = serializers.IntegerField(source="object_id", read_only=True)
    removed = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "version",
            "subject_type",
            "subject_id",
            "name",
            "mime_type",
            "size",
            "sha256",
            "description",
            "uploaded_by",
            "created_at",
            "removed",
            "removed_at",
            "removed_by",
            "removal_reason",
        ]
        read_only_fields = fields

    def get_subject_type(self, attachment: Attachment) -> str:
        return f"{attachment.content_type.app_label}.{attachment.content_type.model}"

    def get_removed(self, attachment: Attachment) -> bool:
        return attachment.is_removed


class AttachmentListQuery(serializers.Serializer):  # type: ignore[type-arg]
    """Either both `subject_type` and `subject_id` (one record's files) or neither (every
    file on the records the user may view)."""

    subject_type = serializers.CharField(
        max_length=100, required=False, help_text=SUBJECT_TYPE_HELP
    )
    subject_id = serializers.IntegerField(min_value=1, required=False)
    include_removed = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("subject_type" in attrs) != ("subject_id" in attrs):
            missing = "subject_id" if "subject_type" in attrs else "subject_type"
            raise serializers.ValidationError(
                {missing: ["Name the record with both subject_type and subject_id."]}
            )
        return attrs


class AttachmentUploadSerializer(StrictSerializer):
    subject_type = serializers.CharField(max_length=100, help_text=SUBJECT_TYPE_HELP)
    subject_id = serializers.IntegerField(min_value=1)
    file = serializers.FileField(allow_empty_file=True, use_url=False)
    description = serializers.CharField(
        max_length=DESCRIPTION_MAX, required=False, allow_blank=True, default=""
    )


class AttachmentRemoveSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=REASON_MAX)
    version = serializers.IntegerField(min_value=1, required=False)


# Naming a record that does not exist, is another organization's or that the user may not
# view answers 404 (the record is not found), on the list and on an upload alike.
_NO_SUCH_RECORD = OpenApiResponse(
    ErrorSerializer, description="The record named by subject_type and subject_id is not found."
)

_LIST_PARAMETERS = [
    OpenApiParameter(
        "subject_type", str, required=False, description=f"{SUBJECT_TYPE_HELP} With subject_id."
    ),
    OpenApiParameter(
        "subject_id", int, required=False, description="The record's id, with subject_type."
    ),
    OpenApiParameter(
        "include_removed", bool, required=False, description="Also list removed files."
    ),
]


class AttachmentViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """Files attached to the organization's records."""

    queryset = Attachment.objects.none()  # names the model; rows come from the selectors
    serializer_class = AttachmentSerializer
    parser_classes = [MultiPartParser, FormParser, ORJSONParser]
    filter_backends: list[Any] = []
    _subject: Any = None
    _include_removed = False

    def get_queryset(self) -> Any:
        if self._subject is not None:
            queryset = attachments_for(subject=self._subject, include_removed=self._include_removed)
        else:
            queryset = attachment_list(user=self.request.user, organization=self.organization)
            if not self._include_removed:
                queryset = queryset.present()
        return queryset.select_related("content_type").order_by("-id")

    def get_object(self) -> Attachment:
        return attachment_get(
            user=self.request.user, organization=self.organization, pk=self.kwargs["pk"]
        )

    @extend_schema(
        parameters=_LIST_PARAMETERS,
        responses={200: AttachmentSerializer(many=True), 404: _NO_SUCH_RECORD},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = AttachmentListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        self._include_removed = query.validated_data["include_removed"]
        subject_type = query.validated_data.get("subject_type")
        if subject_type is not None:
            self._subject = attachment_subject(
                user=request.user,
                organization=self.organization,
                subject_type=subject_type,
                subject_id=query.validated_data["subject_id"],
            )
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: AttachmentSerializer, 404: _NO_SUCH_RECORD},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = AttachmentUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        subject = attachment_subject(
            user=request.user,
            organization=self.organization,
            subject_type=data.validated_data["subject_type"],
            subject_id=data.validated_data["subject_id"],
        )
        attachment = attachment_add(
            actor=request.user,
            subject=subject,
            upload=data.validated_data["file"],
            description=data.validated_data["description"],
        )
        return self._read(attachment, status.HTTP_201_CREATED)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._read(self.get_object(), status.HTTP_200_OK)

    def _read(self, attachment: Attachment, status_code: int) -> Response:
        response = Response(AttachmentSerializer(attachment).data, status=status_code)
        response["ETag"] = f'"{attachment.version}"'
        return response

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "inline", bool, required=False, description="Show a PDF or image in the browser."
            )
        ],
        responses={
            # The file's own type with `inline`, application/octet-stream without.
            (200, "*/*"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The file, checked against its SHA-256 before it is sent.",
            ),
            409: OpenApiResponse(
                ErrorSerializer, description="The stored file is missing or was changed."
            ),
        },
    )
    @action(detail=True, methods=["get"], permission_action="view")
    def download(self, request: Request, pk: Any = None) -> HttpResponseBase:
        attachment = self.get_object()
        try:
            return file_response(
                attachment, inline=request.query_params.get("inline") in ("1", "true")
            )
        except AttachmentIntegrityError as error:
            attachment_report_integrity(actor=request.user, attachment=attachment, error=error)
            raise Conflict(error.message) from None

    @extend_schema(request=AttachmentRemoveSerializer, responses={200: AttachmentSerializer})
    @action(detail=True, methods=["post"], permission_action="remove")
    def remove(self, request: Request, pk: Any = None) -> Response:
        """Hide the file from the record's list, with a reason; the file and row are kept."""
        attachment = self.get_object()
        body = AttachmentRemoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        removed = attachment_remove(
            actor=request.user,
            attachment=attachment,
            reason=body.validated_data["reason"],
            version=body.validated_data.get("version"),
        )
        return self._read(removed, status.HTTP_200_OK)
