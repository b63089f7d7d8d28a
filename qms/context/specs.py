"""The fields of the context records, declared once (forms, serializers, services, lists,
exports)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.specs import ModelSpec
from qms.core.tables import Column

from .models import (
    ClimateDecision,
    ContextIssue,
    InterestedParty,
    InterestedPartyRequirement,
    QmsScope,
)

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TEXT = forms.Textarea(attrs={"rows": 4})
_REVIEWED_READ_ONLY = (
    "status",
    "retired_on",
    "retired_reason",
    "version",
    "created_at",
    "updated_at",
)

ISSUE = ModelSpec(
    model=ContextIssue,
    fields=(
        "title",
        "origin",
        "category",
        "pestle",
        "description",
        "effect",
        "climate_related",
        "owner",
        "review_interval_months",
        "last_reviewed_on",
        "next_review_on",
    ),
    read_only=_REVIEWED_READ_ONLY,
    columns=(
        Column("title", link=True),
        Column("origin", label=_("Internal / external")),
        Column("category", label=_("SWOT")),
        Column("pestle", label=_("PESTLE")),
        Column("climate_related", label=_("Climate")),
        Column("owner", sort="owner__email"),
        Column("next_review_on", label=_("Next review")),
        Column("status"),
    ),
    detail=(
        Column("title"),
        Column("origin"),
        Column("category"),
        Column("pestle"),
        Column("description"),
        Column("effect"),
        Column("climate_related"),
        Column("owner"),
        Column("status"),
        Column("review_interval_months"),
        Column("last_reviewed_on"),
        Column("next_review_on"),
        Column("retired_on"),
        Column("retired_reason"),
        Column("updated_at", sort=False),
    ),
    widgets={
        "description": _TEXT,
        "effect": _TEXT,
        "last_reviewed_on": _DATE,
        "next_review_on": _DATE,
    },
)

PARTY = ModelSpec(
    model=InterestedParty,
    fields=(
        "name",
        "party_type",
        "description",
        "influence",
        "climate_related",
        "owner",
        "review_interval_months",
        "last_reviewed_on",
        "next_review_on",
    ),
    read_only=_REVIEWED_READ_ONLY,
    columns=(
        Column("name", link=True),
        Column("party_type"),
        Column("influence", label=_("Influence")),
        Column("owner", sort="owner__email"),
        Column("next_review_on", label=_("Next review")),
        Column("status"),
    ),
    detail=(
        Column("name"),
        Column("party_type"),
        Column("description"),
        Column("influence"),
        Column("climate_related"),
        Column("owner"),
        Column("status"),
        Column("review_interval_months"),
        Column("last_reviewed_on"),
        Column("next_review_on"),
        Column("retired_on"),
        Column("retired_reason"),
        Column("updated_at", sort=False),
    ),
    widgets={"description": _TEXT, "last_reviewed_on": _DATE, "next_review_on": _DATE},
)

REQUIREMENT = ModelSpec(
    model=InterestedPartyRequirement,
    fields=("requirement", "how_addressed", "climate_related", "status"),
    read_only=("party", "version", "created_at", "updated_at"),
    columns=(
        Column("party", link=True, sort="party__name"),
        Column("requirement", link=True),
        Column("how_addressed", sort=False),
        Column("climate_related", label=_("Climate")),
        Column("status"),
    ),
    detail=(
        Column("party"),
        Column("requirement"),
        Column("how_addressed"),
        Column("climate_related"),
        Column("status"),
        Column("updated_at", sort=False),
    ),
    widgets={"requirement": forms.Textarea(attrs={"rows": 3}), "how_addressed": _TEXT},
)

CLIMATE = ModelSpec(
    model=ClimateDecision,
    fields=("relevant", "rationale"),
    read_only=("decided_by", "decided_on", "signature", "version", "created_at", "updated_at"),
    columns=(
        Column("decided_on", link=True),
        Column("relevant", label=_("Relevant")),
        Column("decided_by", sort="decided_by__email"),
        Column("rationale", sort=False),
    ),
    detail=(
        Column("relevant"),
        Column("rationale"),
        Column("decided_by"),
        Column("decided_on"),
    ),
    widgets={"rationale": _TEXT},
)

SCOPE = ModelSpec(
    model=QmsScope,
    fields=(
        "statement",
        "products_services",
        "sites",
        "boundaries",
        "last_reviewed_on",
        "next_review_on",
    ),
    read_only=("document", "version", "created_at", "updated_at"),
    columns=(Column("statement", link=True), Column("next_review_on")),
    detail=(
        Column("statement"),
        Column("products_services"),
        Column("boundaries"),
        Column("last_reviewed_on"),
        Column("next_review_on"),
        Column("updated_at", sort=False),
    ),
    widgets={
        "statement": forms.Textarea(attrs={"rows": 5}),
        "products_services": _TEXT,
        "boundaries": _TEXT,
        "sites": forms.CheckboxSelectMultiple,
        "last_reviewed_on": _DATE,
        "next_review_on": _DATE,
    },
)
