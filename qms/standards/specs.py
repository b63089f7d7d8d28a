"""The fields of the organization's standards records, declared once (forms, serializers,
services, list columns and detail pages read them)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.specs import ModelSpec
from qms.core.tables import Column

from .models import ClauseApplicability, ClauseEvidence, OrganizationStandard

ORGANIZATION_STANDARD = ModelSpec(
    model=OrganizationStandard,
    fields=("edition", "scope", "adopted_on"),
    columns=(Column("edition", link=True, sort="edition__urn"), Column("adopted_on")),
    widgets={
        "scope": forms.Textarea(attrs={"rows": 3}),
        "adopted_on": forms.DateInput(attrs={"type": "date"}),
    },
)

# What can change once adopted (the edition is fixed: adopt the new one instead).
ORGANIZATION_STANDARD_CHANGE = ModelSpec(
    model=OrganizationStandard,
    fields=("scope", "adopted_on"),
    widgets=ORGANIZATION_STANDARD.widgets,
)

APPLICABILITY = ModelSpec(
    model=ClauseApplicability,
    fields=("justification",),
    read_only=("clause", "applicable", "version", "created_at", "updated_at"),
    columns=(
        Column("clause", link=True, sort="clause__sort_key"),
        Column("justification", sort=False),
    ),
    widgets={"justification": forms.Textarea(attrs={"rows": 3})},
)

EVIDENCE = ModelSpec(
    model=ClauseEvidence,
    fields=("note",),
    read_only=("clause", "object_id", "reviewed_at", "version", "created_at", "updated_at"),
    columns=(
        Column("clause", link=True, sort="clause__sort_key"),
        Column("content_type", _("Record type"), sort=False),
        Column("object_id", _("Record id")),
        Column("reviewed_at"),
    ),
    widgets={"note": forms.Textarea(attrs={"rows": 3})},
)
