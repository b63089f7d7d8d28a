"""API representations of nonconformities, derived from the field specs (specs.py)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

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


class EffectivenessCheckSerializer(SpecReadSerializer):
    spec = EFFECTIVENESS_CHECK
    nonconformity_number = serializers.CharField(source="nonconformity.number", read_only=True)
    checked_by_email = serializers.EmailField(source="checked_by.email", read_only=True)
