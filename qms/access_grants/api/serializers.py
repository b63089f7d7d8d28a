"""API representations of access grants and evidence requests."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from qms.core.api.serializers import StrictModelSerializer, StrictSerializer

from ..choices import GranteeRole
from ..models import AccessGrant, EvidenceRequest


class AccessGrantSerializer(StrictModelSerializer):
    state = serializers.SerializerMethodField()

    class Meta:
        model = AccessGrant
        fields = [
            "id",
            "number",
            "grantee",
            "grantee_name",
            "grantee_email",
            "firm",
            "grantee_role",
            "purpose",
            "starts_at",
            "ends_at",
            "editions",
            "clauses",
            "processes",
            "record_types",
            "granted_by",
            "status",
            "state",
            "revoked_at",
            "revoked_by",
            "revoke_reason",
            "version",
            "created_at",
        ]
        read_only_fields = fields
        list_fields = [
            "id",
            "number",
            "grantee_name",
            "grantee_email",
            "firm",
            "grantee_role",
            "starts_at",
            "ends_at",
            "status",
            "revoked_at",
            "version",
        ]

    def get_state(self, obj: Any) -> str:
        """open, scheduled (not started), expired (ended) or revoked: from the clock."""
        from django.utils import timezone

        from ..selectors import state_of

        return str(state_of(obj, now=timezone.now()))


class AccessGrantWriteSerializer(StrictSerializer):
    grantee_name = serializers.CharField(max_length=150)
    grantee_email = serializers.CharField(max_length=254)
    firm = serializers.CharField(max_length=200)
    grantee_role = serializers.ChoiceField(
        choices=GranteeRole.choices, default=GranteeRole.CERTIFICATION_AUDITOR
    )
    purpose = serializers.CharField(required=False, allow_blank=True, default="")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    editions = serializers.ListField(child=serializers.IntegerField(min_value=1))
    clauses = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list
    )
    processes = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list
    )
    record_types = serializers.ListField(child=serializers.CharField(max_length=40))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Ids to records: editions and clauses from the library, processes of the
        organization (another organization's process is "does not exist")."""
        from qms.organizations.models import Process
        from qms.standards.models import Clause, StandardEdition

        organization = self.context["view"].organization
        errors: dict[str, str] = {}
        resolved: dict[str, Any] = {}
        for name, queryset in (
            ("editions", StandardEdition.objects.all()),
            ("clauses", Clause.objects.all()),
            ("processes", Process.objects.filter(organization=organization)),
        ):
            ids = set(attrs.get(name) or ())
            found = list(queryset.filter(pk__in=ids))
            if len(found) != len(ids):
                errors[name] = "One of these does not exist."
            resolved[name] = found
        if errors:
            raise serializers.ValidationError(errors)
        return {**attrs, **resolved}


class RevokeSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=2000)


class EvidenceRequestSerializer(StrictModelSerializer):
    grant_number = serializers.CharField(source="grant.number", read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = EvidenceRequest
        fields = [
            "id",
            "number",
            "grant",
            "grant_number",
            "text",
            "requested_by",
            "owner",
            "due_date",
            "status",
            "overdue",
            "answer",
            "answered_at",
            "answered_by",
            "linked_records",
            "round",
            "version",
            "created_at",
        ]
        read_only_fields = fields
        list_fields = [
            "id",
            "number",
            "grant",
            "text",
            "owner",
            "due_date",
            "status",
            "version",
        ]


class AnswerSerializer(StrictSerializer):
    answer = serializers.CharField(max_length=20000)
    links = serializers.ListField(
        child=serializers.ListField(
            child=serializers.CharField(max_length=40), min_length=2, max_length=2
        ),
        required=False,
        default=list,
        help_text='Records within the grant\'s scope: [["documents", "12"], ...].',
    )
    version = serializers.IntegerField(required=False, min_value=1)
