"""API representations of actions, derived from the field spec."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from qms.core.specs import SpecReadSerializer, SpecWriteSerializer

from ..specs import ACTION


class ActionSerializer(SpecReadSerializer):
    """An action. `origin_type` is the origin's `app_label.model` (empty for a free-standing
    action), `origin_id` its id and `origin_label` its name when the action was raised."""

    spec = ACTION
    owner_email = serializers.EmailField(source="owner.email", read_only=True)
    origin_app_label = serializers.CharField(
        source="origin_type.app_label", read_only=True, allow_null=True
    )
    origin_model = serializers.CharField(
        source="origin_type.model", read_only=True, allow_null=True
    )


# The list row: what the list page shows, plus the origin and the version.
ActionSerializer.Meta.list_fields = [
    "id",
    "number",
    "title",
    "kind",
    "priority",
    "owner",
    "owner_email",
    "due_date",
    "status",
    "origin_app_label",
    "origin_model",
    "origin_id",
    "origin_label",
    "cycle",
    "version",
]


class ActionWriteSerializer(SpecWriteSerializer):
    spec = ACTION


class ActionCreateSerializer(ActionWriteSerializer):
    """A new action; `origin_type` (`app_label.model`, e.g. `nonconformities.nonconformity`)
    and `origin_id` name the record it comes from (both or neither)."""

    origin_type = serializers.RegexField(
        r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$",
        max_length=100,
        required=False,
        write_only=True,
        help_text="The origin's `app_label.model`.",
    )
    origin_id = serializers.IntegerField(
        required=False, min_value=1, max_value=2**53, write_only=True
    )

    class Meta(ActionWriteSerializer.Meta):
        fields = [*ActionWriteSerializer.Meta.fields, "origin_type", "origin_id"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if ("origin_type" in attrs) != ("origin_id" in attrs):
            missing = "origin_id" if "origin_type" in attrs else "origin_type"
            raise serializers.ValidationError(
                {missing: ["Give both origin_type and origin_id, or neither."]}
            )
        return attrs
