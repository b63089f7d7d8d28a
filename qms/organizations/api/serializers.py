from __future__ import annotations

from rest_framework import serializers

from qms.core.api.serializers import StrictModelSerializer

from ..models import Organization, Process, Site


class OrganizationSerializer(StrictModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "slug", "legal_name", "country", "website"]
        read_only_fields = ["id", "slug"]


class SiteSerializer(StrictModelSerializer):
    class Meta:
        model = Site
        fields = [
            "id",
            "name",
            "address",
            "country",
            "is_head_office",
            "employees",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]


class SiteWriteSerializer(StrictModelSerializer):
    class Meta:
        model = Site
        fields = ["name", "address", "country", "is_head_office", "employees"]


class ProcessSerializer(StrictModelSerializer):
    owner_email = serializers.EmailField(source="owner.email", read_only=True, allow_null=True)
    site_name = serializers.CharField(source="site.name", read_only=True, allow_null=True)

    class Meta:
        model = Process
        fields = [
            "id",
            "name",
            "code",
            "purpose",
            "owner",
            "owner_email",
            "site",
            "site_name",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ProcessWriteSerializer(StrictModelSerializer):
    class Meta:
        model = Process
        fields = ["name", "code", "purpose", "owner", "site"]
