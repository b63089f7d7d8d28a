"""API representations of quality objectives and measurements (from the specs)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import serializers

from qms.core.api.serializers import StrictSerializer
from qms.core.specs import SpecReadSerializer, SpecWriteSerializer

from ..choices import Performance
from ..selectors import performance_of
from ..specs import MEASUREMENT, OBJECTIVE


class ObjectiveSerializer(SpecReadSerializer):
    spec = OBJECTIVE
    owner_email = serializers.EmailField(source="owner.email", read_only=True)
    latest_value = serializers.DecimalField(
        max_digits=14, decimal_places=4, read_only=True, allow_null=True, default=None
    )
    latest_period = serializers.DateField(read_only=True, allow_null=True, default=None)
    performance = serializers.SerializerMethodField()

    def get_performance(self, obj: Any) -> str:
        """on_track, at_risk, missed or no_data (computed, never set)."""
        value = performance_of(obj, today=timezone.localdate())
        return str(Performance(value).value)


ObjectiveSerializer.Meta.list_fields = [
    "id",
    "number",
    "title",
    "owner",
    "owner_email",
    "status",
    "unit",
    "direction",
    "target",
    "start_date",
    "due_date",
    "source",
    "latest_value",
    "latest_period",
    "performance",
    "version",
]


class ObjectiveWriteSerializer(SpecWriteSerializer):
    spec = OBJECTIVE


class MeasurementSerializer(SpecReadSerializer):
    spec = MEASUREMENT
    objective_number = serializers.CharField(source="objective.number", read_only=True)


class MeasurementWriteSerializer(StrictSerializer):
    """Record the value of one period of an objective."""

    objective = serializers.IntegerField(min_value=1)
    period = serializers.CharField(help_text="The month as YYYY-MM, or a date in the period.")
    value = serializers.DecimalField(max_digits=14, decimal_places=4)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ReasonSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=500)
    value = serializers.DecimalField(max_digits=14, decimal_places=4, required=False)
    version = serializers.IntegerField(required=False, min_value=1)
