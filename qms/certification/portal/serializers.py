"""Serializers of the client portal's API: narrow, explicit fields."""

from __future__ import annotations

from rest_framework import serializers

from qms.core.api.serializers import StrictSerializer

from ..models import CertAudit, CertFinding, FindingResponse, PortalAccess


class PortalAuditSerializer(serializers.ModelSerializer[CertAudit]):
    client = serializers.CharField(source="programme.client.legal_name", read_only=True)
    programme = serializers.CharField(source="programme.number", read_only=True)

    class Meta:
        model = CertAudit
        fields = ("id", "kind", "status", "client", "programme", "start_date", "end_date")
        read_only_fields = fields


class ResponseSerializer(serializers.ModelSerializer[FindingResponse]):
    class Meta:
        model = FindingResponse
        fields = (
            "id",
            "round",
            "correction",
            "root_cause",
            "corrective_action",
            "submitted_at",
            "review",
            "review_comment",
            "reviewed_at",
        )
        read_only_fields = fields


class PortalFindingSerializer(serializers.ModelSerializer[CertFinding]):
    clause = serializers.CharField(source="clause.number", read_only=True, default=None)
    site = serializers.CharField(source="site.name", read_only=True, default=None)
    responses = ResponseSerializer(many=True, read_only=True)

    class Meta:
        model = CertFinding
        fields = (
            "id",
            "audit",
            "number",
            "grade",
            "status",
            "clause",
            "site",
            "statement",
            "objective_evidence",
            "requirement",
            "respond_by",
            "verify_by",
            "verified_on",
            "client_nc_number",
            "client_nc_closed_on",
            "responses",
        )
        read_only_fields = fields


class RespondSerializer(StrictSerializer):
    correction = serializers.CharField()
    root_cause = serializers.CharField()
    corrective_action = serializers.CharField()
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class CommentSerializer(StrictSerializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class VerifySerializer(StrictSerializer):
    method = serializers.ChoiceField(choices=["document_review", "follow_up"])
    notes = serializers.CharField()
    on = serializers.DateField(required=False, allow_null=True, default=None)


class PortalAccessSerializer(serializers.ModelSerializer[PortalAccess]):
    email = serializers.EmailField(source="user.email", read_only=True)

    class Meta:
        model = PortalAccess
        fields = ("id", "client", "contact", "email", "status", "granted_by", "created_at")
        read_only_fields = fields


class GrantSerializer(StrictSerializer):
    contact = serializers.IntegerField()
    email = serializers.EmailField(required=False, allow_blank=True, default="")


class PortalRevokeSerializer(StrictSerializer):
    reason = serializers.CharField()
