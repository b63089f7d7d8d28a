"""API representations of audit programmes (with their processes) and internal audits."""

from __future__ import annotations

from rest_framework import serializers

from qms.core.api.serializers import StrictSerializer
from qms.core.specs import SpecReadSerializer, SpecWriteSerializer

from ..models import ProgrammeProcess
from ..specs import AUDIT, PROGRAMME, PROGRAMME_PROCESS


class ProgrammeProcessSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    process_name = serializers.CharField(source="process.name", read_only=True)

    class Meta:
        model = ProgrammeProcess
        fields = [
            "id",
            "process",
            "process_name",
            "importance",
            "risk_level",
            "previous_result",
            "suggested_per_year",
            "audits_per_year_override",
            "audits_per_year",
            "notes",
            "version",
        ]
        read_only_fields = fields


class ProgrammeSerializer(SpecReadSerializer):
    spec = PROGRAMME
    processes = ProgrammeProcessSerializer(source="rows", many=True, read_only=True)


ProgrammeSerializer.Meta.list_fields = [
    "id",
    "year",
    "title",
    "status",
    "revision",
    "approved_on",
    "version",
]


class ProgrammeWriteSerializer(SpecWriteSerializer):
    spec = PROGRAMME


class ProgrammeProcessWriteSerializer(SpecWriteSerializer):
    spec = PROGRAMME_PROCESS


class AuditSerializer(SpecReadSerializer):
    spec = AUDIT
    lead_auditor_email = serializers.EmailField(source="lead_auditor.email", read_only=True)


AuditSerializer.Meta.list_fields = [
    "id",
    "number",
    "title",
    "programme",
    "lead_auditor",
    "lead_auditor_email",
    "planned_month",
    "start_on",
    "end_on",
    "status",
    "reported_on",
    "version",
]


class AuditWriteSerializer(SpecWriteSerializer):
    spec = AUDIT


class FollowUpSerializer(StrictSerializer):
    planned_month = serializers.DateField(
        required=False, help_text="The month of the follow-up audit (any day of it)."
    )
