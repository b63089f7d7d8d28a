"""API representations of the risk register, derived from the field spec (specs.py)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from qms.core.api.serializers import StrictModelSerializer, StrictSerializer
from qms.core.specs import VERSION_HELP, SpecReadSerializer

from ..choices import ReviewOutcome
from ..models import Risk, RiskAssessment
from ..specs import RISK


def _clauses_queryset() -> Any:
    from qms.standards.models import Clause

    return Clause.objects.all()


class RiskSerializer(SpecReadSerializer):
    spec = RISK
    owner_email = serializers.EmailField(source="owner.email", read_only=True, allow_null=True)


class RiskWriteSerializer(StrictModelSerializer):
    """What a client may set; ratings are levels of the organization's matrix (a level
    outside it is a 400 beside the field); `clauses` (clause ids) replaces the linked
    clauses. The number, state, scores and bands are never written by a client."""

    clauses = serializers.PrimaryKeyRelatedField(
        queryset=_clauses_queryset(), many=True, required=False, help_text="Clause ids."
    )
    version = serializers.IntegerField(
        required=False, min_value=1, write_only=True, help_text=VERSION_HELP
    )

    class Meta:
        model = Risk
        fields = [*RISK.fields, "clauses", "version"]


class RiskAssessmentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    assessed_by_email = serializers.EmailField(
        source="assessed_by.email", read_only=True, allow_null=True
    )

    class Meta:
        model = RiskAssessment
        fields = [
            "id",
            "assessed_on",
            "assessed_by_email",
            "inherent_likelihood",
            "inherent_consequence",
            "inherent_score",
            "inherent_band",
            "residual_likelihood",
            "residual_consequence",
            "residual_score",
            "residual_band",
            "value",
            "effort",
        ]
        read_only_fields = fields


BANDS_HELP = 'Bands as {"key", "label", "min_score", "colour" (#rrggbb)}; the lowest starts at 1.'


class RiskMatrixSerializer(StrictSerializer):
    likelihood_labels = serializers.ListField(child=serializers.CharField(max_length=60))
    consequence_labels = serializers.ListField(child=serializers.CharField(max_length=60))
    bands = serializers.ListField(child=serializers.DictField(), help_text=BANDS_HELP)
    value_labels = serializers.ListField(child=serializers.CharField(max_length=60))
    effort_labels = serializers.ListField(child=serializers.CharField(max_length=60))
    opportunity_bands = serializers.ListField(child=serializers.DictField(), help_text=BANDS_HELP)


class ReviewSerializer(StrictSerializer):
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    reviewed_on = serializers.DateField(required=False, allow_null=True, default=None)
    version = serializers.IntegerField(required=False, min_value=1, help_text=VERSION_HELP)
