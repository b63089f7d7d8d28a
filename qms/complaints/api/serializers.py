"""API representations of complaints, derived from the field spec (specs.py)."""

from __future__ import annotations

from rest_framework import serializers

from qms.core.api.serializers import StrictSerializer
from qms.core.specs import SpecReadSerializer, SpecWriteSerializer
from qms.nonconformities.choices import Severity

from ..specs import COMPLAINT


class ComplaintSerializer(SpecReadSerializer):
    spec = COMPLAINT
    owner_email = serializers.EmailField(source="owner.email", read_only=True)
    nonconformity_number = serializers.CharField(
        source="nonconformity.number", read_only=True, allow_null=True, default=None
    )


class ComplaintWriteSerializer(SpecWriteSerializer):
    spec = COMPLAINT


class EscalateSerializer(StrictSerializer):
    """Escalate the complaint to a nonconformity (source "customer_complaint")."""

    severity = serializers.ChoiceField(
        choices=Severity.choices,
        default="minor",
        help_text="The nonconformity's severity (default minor).",
    )
    process = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="The id of a process, if known."
    )
    version = serializers.IntegerField(
        required=False, min_value=1, help_text="The complaint version this is based on."
    )


class EscalatedSerializer(serializers.Serializer):  # type: ignore[type-arg]
    complaint = ComplaintSerializer()
    nonconformity_id = serializers.IntegerField()
    nonconformity_number = serializers.CharField()
