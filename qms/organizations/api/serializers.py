"""API representations, derived from the field specs (specs.py)."""

from __future__ import annotations

from rest_framework import serializers

from qms.core.specs import SpecReadSerializer, SpecWriteSerializer

from ..specs import ORGANIZATION, PROCESS, SITE


class OrganizationSerializer(SpecReadSerializer):
    spec = ORGANIZATION


class OrganizationWriteSerializer(SpecWriteSerializer):
    spec = ORGANIZATION


class SiteSerializer(SpecReadSerializer):
    spec = SITE


class SiteWriteSerializer(SpecWriteSerializer):
    spec = SITE


class ProcessSerializer(SpecReadSerializer):
    spec = PROCESS
    owner_email = serializers.EmailField(source="owner.email", read_only=True, allow_null=True)
    site_name = serializers.CharField(source="site.name", read_only=True, allow_null=True)


class ProcessWriteSerializer(SpecWriteSerializer):
    spec = PROCESS
