"""API representations of the context records, derived from the field specs (specs.py)."""

from __future__ import annotations

from rest_framework import serializers

from qms.core.api.serializers import StrictModelSerializer, StrictSerializer
from qms.core.specs import SpecReadSerializer, SpecWriteSerializer

from ..models import InterestedPartyRequirement
from ..specs import CLIMATE, ISSUE, PARTY, REQUIREMENT, SCOPE


class IssueSerializer(SpecReadSerializer):
    spec = ISSUE
    owner_email = serializers.EmailField(source="owner.email", read_only=True, allow_null=True)


class IssueWriteSerializer(SpecWriteSerializer):
    spec = ISSUE


class PartySerializer(SpecReadSerializer):
    spec = PARTY
    owner_email = serializers.EmailField(source="owner.email", read_only=True, allow_null=True)


class PartyWriteSerializer(SpecWriteSerializer):
    spec = PARTY


class RequirementSerializer(SpecReadSerializer):
    spec = REQUIREMENT
    party_name = serializers.CharField(source="party.name", read_only=True)


class RequirementWriteSerializer(SpecWriteSerializer):
    spec = REQUIREMENT


class RequirementCreateSerializer(StrictModelSerializer):
    """A new requirement of an interested party (named by `party`)."""

    party = serializers.IntegerField(min_value=1, help_text="The id of the interested party.")

    class Meta:
        model = InterestedPartyRequirement
        fields = [*REQUIREMENT.fields, "party"]


class ClimateDecisionSerializer(SpecReadSerializer):
    spec = CLIMATE
    decided_by_email = serializers.EmailField(source="decided_by.email", read_only=True)


class ClimateDecideSerializer(StrictSerializer):
    """A new decision on climate change, signed with the caller's password."""

    relevant = serializers.BooleanField(help_text="Whether climate change is a relevant issue.")
    rationale = serializers.CharField(max_length=5000, help_text="Why (required).")
    password = serializers.CharField(
        write_only=True,
        trim_whitespace=False,
        max_length=4096,
        help_text='The caller\'s password, re-entered: the decision is signed ("decided").',
    )


class ScopeSerializer(SpecReadSerializer):
    spec = SCOPE


class ScopeWriteSerializer(SpecWriteSerializer):
    spec = SCOPE


class PublishSerializer(StrictSerializer):
    change_summary = serializers.CharField(
        max_length=1000, help_text="The change summary of the document's new revision."
    )


class PublishedSerializer(serializers.Serializer):  # type: ignore[type-arg]
    document_id = serializers.IntegerField()
    document_number = serializers.CharField()
    revision_id = serializers.IntegerField()
    revision_number = serializers.IntegerField()
