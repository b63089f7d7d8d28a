"""API representations of nonconformities, derived from the field specs (specs.py)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from qms.actions.choices import ActionKind, ActionStatus
from qms.core.api.serializers import StrictModelSerializer
from qms.core.specs import VERSION_HELP, SpecReadSerializer

from ..models import Nonconformity
from ..specs import EFFECTIVENESS_CHECK, NONCONFORMITY


def _clauses_queryset() -> Any:
    from qms.standards.models import Clause

    return Clause.objects.all()


class NonconformitySerializer(SpecReadSerializer):
    spec = NONCONFORMITY
    process_name = serializers.CharField(source="process.name", read_only=True, allow_null=True)
    owner_email = serializers.EmailField(source="owner.email", read_only=True, allow_null=True)
    risk_number = serializers.CharField(source="risk.number", read_only=True, allow_null=True)
    risk_title = serializers.CharField(source="risk.title", read_only=True, allow_null=True)


class NonconformityWriteSerializer(StrictModelSerializer):
    """What a client may set; `clauses` (ids of clauses of adopted editions) replaces the
    linked clauses. The number, state and action cycle are never written by a client."""

    clauses = serializers.PrimaryKeyRelatedField(
        queryset=_clauses_queryset(), many=True, required=False, help_text="Clause ids."
    )
    version = serializers.IntegerField(
        required=False, min_value=1, write_only=True, help_text=VERSION_HELP
    )

    class Meta:
        model = Nonconformity
        fields = [*NONCONFORMITY.fields, "clauses", "version"]

    def validate_risk(self, value: Any) -> Any:
        """A risk of the organization (not an opportunity) that is not closed; the one the
        NC points at already stays valid."""
        if value is None:
            return value
        from ..selectors import risk_queryset

        current = getattr(self.instance, "risk_id", None)
        if (
            not risk_queryset(organization=value.organization_id, current=current)
            .filter(pk=value.pk)
            .exists()
        ):
            raise serializers.ValidationError(
                "Choose a risk of the risk register that is not closed (not an opportunity)."
            )
        return value


class EffectivenessCheckSerializer(SpecReadSerializer):
    spec = EFFECTIVENESS_CHECK
    nonconformity_number = serializers.CharField(source="nonconformity.number", read_only=True)
    checked_by_email = serializers.EmailField(source="checked_by.email", read_only=True)


class NonconformityActionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One action raised from the nonconformity (read-only; the action tracker writes)."""

    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=ActionKind.choices, read_only=True)
    cycle = serializers.IntegerField(read_only=True, help_text="The action cycle it belongs to.")
    owner = serializers.IntegerField(read_only=True, help_text="User id.")
    owner_email = serializers.EmailField(read_only=True)
    due_date = serializers.DateField(read_only=True)
    status = serializers.ChoiceField(choices=ActionStatus.choices, read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)


class NonconformityHistorySerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One audit event about the nonconformity (its creation, changes and workflow steps)."""

    id = serializers.IntegerField(read_only=True)
    event_type = serializers.CharField(read_only=True, help_text="e.g. nonconformity.closed")
    actor = serializers.CharField(read_only=True, help_text="Who did it (e-mail address).")
    created_at = serializers.DateTimeField(read_only=True)
    transition = serializers.CharField(
        read_only=True, allow_null=True, help_text="The workflow step, if the event is one."
    )
    reason = serializers.CharField(read_only=True, help_text="The reason given for the step.")


class NonconformityDetailSerializer(NonconformitySerializer):
    """A nonconformity with its actions (every kind and cycle, by due date, at most 100)
    and its history (the newest 50 audit events, newest first). Send its `version` back
    with a change to have the change refused if someone else changed it first."""

    spec = NONCONFORMITY
    actions = NonconformityActionSerializer(
        many=True, read_only=True, source="detail_actions", help_text="At most 100, by due date."
    )
    history = NonconformityHistorySerializer(
        many=True, read_only=True, source="detail_history", help_text="The newest 50 events."
    )
