from __future__ import annotations

from typing import Any

from rest_framework import serializers

from qms.core.api.serializers import StrictModelSerializer
from qms.core.permissions import Role, role_choices

from ..models import ApiToken, Invitation, Membership, User


class UserSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = ["id", "email", "full_name"]
        read_only_fields = fields


class MeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    user = UserSerializer()
    organization = serializers.DictField()
    role = serializers.ChoiceField(choices=Role.choices)  # every role: see get_fields()
    roles = serializers.ListField(
        child=serializers.CharField(), help_text="Every role held: the primary role first."
    )
    permissions = serializers.ListField(
        child=serializers.CharField(), help_text="What the roles together allow."
    )

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()
        # The primary role may be one an app registered in ready() (e.g. a certification role).
        fields["role"] = serializers.ChoiceField(choices=role_choices())
        return fields


def additional_roles_field(**kwargs: Any) -> serializers.ListField:
    """A list of role values, each one of the roles registered now (apps add theirs in
    ready(), so the choices are read when the serializer is made)."""
    return serializers.ListField(
        child=serializers.ChoiceField(choices=role_choices()),
        help_text="Further roles the member holds beside the primary role (none twice, "
        "not the primary role).",
        **kwargs,
    )


class MembershipSerializer(StrictModelSerializer):
    user = UserSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "role", "additional_roles", "version", "created_at"]
        read_only_fields = ["id", "user", "additional_roles", "version", "created_at"]

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()
        fields["additional_roles"] = additional_roles_field(read_only=True)
        return fields


class MembershipWriteSerializer(StrictModelSerializer):
    class Meta:
        model = Membership
        fields = ["role", "additional_roles"]

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()
        fields["additional_roles"] = additional_roles_field(required=False)
        return fields


class InvitationSerializer(StrictModelSerializer):
    invited_by = serializers.EmailField(source="invited_by.email", read_only=True)
    is_pending = serializers.BooleanField(read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "email",
            "role",
            "invited_by",
            "expires_at",
            "accepted_at",
            "is_pending",
            "version",
            "created_at",
        ]
        read_only_fields = fields


class InvitationWriteSerializer(StrictModelSerializer):
    class Meta:
        model = Invitation
        fields = ["email", "role"]


class TokenSerializer(StrictModelSerializer):
    organization: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "prefix",
            "organization",
            "created_at",
            "last_used_at",
            "revoked_at",
        ]
        read_only_fields = fields


class TokenCreateSerializer(StrictModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["name"]


class TokenCreatedSerializer(TokenSerializer):
    token = serializers.CharField(read_only=True, help_text="The secret. It is shown only once.")

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "token"]
        read_only_fields = fields
