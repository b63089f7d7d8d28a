"""The fields of an action, declared once (forms, serializers, services, lists, exports)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.specs import ModelSpec
from qms.core.tables import Column

from .models import Action

ACTION = ModelSpec(
    model=Action,
    fields=("title", "description", "kind", "priority", "owner", "due_date"),
    read_only=(
        "number",
        "status",
        "origin_id",
        "origin_label",
        "cycle",
        "completed_at",
        "completed_by",
        "completion_note",
        "created_by",
        "version",
        "created_at",
        "updated_at",
    ),
    columns=(
        Column("number", link=True),
        Column("title", link=True),
        Column("kind"),
        Column("priority"),
        Column("owner", sort="owner__email"),
        Column("due_date"),
        Column("due_state", label=_("Overdue?"), sort=False),
        Column("status"),
        Column("origin_label", sort=False),
    ),
    detail=(
        Column("number"),
        Column("title"),
        Column("description"),
        Column("kind"),
        Column("priority"),
        Column("owner"),
        Column("due_date"),
        Column("status"),
        Column("cycle"),
        Column("completed_at"),
        Column("completed_by"),
        Column("completion_note"),
        Column("created_by"),
        Column("updated_at", sort=False),
    ),
    widgets={
        "description": forms.Textarea(attrs={"rows": 4}),
        "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    },
)
