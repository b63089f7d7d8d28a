"""API representations of surveys, questions, invitations (never their token) and
responses (read-only, with their answers)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from qms.core.api.serializers import StrictModelSerializer, StrictSerializer
from qms.core.specs import SpecReadSerializer, SpecWriteSerializer

from ..models import SurveyAnswer, SurveyInvitation
from ..services.invitations import MAX_INVITEES
from ..specs import INVITATION, QUESTION, RESPONSE, SURVEY


class SurveySerializer(SpecReadSerializer):
    spec = SURVEY


class SurveyWriteSerializer(SpecWriteSerializer):
    spec = SURVEY


class SurveyQuestionSerializer(SpecReadSerializer):
    spec = QUESTION


class SurveyQuestionWriteSerializer(SpecWriteSerializer):
    spec = QUESTION


class SurveyInvitationSerializer(SpecReadSerializer):
    """An invited customer: name, address, when the link was sent, until when it works and
    when it was answered. The link itself is never shown (it is only e-mailed)."""

    spec = INVITATION


def _flat(detail: Any, prefix: str = "") -> list[str]:
    """Error details of a list of invitees as plain messages ("Row 2: email: …"), the shape
    of every field error of the API."""
    if isinstance(detail, dict):
        found = []
        for name, value in detail.items():
            if isinstance(name, int):  # a row of the list, counted from 0
                label = f"Row {name + 1}: "
            else:
                label = "" if name == "non_field_errors" else f"{name}: "
            found += _flat(value, f"{prefix}{label}")
        return found
    if isinstance(detail, list):
        if detail and all(isinstance(item, dict) for item in detail):
            found = []
            for row, item in enumerate(detail, start=1):
                if item:
                    found += _flat(item, f"{prefix}Row {row}: ")
            return found
        return [message for item in detail for message in _flat(item, prefix)]
    return [f"{prefix}{detail}"]


class InviteeListSerializer(serializers.ListSerializer):  # type: ignore[type-arg]
    def run_validation(self, data: Any = serializers.empty) -> Any:
        try:
            return super().run_validation(data)
        except serializers.ValidationError as error:
            raise serializers.ValidationError(_flat(error.detail)) from error


class InviteeSerializer(StrictSerializer):
    customer_name = serializers.CharField(max_length=200)
    email = serializers.EmailField(max_length=254)
    contact = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    class Meta:
        list_serializer_class = InviteeListSerializer


class SurveyInvitationCreateSerializer(StrictModelSerializer):
    """Invite customers to an open survey: one invitation each, links e-mailed on commit."""

    invitees = InviteeSerializer(many=True, allow_empty=False)

    class Meta:
        model = SurveyInvitation
        fields = ["survey", "invitees"]

    def validate_invitees(self, value: list[Any]) -> list[Any]:
        if len(value) > MAX_INVITEES:
            raise serializers.ValidationError(f"Invite at most {MAX_INVITEES} customers at once.")
        return value


class SurveyAnswerSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    question_text = serializers.CharField(source="question.text", read_only=True)

    class Meta:
        model = SurveyAnswer
        fields = ["question", "question_text", "rating", "comment"]
        read_only_fields = fields


class SurveyResponseSerializer(SpecReadSerializer):
    spec = RESPONSE
    customer_name = serializers.CharField(source="invitation.customer_name", read_only=True)
    answers = SurveyAnswerSerializer(many=True, read_only=True)


class RatingCountSerializer(serializers.Serializer):  # type: ignore[type-arg]
    rating = serializers.IntegerField()
    count = serializers.IntegerField()


class QuestionResultSerializer(serializers.Serializer):  # type: ignore[type-arg]
    question = serializers.IntegerField(source="question.pk")
    text = serializers.CharField(source="question.text")
    kind = serializers.CharField(source="question.kind")
    answers = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True)
    distribution = serializers.SerializerMethodField()
    comments = serializers.ListField(child=serializers.CharField())

    @extend_schema_field(RatingCountSerializer(many=True))
    def get_distribution(self, result: Any) -> list[dict[str, int]]:
        return [{"rating": value, "count": count} for value, count in result.distribution]


class SurveyResultsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One survey's results: invitations, answers, response rate (percent, null when nobody
    was invited) and per question the mean and distribution of ratings or the comments."""

    survey = serializers.IntegerField(source="survey.pk")
    invited = serializers.IntegerField()
    responded = serializers.IntegerField()
    response_rate = serializers.FloatField(allow_null=True)
    questions = QuestionResultSerializer(many=True)
