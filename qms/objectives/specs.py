"""The fields of an objective and of a measurement, declared once."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.specs import ModelSpec
from qms.core.tables import Column

from .models import Measurement, QualityObjective

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

OBJECTIVE = ModelSpec(
    model=QualityObjective,
    fields=(
        "title",
        "description",
        "owner",
        "processes",
        "policy",
        "unit",
        "direction",
        "baseline",
        "target",
        "start_date",
        "due_date",
        "frequency",
        "tolerance_kind",
        "tolerance",
        "resources",
        "evaluation",
        "source",
        "indicator",
    ),
    read_only=("number", "status", "version", "created_at", "updated_at"),
    columns=(
        Column("number", link=True),
        Column("title", link=True),
        Column("owner", sort="owner__email"),
        Column("status"),
        Column("target_label", label=_("Target"), sort="target"),
        Column("latest_value_label", label=_("Latest value"), sort=False),
        Column("latest_period", label=_("Latest period"), sort=False),
        Column("performance_label", label=_("Performance"), sort=False),
        Column("due_date"),
    ),
    detail=(
        Column("number"),
        Column("title"),
        Column("status"),
        Column("performance_label", label=_("Performance")),
        Column("owner"),
        Column("policy"),
        Column("description"),
        Column("unit"),
        Column("direction"),
        Column("baseline_label", label=_("Baseline")),
        Column("target_label", label=_("Target")),
        Column("start_date"),
        Column("due_date"),
        Column("frequency"),
        Column("tolerance_kind"),
        Column("tolerance_label", label=_("At-risk tolerance")),
        Column("source"),
        Column("indicator"),
        Column("updated_at", sort=False),
    ),
    widgets={
        "description": forms.Textarea(attrs={"rows": 4}),
        "resources": forms.Textarea(attrs={"rows": 3}),
        "evaluation": forms.Textarea(attrs={"rows": 3}),
        "start_date": _DATE,
        "due_date": _DATE,
    },
)

MEASUREMENT = ModelSpec(
    model=Measurement,
    fields=("objective", "period", "value", "note"),
    read_only=("source", "voided", "void_reason", "version", "created_at", "updated_at"),
    columns=(
        Column("objective.number", label=_("Objective"), link=True, sort="objective__number"),
        Column("period", link=True),
        Column("value_label", label=_("Value"), sort="value"),
        Column("source"),
        Column("voided"),
        Column("note", sort=False),
        Column("recorded_by", sort=False),
        Column("updated_at", label=_("Recorded at")),
    ),
    detail=(
        Column("objective"),
        Column("period"),
        Column("value_label", label=_("Value"), sort="value"),
        Column("source"),
        Column("note"),
        Column("voided"),
        Column("void_reason"),
        Column("recorded_by"),
        Column("updated_at", label=_("Recorded at"), sort=False),
    ),
)
