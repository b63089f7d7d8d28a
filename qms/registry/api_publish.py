"""The publish API for other certification bodies' systems, authenticated by a source's API key
(`Authorization: Api-Key <key>`, see `api_keys`). Mounted under /api/v1/public/ by
`api_publish_urls`.

- `POST  publish/certificates/`           a new certificate of the key's source (201); a
  number the source has already published is a 409 (use PUT).
- `PUT   publish/certificates/<number>/`  the whole certificate: created (201) or replaced (200).
- `PATCH publish/certificates/<number>/`  only the fields sent; the rest stays (200).
- `GET   publish/certificates/<number>/`  the source's certificate as stored (drafts and
  unlisted ones included: they are the source's own).
- `POST  publish/imports/`                a CertSearch CSV/XLSX (multipart `file`, or JSON
  `file_name` + `content_base64`), `dry_run` true by default: the import report.

A key writes and reads only its own source's certificates: another source's number is 404,
exactly as a number nobody published. Bad input is a 400 with errors beside the fields.
Statuses are ours (draft, active, suspended, withdrawn, cancelled, expired); the CertSearch
words (and "Inactive") are accepted too. A change of status appends a public history entry.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import ContentFile
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from qms.core.api.parsers import ORJSONParser
from qms.core.api.serializers import StrictSerializer
from qms.core.imports.api import REPORT_DESCRIPTION

from . import certsearch as cs
from .api_keys import SourceApiKeyAuthentication, SourceClient
from .choices import Status
from .exchange_services import (
    API_COLUMNS,
    certificate_publish_by_key,
    registry_import,
    source_certificate,
)
from .models import PublicCertificate


class ApiKeyScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "qms.registry.api_keys.SourceApiKeyAuthentication"
    name = "registryApiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A certification body's key: `Authorization: Api-Key qmsreg_…`.",
        }


class IsSourceClient(BasePermission):
    """Only a request authenticated by a source's API key (401 without one)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.user, SourceClient)


class _StatusField(serializers.CharField):
    def to_internal_value(self, data: Any) -> str:
        text = super().to_internal_value(data)
        try:
            return cs.parse_status(text)
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None


class _CountryField(serializers.CharField):
    def to_internal_value(self, data: Any) -> str:
        text = super().to_internal_value(data)
        try:
            return cs.parse_country(text)
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None


class _IafCodesField(serializers.ListField):
    def to_internal_value(self, data: Any) -> list[Any]:
        values = super().to_internal_value(data)
        try:
            return list(cs.parse_sectors(";".join(str(value) for value in values)))
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None


def _text(max_length: int, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, allow_blank=True, **kwargs)


class PublishCertificateSerializer(StrictSerializer):
    """A certificate as another certification body publishes it (CertSearch's fields)."""

    number = serializers.CharField(max_length=60, help_text="The certificate number as printed.")
    record_id = serializers.CharField(
        max_length=60, help_text="Your internal unique id of the certificate record."
    )
    revision = serializers.IntegerField(min_value=1, required=False)
    holder_id = serializers.CharField(
        max_length=64, help_text="Your stable key for the certified organization."
    )
    holder_name = serializers.CharField(max_length=300)
    holder_trading_name = _text(300, required=False)
    country = _CountryField(help_text="ISO 3166 alpha-2 (or alpha-3, or the English name).")
    street = serializers.CharField(max_length=300)
    city = serializers.CharField(max_length=120)
    state = _text(120, required=False)
    post_code = _text(30, required=False)
    sites = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False, max_length=500
    )
    scope = serializers.CharField(allow_blank=True, required=False, max_length=10_000)
    standards = serializers.ListField(
        child=serializers.CharField(max_length=100), min_length=1, max_length=20
    )
    iaf_codes = _IafCodesField(
        child=serializers.CharField(max_length=80), required=False, max_length=39
    )
    original_issue_date = serializers.DateField(required=False, allow_null=True)
    issue_date = serializers.DateField()
    expiry_date = serializers.DateField()
    status = _StatusField(help_text=f"One of {', '.join(Status.values)}.")
    status_changed_on = serializers.DateField(required=False)
    status_note = _text(500, required=False)
    listed = serializers.BooleanField(required=False, help_text="Default true.")
    confidential = serializers.BooleanField(required=False, help_text="Default false.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, str] = {}
        issue, expiry = attrs.get("issue_date"), attrs.get("expiry_date")
        if issue and expiry and expiry < issue:
            errors["expiry_date"] = "The expiry date is before the issue date."
        original = attrs.get("original_issue_date")
        if original and issue and issue < original:
            errors["original_issue_date"] = "The original issue date is after the issue date."
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class PublicCertificateOutSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A certificate as stored for its source."""

    number = serializers.CharField()
    record_id = serializers.CharField()
    revision = serializers.IntegerField()
    holder_id = serializers.CharField()
    holder_name = serializers.CharField()
    holder_trading_name = serializers.CharField()
    country = serializers.CharField()
    address = serializers.CharField()
    sites = serializers.ListField(child=serializers.CharField())
    scope = serializers.CharField()
    standards = serializers.ListField(child=serializers.CharField())
    iaf_codes = serializers.ListField(child=serializers.CharField())
    original_issue_date = serializers.DateField(allow_null=True)
    issue_date = serializers.DateField(allow_null=True)
    expiry_date = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    status_changed_on = serializers.DateField()
    status_note = serializers.CharField()
    listed = serializers.BooleanField()
    confidential = serializers.BooleanField()


def _out(certificate: PublicCertificate) -> dict[str, Any]:
    return dict(PublicCertificateOutSerializer(certificate).data)


class _PublishView(APIView):
    authentication_classes = [SourceApiKeyAuthentication]
    permission_classes = [IsSourceClient]
    parser_classes = [ORJSONParser]

    def client(self) -> SourceClient:
        user = self.request.user
        assert isinstance(user, SourceClient)  # IsSourceClient  # noqa: S101
        return user

    def publish(
        self, data: Any, *, existing: PublicCertificate | None, partial: bool, number: str
    ) -> Response:
        body = PublishCertificateSerializer(data=data, partial=partial)
        body.is_valid(raise_exception=True)
        values = {API_COLUMNS[name]: value for name, value in body.validated_data.items()}
        if number and cs.NUMBER in values and values[cs.NUMBER].strip() != number.strip():
            raise serializers.ValidationError(
                {"number": ["The number in the body differs from the one in the address."]}
            )
        values.setdefault(cs.NUMBER, number)
        try:
            outcome = certificate_publish_by_key(
                key=self.client().key, values=values, existing=existing
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(_field_errors(error)) from None
        code = status.HTTP_201_CREATED if outcome.created else status.HTTP_200_OK
        return Response(_out(outcome.certificate), status=code)


def _field_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    names = {"address": "street"}
    if not hasattr(error, "error_dict"):
        return {"non_field_errors": list(error.messages)}
    return {names.get(name, name): messages for name, messages in error.message_dict.items()}


class PublishCertificateListView(_PublishView):
    @extend_schema(
        operation_id="public_publish_certificates_create",
        request=PublishCertificateSerializer,
        responses={201: PublicCertificateOutSerializer},
    )
    def post(self, request: Request) -> Response:
        number = str(request.data.get("number") or "") if isinstance(request.data, dict) else ""
        if number.strip() and source_certificate(source=self.client().source, number=number):
            return Response(
                {
                    "status": 409,
                    "code": "exists",
                    "message": "This number is already published; PUT or PATCH it.",
                    "errors": {"number": ["This number is already published."]},
                },
                status=status.HTTP_409_CONFLICT,
            )
        return self.publish(request.data, existing=None, partial=False, number="")


class PublishCertificateDetailView(_PublishView):
    def existing(self, number: str) -> PublicCertificate | None:
        return source_certificate(source=self.client().source, number=number)

    @extend_schema(
        operation_id="public_publish_certificates_retrieve",
        responses={200: PublicCertificateOutSerializer},
    )
    def get(self, request: Request, number: str) -> Response:
        certificate = self.existing(number)
        if certificate is None:
            raise NotFound("Your certification body has published no certificate of this number.")
        return Response(_out(certificate))

    @extend_schema(
        operation_id="public_publish_certificates_update",
        request=PublishCertificateSerializer,
        responses={200: PublicCertificateOutSerializer, 201: PublicCertificateOutSerializer},
    )
    def put(self, request: Request, number: str) -> Response:
        return self.publish(
            request.data, existing=self.existing(number), partial=False, number=number
        )

    @extend_schema(
        operation_id="public_publish_certificates_partial_update",
        request=PublishCertificateSerializer,
        responses={200: PublicCertificateOutSerializer},
    )
    def patch(self, request: Request, number: str) -> Response:
        existing = self.existing(number)
        if existing is None:
            raise NotFound("Your certification body has published no certificate of this number.")
        return self.publish(request.data, existing=existing, partial=True, number=number)


class PublishImportUploadSerializer(StrictSerializer):
    file = serializers.FileField(help_text="A .csv or .xlsx sheet with the CertSearch columns.")
    dry_run = serializers.BooleanField(default=True, help_text="Check only (the default).")


class PublishImportJsonSerializer(StrictSerializer):
    file_name = serializers.CharField(max_length=255, help_text="Ends in .csv or .xlsx.")
    content_base64 = serializers.CharField(help_text="The file's bytes, base64-encoded.")
    dry_run = serializers.BooleanField(default=True, help_text="Check only (the default).")

    def validate_content_base64(self, value: str) -> bytes:
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise serializers.ValidationError("Not valid base64.") from None


class PublishImportView(_PublishView):
    parser_classes = [ORJSONParser, MultiPartParser, FormParser]

    @extend_schema(
        operation_id="public_publish_imports_create",
        request={
            "application/json": PublishImportJsonSerializer,
            "multipart/form-data": PublishImportUploadSerializer,
        },
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description=REPORT_DESCRIPTION)},
    )
    def post(self, request: Request) -> Response:
        body: StrictSerializer
        if request.content_type.startswith("application/json"):
            body = PublishImportJsonSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            upload = ContentFile(
                body.validated_data["content_base64"], name=body.validated_data["file_name"]
            )
        else:
            body = PublishImportUploadSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            upload = body.validated_data["file"]
        name = str(getattr(upload, "name", "")).lower()
        if not name.endswith((".csv", ".xlsx")):
            raise serializers.ValidationError({"file": ["Upload a .csv or .xlsx sheet."]})
        client = self.client()
        report = registry_import(
            source=client.source,
            upload=upload,
            dry_run=body.validated_data["dry_run"],
            via=client.key.prefix,
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
