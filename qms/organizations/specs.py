"""The fields of the organization, its sites and processes, declared once.

Forms, serializers, services, list columns, exports and detail pages all read these.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.specs import ModelSpec
from qms.core.tables import Column

from .models import Organization, Process, Site

ORGANIZATION = ModelSpec(
    model=Organization,
    fields=(
        "name",
        "legal_name",
        "country",
        "website",
        "allow_self_approval",
        "action_reminder_days",
    ),
    read_only=("slug", "version"),
)

SITE = ModelSpec(
    model=Site,
    fields=("name", "address", "country", "is_head_office", "employees"),
    columns=(
        Column("name", link=True),
        Column("country"),
        Column("is_head_office"),
        Column("employees"),
    ),
    widgets={"address": forms.Textarea(attrs={"rows": 3})},
)

PROCESS = ModelSpec(
    model=Process,
    fields=(
        "name",
        "code",
        "purpose",
        "owner",
        "site",
        "process_type",
        "sequence",
        "inputs",
        "outputs",
        "criteria",
    ),
    read_only=("status", "version", "created_at", "updated_at"),
    columns=(
        Column("code"),
        Column("name", link=True),
        Column("status"),
        Column("process_type", label=_("Type")),
        Column("owner", sort="owner__email"),
        Column("site", sort="site__name"),
    ),
    widgets={
        "purpose": forms.Textarea(attrs={"rows": 4}),
        "inputs": forms.Textarea(attrs={"rows": 3}),
        "outputs": forms.Textarea(attrs={"rows": 3}),
        "criteria": forms.Textarea(attrs={"rows": 3}),
    },
)
