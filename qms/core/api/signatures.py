"""The organization's electronic signatures, read-only (they are made by signing services)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..signatures import Signature, signature_record_status
from ..views.signatures import SignatureFilterSet
from .viewsets import TenantReadOnlyViewSet


class SignatureSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Signature
        fields = [
            "id",
            "signer",
            "signer_name",
            "signer_email",
            "meaning",
            "signed_at",
            "subject_type",
            "subject_id",
            "subject_label",
            "content_hash",
            "transition",
            "reason",
            "request_id",
            "ip",
        ]
        read_only_fields = fields


class SignatureDetailSerializer(SignatureSerializer):
    status = serializers.SerializerMethodField(
        help_text="valid while the signed record's content is what was signed; broken once it "
        "changed; null when the record no longer exists."
    )

    class Meta(SignatureSerializer.Meta):
        fields = [*SignatureSerializer.Meta.fields, "status"]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "enum": ["valid", "broken"], "nullable": True})
    def get_status(self, signature: Signature) -> str | None:
        status = signature_record_status(signature)
        return None if status is None else str(status.value)


class SignatureViewSet(TenantReadOnlyViewSet):
    """Electronic signatures of the organization's records. Append-only: no write endpoint."""

    queryset = Signature.objects.none()
    serializer_class = SignatureSerializer

    def get_serializer_class(self) -> Any:
        return SignatureDetailSerializer if self.action == "retrieve" else SignatureSerializer

    filterset_class = SignatureFilterSet
    ordering_fields = ["signed_at"]
    ordering = ["-signed_at"]
