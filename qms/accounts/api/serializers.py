from __future__ import annotations

from typing import Any

from rest_framework import serializers

from qms.core.api.serializers import StrictModelSerializer
from qms.core.permissions import Role

from ..models import ApiToken, Invitation, Membership, User


class UserSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = ["id", "email", "full_name"]
        read_only_fields = fields


class MeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    user = UserSerializer()
    organization = serializers.DictField()
    role = serializers.ChoiceField(choices=Role.choices)
    permissions = serializers.ListField(child=serializers.CharField())


class MembershipSerializer(StrictModelSerializer):
    user = UserSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "role", "version", "created_at"]
        read_only_fields = ["id", "user", "version", "created_at"]


class MembershipWriteSerializer(StrictModelSerializer):
    class Meta:
        model = Membership
        fields = ["role"]


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
