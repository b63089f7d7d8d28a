"""The fields of a management review and its parts, declared once."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.specs import ModelSpec
from qms.core.tables import Column

from .models import Attendance, ManagementReview, Output

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

REVIEW = ModelSpec(
    model=ManagementReview,
    fields=("title", "planned_on", "period_start", "period_end", "chair", "format", "location"),
    read_only=(
        "number",
        "status",
        "held_on",
        "compiled_at",
        "minutes",
        "conclusion",
        "version",
        "created_at",
        "updated_at",
    ),
    columns=(
        Column("number", link=True),
        Column("title", link=True),
        Column("planned_on"),
        Column("held_on"),
        Column("period_start", sort=False),
        Column("period_end", sort=False),
        Column("chair", sort="chair__email"),
        Column("status"),
    ),
    detail=(
        Column("number"),
        Column("title"),
        Column("status"),
        Column("planned_on"),
        Column("held_on"),
        Column("period_start"),
        Column("period_end"),
        Column("chair"),
        Column("format"),
        Column("location"),
        Column("compiled_at", label=_("Pack compiled at")),
        Column("updated_at", sort=False),
    ),
    widgets={"planned_on": _DATE, "period_start": _DATE, "period_end": _DATE},
)

ATTENDANCE = ModelSpec(
    model=Attendance,
    fields=("user", "name", "role", "status"),
    columns=(Column("person", label=_("Person"), sort=False), Column("role"), Column("status")),
)

OUTPUT = ModelSpec(
    model=Output,
    fields=("kind", "decision"),
    columns=(Column("kind"), Column("decision"), Column("action")),
)
