"""API of audit checklists and findings: `audit-checklist-items` (list per audit, read, PATCH
the answer) and `audit-findings` (read). Registered on the app's router by `register()`."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from qms.core.api.serializers import StrictSerializer
from qms.core.api.viewsets import TenantModelViewSet, TenantReadOnlyViewSet
from qms.core.specs import VERSION_HELP

from ..checklists import checklist_answer
from ..choices import ChecklistAnswer
from ..filtersets import ChecklistItemFilterSet, FindingFilterSet
from ..findings import finding_list
from ..models import ChecklistItem, Finding


# What a checklist item and a finding both show of their audit and clause (a comment, not a
# docstring: drf-spectacular would give it to both schema components as their description).
class _OfAuditSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    audit_number = serializers.CharField(source="audit.number", read_only=True)
    clause_number = serializers.CharField(source="clause.number", read_only=True, allow_null=True)


class ChecklistItemSerializer(_OfAuditSerializer):
    answered_by_email = serializers.EmailField(
        source="answered_by.email", read_only=True, allow_null=True
    )

    class Meta:
        model = ChecklistItem
        fields = [
            "id",
            "audit",
            "audit_number",
            "clause",
            "clause_number",
            "position",
            "question",
            "guidance",
            "answer",
            "notes",
            "evidence_notes",
            "answered_by_email",
            "answered_at",
            "previous_answer",
            "previous_notes",
            "version",
        ]
        read_only_fields = fields


class ChecklistAnswerSerializer(StrictSerializer):
    """The answer to one question. A graded answer (minor, major, observation, improvement)
    needs notes: they become the finding's statement. Minor and major findings create a
    nonconformity record. Sending the stored values again changes nothing (safe to retry)."""

    answer = serializers.ChoiceField(choices=ChecklistAnswer.choices, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    evidence_notes = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    version = serializers.IntegerField(
        required=False, min_value=1, write_only=True, help_text=VERSION_HELP
    )


def _answer(*, actor: Any, instance: ChecklistItem, data: Any, version: int | None) -> Any:
    return checklist_answer(
        actor=actor,
        item=instance,
        answer=data.get("answer", instance.answer),
        notes=data.get("notes", instance.notes),
        evidence_notes=data.get("evidence_notes", instance.evidence_notes),
        version=version,
    )


class ChecklistItemViewSet(TenantModelViewSet):
    """The questions of audit checklists; filter with `audit` (an audit id) and `answer`.
    PATCH records the answer (the audit must be in progress and the caller in its team);
    a stale version answers 409 "stale"."""

    queryset = ChecklistItem.objects.none()
    serializer_class = ChecklistItemSerializer
    write_serializer_class = ChecklistAnswerSerializer
    filterset_class = ChecklistItemFilterSet
    ordering_fields = ["position", "id", "answered_at"]
    ordering = ["audit_id", "position", "id"]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "patch", "head", "options"]
    update_service = staticmethod(_answer)

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("audit", "clause", "answered_by")


class FindingSerializer(_OfAuditSerializer):
    nonconformity_number = serializers.CharField(
        source="nonconformity.number", read_only=True, allow_null=True
    )

    class Meta:
        model = Finding
        fields = [
            "id",
            "audit",
            "audit_number",
            "number",
            "grade",
            "clause",
            "clause_number",
            "checklist_item",
            "statement",
            "evidence",
            "nonconformity",
            "nonconformity_number",
            "status",
            "withdrawn_at",
            "withdrawn_by",
            "withdrawn_reason",
            "created_at",
            "version",
        ]
        read_only_fields = fields


class FindingViewSet(TenantReadOnlyViewSet):
    """Audit findings (raised from checklist answers; read-only here; a withdrawn finding is
    kept with `status` "withdrawn" and its reason). Filters: `grade`, `audit`, `status`
    (raised/withdrawn), `state` (open/closed), `clause` (a clause number, sub-clauses
    included), `q`."""

    queryset = Finding.objects.none()
    serializer_class = FindingSerializer
    filterset_class = FindingFilterSet
    ordering_fields = ["id", "number", "grade"]
    ordering = ["-id"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> Any:
        return finding_list(user=self.request.user, organization=self.organization)


def register(router: Any) -> None:
    router.register(
        "audit-checklist-items", ChecklistItemViewSet, basename="internal_audits-checklistitem"
    )
    router.register("audit-findings", FindingViewSet, basename="internal_audits-finding")
