"""The organization's electronic signatures, read-only (they are made by signing services)."""

from __future__ import annotations

from rest_framework import serializers

from ..signatures import Signature
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


class SignatureViewSet(TenantReadOnlyViewSet):
    """Electronic signatures of the organization's records. Append-only: no write endpoint."""

    queryset = Signature.objects.none()
    serializer_class = SignatureSerializer
    filterset_class = SignatureFilterSet
    ordering_fields = ["signed_at"]
    ordering = ["-signed_at"]
