"""The fields of a management review and its parts, declared once."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.specs import ModelSpec
from qms.core.tables import Column

from .models import Attendance, InputSection, ManagementReview, Output

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
    columns=(
        Column("review.number", label=_("Review"), link=True, sort="review__number"),
        Column("person", label=_("Person"), sort=False),
        Column("role"),
        Column("status"),
    ),
    detail=(
        Column("review"),
        Column("person", label=_("Person")),
        Column("role"),
        Column("status"),
        Column("updated_at", sort=False),
    ),
)

SECTION = ModelSpec(
    model=InputSection,
    fields=("manual_text",),
    read_only=(
        "key",
        "title",
        "clause",
        "position",
        "figures",
        "links",
        "note",
        "no_data",
        "compiled_at",
        "version",
        "created_at",
        "updated_at",
    ),
    columns=(
        Column("review.number", label=_("Review"), link=True, sort="review__number"),
        Column("clause", link=True),
        Column("title"),
        Column("no_data"),
        Column("compiled_at"),
    ),
    detail=(
        Column("review"),
        Column("clause"),
        Column("title"),
        Column("note"),
        Column("no_data"),
        Column("compiled_at"),
        Column("manual_text"),
    ),
)

OUTPUT = ModelSpec(
    model=Output,
    fields=("kind", "decision"),
    read_only=("action", "version", "created_at", "updated_at"),
    columns=(
        Column("review.number", label=_("Review"), link=True, sort="review__number"),
        Column("kind"),
        Column("decision", sort=False),
        Column("action.number", label=_("Action"), sort="action__number"),
        Column("action.owner", label=_("Owner"), sort=False),
        Column("action.due_date", label=_("Due"), sort="action__due_date"),
        Column("action.status", label=_("Action status"), sort="action__status"),
    ),
    detail=(
        Column("review"),
        Column("kind"),
        Column("decision"),
        Column("action"),
        Column("action.owner", label=_("Owner")),
        Column("action.due_date", label=_("Due")),
        Column("action.status", label=_("Action status")),
    ),
)
