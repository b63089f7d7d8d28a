"""API representations of clients, sites, contacts, applications and transfer reviews,
derived from the field specs (specs.py)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from qms.core.api.serializers import StrictSerializer
from qms.core.specs import SpecReadSerializer, SpecWriteSerializer

from . import personnel
from .specs import APPLICATION, CLIENT, CLIENT_CONTACT, CLIENT_SITE, TRANSFER_REVIEW


class ClientSerializer(SpecReadSerializer):
    spec = CLIENT
    linked_organization_name = serializers.CharField(
        source="linked_organization.name",
        read_only=True,
        allow_null=True,
        help_text="The name of the client's own organization in this installation (nothing "
        "else of it is exposed).",
    )


class ClientWriteSerializer(SpecWriteSerializer):
    spec = CLIENT


class ConsentSerializer(StrictSerializer):
    consent = serializers.BooleanField(
        help_text="Whether the client consents to public listing; the day is recorded."
    )
    version = serializers.IntegerField(required=False, min_value=1)


class LinkSerializer(StrictSerializer):
    slug = serializers.SlugField(
        max_length=60,
        allow_blank=True,
        help_text="The short name of the client's organization in this installation (its "
        "name must be one of the client's names); blank removes the link.",
    )
    version = serializers.IntegerField(required=False, min_value=1)


class ClientSiteSerializer(SpecReadSerializer):
    spec = CLIENT_SITE


class ClientSiteWriteSerializer(SpecWriteSerializer):
    spec = CLIENT_SITE


class ClientContactSerializer(SpecReadSerializer):
    spec = CLIENT_CONTACT


class ClientContactWriteSerializer(SpecWriteSerializer):
    spec = CLIENT_CONTACT


class ApplicationSerializer(SpecReadSerializer):
    spec = APPLICATION
    effective_personnel = serializers.SerializerMethodField(
        help_text="The effective number of personnel (IAF MD 5) of the breakdown, as the "
        "audit-time calculator counts it (null when it refuses the breakdown)."
    )

    def get_effective_personnel(self, obj: Any) -> str | None:
        total = personnel.effective_personnel(personnel.breakdown_of(obj)).total
        return None if total is None else format(total.normalize(), "f")


class ApplicationWriteSerializer(SpecWriteSerializer):
    spec = APPLICATION


class TransferReviewSerializer(SpecReadSerializer):
    spec = TRANSFER_REVIEW


class TransferReviewWriteSerializer(SpecWriteSerializer):
    """The pre-transfer review. `checklist` holds the MD 2 items (scope, reasons, validity,
    reports, complaints, cycle_stage, regulatory), each `{done: bool, finding: text}`."""

    spec = TRANSFER_REVIEW

    def get_fields(self) -> dict[str, Any]:
        # One review per application is the service's rule (it reads within the tenant);
        # the model's unique check would read every organization's reviews.
        fields: dict[str, Any] = super().get_fields()
        application = fields["application"]
        application.validators = [
            v for v in application.validators if not isinstance(v, UniqueValidator)
        ]
        return fields
