"""API representations of management reviews, their pack, attendance and outputs."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from qms.accounts.models import User
from qms.core.api.serializers import (
    StrictModelSerializer,
    StrictSerializer,
    TenantPrimaryKeyRelatedField,
)
from qms.core.specs import SpecReadSerializer, SpecWriteSerializer

from ..choices import AttendanceStatus, OutputKind
from ..models import Attendance, InputSection, Output
from ..specs import REVIEW


class ReviewSerializer(SpecReadSerializer):
    spec = REVIEW
    chair_email = serializers.EmailField(source="chair.email", read_only=True)


ReviewSerializer.Meta.list_fields = [
    "id",
    "number",
    "title",
    "status",
    "planned_on",
    "held_on",
    "period_start",
    "period_end",
    "chair",
    "chair_email",
    "format",
    "location",
    "compiled_at",
    "version",
]


class ReviewWriteSerializer(SpecWriteSerializer):
    spec = REVIEW

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("period_start", "period_end"):
            if name in self.fields:
                self.fields[name].required = False


class SectionSerializer(StrictModelSerializer):
    class Meta:
        model = InputSection
        fields = [
            "id",
            "key",
            "title",
            "clause",
            "position",
            "figures",
            "links",
            "note",
            "manual_text",
            "no_data",
            "compiled_at",
        ]
        read_only_fields = fields


class SectionTextSerializer(StrictSerializer):
    key = serializers.CharField(max_length=40, help_text="The section's key.")
    text = serializers.CharField(allow_blank=True, max_length=20000, help_text="Markdown.")


class AttendanceSerializer(StrictModelSerializer):
    person = serializers.CharField(read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "user", "name", "person", "role", "status"]
        read_only_fields = fields


class AttendanceWriteSerializer(StrictSerializer):
    user = TenantPrimaryKeyRelatedField(
        queryset=User.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="A member (else `name`).",
    )
    name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    role = serializers.CharField(max_length=200)
    status = serializers.ChoiceField(
        choices=AttendanceStatus.choices, default=AttendanceStatus.PRESENT
    )


class OutputSerializer(StrictModelSerializer):
    action_number = serializers.CharField(source="action.number", read_only=True)
    action_status = serializers.CharField(source="action.status", read_only=True)
    action_owner = serializers.IntegerField(source="action.owner_id", read_only=True)
    action_due_date = serializers.DateField(source="action.due_date", read_only=True)

    class Meta:
        model = Output
        fields = [
            "id",
            "kind",
            "decision",
            "action",
            "action_number",
            "action_status",
            "action_owner",
            "action_due_date",
        ]
        read_only_fields = fields


class OutputWriteSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=OutputKind.choices)
    decision = serializers.CharField(max_length=4000)
    title = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    owner = TenantPrimaryKeyRelatedField(
        queryset=User.objects.all(), help_text="The action owner (a member)."
    )
    due_date = serializers.DateField()
