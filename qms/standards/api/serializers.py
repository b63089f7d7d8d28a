"""API representations of the standards library: explicit fields, narrow list rows."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from rest_framework import serializers

from qms.core.api.serializers import StrictModelSerializer, StrictSerializer
from qms.core.specs import SpecReadSerializer, SpecWriteSerializer

from ..models import (
    AuditTimeTable,
    Clause,
    ClauseApplicability,
    ClauseEvidence,
    IafCode,
    Standard,
    StandardEdition,
    TransitionRule,
)
from ..specs import ORGANIZATION_STANDARD


class StandardSerializer(StrictModelSerializer):
    class Meta:
        model = Standard
        fields = ["id", "urn", "code", "title", "owner", "family"]
        read_only_fields = fields


class EditionSerializer(StrictModelSerializer):
    standard_code = serializers.CharField(source="standard.code", read_only=True)

    class Meta:
        model = StandardEdition
        fields = [
            "id",
            "urn",
            "standard",
            "standard_code",
            "edition",
            "status",
            "published_on",
            "amendments",
            "milestones",
            "note",
            "superseded_by",
            "source_file",
            "source_sha256",
        ]
        read_only_fields = fields
        list_fields = [
            "id",
            "urn",
            "standard",
            "standard_code",
            "edition",
            "status",
            "published_on",
            "superseded_by",
        ]


class ClauseSerializer(StrictModelSerializer):
    hs_core_ref = serializers.CharField(source="hs_core_ref.code", read_only=True, allow_null=True)

    class Meta:
        model = Clause
        fields = [
            "id",
            "urn",
            "edition",
            "number",
            "title",
            "label",
            "parent",
            "kind",
            "theme",
            "is_requirement",
            "doc_info",
            "guidance",
            "may_be_not_applicable",
            "uncertain",
            "hs_core_ref",
        ]
        read_only_fields = fields
        list_fields = ["id", "urn", "edition", "number", "title", "label", "parent", "kind"]


class OrganizationStandardSerializer(SpecReadSerializer):
    spec = ORGANIZATION_STANDARD


class OrganizationStandardWriteSerializer(SpecWriteSerializer):
    spec = ORGANIZATION_STANDARD


class ApplicabilitySerializer(StrictModelSerializer):
    class Meta:
        model = ClauseApplicability
        fields = ["id", "clause", "applicable", "justification", "version", "updated_at"]
        read_only_fields = fields


class ApplicabilityWriteSerializer(StrictSerializer):
    """Declare a clause not applicable (with a justification), or applicable again."""

    clause = serializers.PrimaryKeyRelatedField(queryset=Clause.objects.all())
    applicable = serializers.BooleanField()
    justification = serializers.CharField(required=False, allow_blank=True, default="")


def _subject_type(content_type_id: int) -> str:
    content_type = ContentType.objects.get_for_id(content_type_id)  # cached: no query per row
    return f"{content_type.app_label}.{content_type.model}"


class EvidenceSerializer(StrictModelSerializer):
    """A record linked to a clause as evidence (`subject_type` is `app_label.model`)."""

    subject_type = serializers.SerializerMethodField()
    subject_id = serializers.IntegerField(source="object_id", read_only=True)

    class Meta:
        model = ClauseEvidence
        fields = [
            "id",
            "clause",
            "subject_type",
            "subject_id",
            "note",
            "reviewed_at",
            "reviewed_by",
            "created_by",
            "version",
            "created_at",
        ]
        read_only_fields = fields

    def get_subject_type(self, obj: ClauseEvidence) -> str:
        return _subject_type(obj.content_type_id)


class EvidenceWriteSerializer(StrictSerializer):
    clause = serializers.PrimaryKeyRelatedField(queryset=Clause.objects.all())
    subject_type = serializers.CharField(
        max_length=100,
        help_text="The linked record's `app_label.model`, e.g. organizations.process.",
    )
    subject_id = serializers.IntegerField(min_value=1)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TransitionRuleSerializer(StrictModelSerializer):
    class Meta:
        model = TransitionRule
        fields = [
            "id",
            "old_edition",
            "new_edition",
            "published_on",
            "audits_to_new_only_from",
            "old_certificates_invalid_after",
            "note",
        ]
        read_only_fields = fields


class MappingRowSerializer(StrictSerializer):
    from_clause = serializers.CharField(allow_null=True)
    to_clause = serializers.CharField(allow_null=True)
    relation = serializers.CharField()
    note = serializers.CharField()


class CarryOverSerializer(StrictSerializer):
    clause = serializers.CharField(help_text="Number of the old clause.")
    evidence = serializers.ListField(child=serializers.IntegerField())
    to_clauses = serializers.ListField(child=serializers.CharField())


class TransitionDiffSerializer(StrictSerializer):
    rule = TransitionRuleSerializer(allow_null=True)
    changes = MappingRowSerializer(many=True)
    carry_over = CarryOverSerializer(many=True)

    @staticmethod
    def from_diff(diff: Any) -> dict[str, Any]:
        return {
            "rule": TransitionRuleSerializer(diff.rule).data if diff.rule else None,
            "changes": [
                {
                    "from_clause": m.from_clause.number if m.from_clause else None,
                    "to_clause": m.to_clause.number if m.to_clause else None,
                    "relation": m.relation,
                    "note": m.note,
                }
                for mappings in diff.changes.values()
                for m in mappings
            ],
            "carry_over": [
                {
                    "clause": item.clause.number,
                    "evidence": [evidence.evidence.pk for evidence in item.evidence],
                    "to_clauses": [m.to_clause.number for m in item.targets],
                }
                for item in diff.carry_over
            ],
        }


class IafCodeSerializer(StrictModelSerializer):
    """An IAF (EA) sector code with its NACE Rev. 2 codes (the most specific code wins)."""

    class Meta:
        model = IafCode
        fields = ["id", "code", "position", "title", "nace", "source"]
        read_only_fields = fields


class AuditTimeTableSerializer(StrictModelSerializer):
    """One version of an audit-time table: `rows` are `{min, max, days: {category: days}}`
    bands; a last band with `max` null and `days` null needs a manual value."""

    class Meta:
        model = AuditTimeTable
        fields = [
            "id",
            "urn",
            "name",
            "document",
            "table_version",
            "valid_from",
            "standards",
            "categories",
            "default_category",
            "rows",
            "note",
            "source_file",
            "source_sha256",
        ]
        read_only_fields = fields
