"""The base of every write serializer, and the body of every error response.

`StrictModelSerializer` is strict about input so that a client's mistake is reported, never
silently "corrected": an unknown or read-only field, a float or boolean where an id is
expected, a country that is not an ISO 3166-1 code are all 400s beside the field.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_countries.serializer_fields import CountryField as CountriesCountryField
from django_countries.serializers import CountryFieldMixin
from rest_framework import serializers

from ..querysets import limit_to_organization

UNKNOWN_FIELD = "Unknown field."
READ_ONLY_FIELD = "This field is read-only."


class CountryCodeField(CountriesCountryField):
    """An ISO 3166-1 alpha-2 code (`GB`), in and out.

    django-countries' own field also accepts names and alpha-3 codes on input; an API that
    documents codes takes codes only, so `GBR` or `United Kingdom` is a clear 400.
    """

    default_error_messages = {
        "invalid_choice": '"{input}" is not an ISO 3166-1 alpha-2 country code (e.g. "GB").'
    }

    def to_internal_value(self, data: Any) -> Any:
        if data == "" and self.allow_blank:
            return ""
        if not isinstance(data, str) or len(data) != 2 or data.upper() not in self.choices:
            self.fail("invalid_choice", input=data)
        return data.upper()


class StrictFieldsMixin:
    """Refuses fields the serializer does not know or that cannot be written.

    A typo must not be silently dropped, and a read-only field (`id`, `created_at`, …) sent
    in a write is as much a mistake as an unknown one. Every problem is reported at once.
    The schema declares such a body closed (`additionalProperties: false`); a serializer
    that refuses unknown fields by other means may set `refuses_unknown_fields = True`.
    """

    refuses_unknown_fields = True
    fields: Any

    def to_internal_value(self, data: Any) -> Any:
        errors: dict[str, Any] = {}
        if isinstance(data, dict):
            for name in sorted(data):
                field = self.fields.get(name)
                if field is None:
                    errors[name] = [UNKNOWN_FIELD]
                elif field.read_only:
                    errors[name] = [READ_ONLY_FIELD]
        try:
            value = super().to_internal_value(data)  # type: ignore[misc]
        except serializers.ValidationError as exc:
            if not errors:
                raise
            detail = (
                exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
            )
            raise serializers.ValidationError({**detail, **errors}) from exc
        if errors:
            raise serializers.ValidationError(errors)
        return value


class StrictSerializer(StrictFieldsMixin, serializers.Serializer):  # type: ignore[type-arg]
    """A plain input serializer (an action's body) that refuses unknown fields."""


class StrictModelSerializer(StrictFieldsMixin, CountryFieldMixin, serializers.ModelSerializer):  # type: ignore[type-arg]
    """The base of every model serializer: strict about fields (StrictFieldsMixin), countries
    as ISO 3166-1 alpha-2 codes, ids as integers.

    Related fields only offer objects of the request's organization: a foreign key to
    another tenant's object is "does not exist", exactly like a wrong id.
    """

    def build_standard_field(self, field_name: str, model_field: Any) -> Any:
        field_class, kwargs = super().build_standard_field(field_name, model_field)  # type: ignore[no-untyped-call]
        if field_class is CountriesCountryField:
            field_class = CountryCodeField
        return field_class, kwargs

    def build_relational_field(self, field_name: str, relation_info: Any) -> Any:
        field_class, kwargs = super().build_relational_field(field_name, relation_info)
        if field_class is serializers.PrimaryKeyRelatedField and "queryset" in kwargs:
            field_class = TenantPrimaryKeyRelatedField
        return field_class, kwargs


def _is_integer_id(data: Any) -> bool:
    """An id is an integer or a string of digits: `1.5`, `true` or `"1.0"` are not ids
    (the database would have quietly turned `1.5` into pk 1)."""
    if isinstance(data, bool):
        return False
    if isinstance(data, int):
        return True
    return isinstance(data, str) and data.isascii() and data.isdigit()


class TenantPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    def get_queryset(self) -> QuerySet[Any]:
        queryset: QuerySet[Any] | None = super().get_queryset()
        if queryset is None:
            raise TypeError(f"{self.field_name} needs a queryset")
        request = self.context.get("request")
        organization = getattr(getattr(request, "_request", None), "organization", None)
        return limit_to_organization(queryset, organization)

    def to_internal_value(self, data: Any) -> Any:
        if not _is_integer_id(data):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class ErrorSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The body of every error response (400, 401, 403, 404, 405, 406, 409, 415, 429)."""

    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages per field; `non_field_errors` for the object as a whole.",
    )
