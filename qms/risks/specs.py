"""The fields of a register entry, declared once (form, serializers, services, list, export)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.specs import ModelSpec
from qms.core.tables import Column

from .models import Risk

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TEXT = forms.Textarea(attrs={"rows": 3})

RISK = ModelSpec(
    model=Risk,
    fields=(
        "kind",
        "title",
        "description",
        "cause",
        "effect",
        "benefit",
        "owner",
        "processes",
        "issues",
        "interested_parties",
        "inherent_likelihood",
        "inherent_consequence",
        "residual_likelihood",
        "residual_consequence",
        "value",
        "effort",
        "decision",
        "decision_reason",
        "treatment",
        "treatment_plan",
        "review_interval_months",
        "next_review_on",
    ),
    read_only=(
        "number",
        "status",
        "inherent_score",
        "inherent_band",
        "residual_score",
        "residual_band",
        "last_reviewed_on",
        "closed_on",
        "version",
        "created_at",
        "updated_at",
    ),
    columns=(
        Column("number", link=True),
        Column("kind"),
        Column("title", link=True),
        Column("status"),
        Column("inherent_band", label=_("Inherent")),
        Column("residual_band", label=_("Residual")),
        Column("treatment"),
        Column("owner", sort="owner__email"),
        Column("next_review_on", label=_("Next review")),
    ),
    detail=(
        Column("number"),
        Column("kind"),
        Column("title"),
        Column("status"),
        Column("owner"),
        Column("description"),
        Column("cause"),
        Column("effect"),
        Column("benefit"),
        Column("review_interval_months"),
        Column("last_reviewed_on"),
        Column("next_review_on"),
        Column("closed_on"),
        Column("updated_at", sort=False),
    ),
    widgets={
        "description": forms.Textarea(attrs={"rows": 4}),
        "cause": _TEXT,
        "effect": _TEXT,
        "benefit": _TEXT,
        "decision_reason": _TEXT,
        "treatment_plan": forms.Textarea(attrs={"rows": 4}),
        "next_review_on": _DATE,
    },
)

EXPORT_COLUMNS = (
    Column("number"),
    Column("kind"),
    Column("title"),
    Column("status"),
    Column("owner", sort="owner__email"),
    Column("inherent_likelihood"),
    Column("inherent_consequence"),
    Column("inherent_score"),
    Column("inherent_band"),
    Column("residual_likelihood"),
    Column("residual_consequence"),
    Column("residual_score"),
    Column("residual_band"),
    Column("value"),
    Column("effort"),
    Column("decision"),
    Column("treatment"),
    Column("treatment_plan"),
    Column("last_reviewed_on"),
    Column("next_review_on"),
)
