from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from ..querysets import limit_to_organization


class StrictModelSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """Rejects fields it does not know (a typo must not be silently dropped).

    Related fields only offer objects of the request's organization: a foreign key to
    another tenant's object is "does not exist", exactly like a wrong id.
    """

    def to_internal_value(self, data: Any) -> Any:
        unknown = sorted(set(data) - set(self.fields)) if isinstance(data, dict) else []
        errors: dict[str, Any] = {name: ["Unknown field."] for name in unknown}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            # Report every problem at once: unknown fields beside the invalid ones.
            if not errors:
                raise
            detail = (
                exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
            )
            raise serializers.ValidationError({**detail, **errors}) from exc
        if errors:
            raise serializers.ValidationError(errors)
        return value

    def build_relational_field(self, field_name: str, relation_info: Any) -> Any:
        field_class, kwargs = super().build_relational_field(field_name, relation_info)
        if field_class is serializers.PrimaryKeyRelatedField and "queryset" in kwargs:
            field_class = TenantPrimaryKeyRelatedField
        return field_class, kwargs


class TenantPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    def get_queryset(self) -> QuerySet[Any]:
        queryset: QuerySet[Any] | None = super().get_queryset()
        if queryset is None:
            raise TypeError(f"{self.field_name} needs a queryset")
        request = self.context.get("request")
        organization = getattr(getattr(request, "_request", None), "organization", None)
        return limit_to_organization(queryset, organization)


class ErrorSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The body of every error response (400, 401, 403, 404, 409)."""

    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()), required=False
    )
