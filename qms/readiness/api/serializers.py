"""The readiness report as JSON (documented field by field) and saved snapshots."""

from __future__ import annotations

from rest_framework import serializers

from qms.core.api.serializers import StrictSerializer

from ..choices import ClauseState, GapSeverity
from ..models import ReadinessSnapshot


class ReadinessEvidenceSerializer(serializers.Serializer):  # type: ignore[type-arg]
    title = serializers.CharField()
    url = serializers.CharField(allow_null=True, help_text="The linked record's page.")
    state = serializers.ChoiceField(
        choices=[ClauseState.EFFECTIVE, ClauseState.DRAFT],
        help_text="Whether the linked record is in force.",
    )
    reviewed = serializers.BooleanField(help_text="The evidence link has been reviewed.")
    via = serializers.CharField(
        allow_blank=True,
        help_text="The equivalent clause the record is linked to, if not this one.",
    )


class ReadinessClauseLineSerializer(serializers.Serializer):  # type: ignore[type-arg]
    clause_id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    reference = serializers.CharField()
    state = serializers.ChoiceField(choices=ClauseState.choices)
    state_label = serializers.CharField()
    justification = serializers.CharField(
        allow_blank=True, help_text="Why the clause is not applicable (excluded clauses)."
    )
    audited_on = serializers.DateField(
        allow_null=True, help_text="The latest completed internal audit covering the clause."
    )
    evidence = ReadinessEvidenceSerializer(many=True)
    gaps = serializers.ListField(child=serializers.CharField())


class ReadinessGroupSerializer(serializers.Serializer):  # type: ignore[type-arg]
    number = serializers.CharField()
    title = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="Clauses per state.")
    clauses = ReadinessClauseLineSerializer(many=True)


class ReadinessEditionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    edition_id = serializers.IntegerField()
    edition = serializers.CharField()
    title = serializers.CharField()
    percentage = serializers.FloatField()
    applicable = serializers.IntegerField()
    ready = serializers.IntegerField()
    groups = ReadinessGroupSerializer(many=True)


class ReadinessGapItemSerializer(serializers.Serializer):  # type: ignore[type-arg]
    title = serializers.CharField()
    url = serializers.CharField(allow_null=True)


class ReadinessGapSerializer(serializers.Serializer):  # type: ignore[type-arg]
    key = serializers.CharField(help_text="A stable name of the check, e.g. quality_policy.")
    severity = serializers.ChoiceField(choices=GapSeverity.choices)
    severity_label = serializers.CharField()
    message = serializers.CharField()
    clause = serializers.CharField(allow_blank=True)
    clause_url = serializers.CharField(allow_null=True)
    url = serializers.CharField(allow_null=True, help_text="Where to fix it.")
    link_label = serializers.CharField(allow_blank=True)
    items = ReadinessGapItemSerializer(many=True)


class ReadinessLackingSerializer(serializers.Serializer):  # type: ignore[type-arg]
    clause_id = serializers.IntegerField()
    reference = serializers.CharField()
    number = serializers.CharField()
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=[ClauseState.NONE, ClauseState.DRAFT])
    state_label = serializers.CharField()


class ReadinessReportSerializer(serializers.Serializer):  # type: ignore[type-arg]
    organization = serializers.CharField()
    date = serializers.DateField()
    percentage = serializers.FloatField(
        help_text=(
            "Clauses with effective or reviewed evidence divided by applicable leaf clauses, "
            "times 100."
        )
    )
    applicable = serializers.IntegerField()
    ready = serializers.IntegerField()
    excluded = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())
    audit_since = serializers.DateField()
    review_since = serializers.DateField()
    gaps = ReadinessGapSerializer(many=True, help_text="Most serious first.")
    lacking = ReadinessLackingSerializer(
        many=True, help_text="Applicable clauses without evidence in force (none or draft only)."
    )
    editions = ReadinessEditionSerializer(many=True)


class ReadinessSnapshotSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = ReadinessSnapshot
        fields = ["id", "taken_at", "taken_by", "percentage", "note", "created_at"]
        read_only_fields = fields


class ReadinessSnapshotDetailSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    report = ReadinessReportSerializer(source="data", read_only=True)

    class Meta:
        model = ReadinessSnapshot
        fields = ["id", "taken_at", "taken_by", "percentage", "note", "created_at", "report"]
        read_only_fields = fields


class ReadinessSnapshotCreateSerializer(StrictSerializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
