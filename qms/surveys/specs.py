"""The fields of surveys, their questions, invitations and responses, declared once."""

from __future__ import annotations

from django import forms

from qms.core.specs import ModelSpec
from qms.core.tables import Column

from .models import Survey, SurveyInvitation, SurveyQuestion, SurveyResponse

SURVEY = ModelSpec(
    model=Survey,
    fields=("title", "intro", "period_label", "period_start"),
    read_only=("status", "version", "created_at", "updated_at"),
    columns=(
        Column("title", link=True),
        Column("period_label"),
        Column("period_start"),
        Column("status"),
    ),
    widgets={
        "intro": forms.Textarea(attrs={"rows": 4}),
        "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    },
)

QUESTION = ModelSpec(
    model=SurveyQuestion,
    fields=("survey", "text", "kind", "order", "required"),
    columns=(
        Column("survey", sort="survey__title"),
        Column("order"),
        Column("text", link=True),
        Column("kind"),
        Column("required"),
    ),
)

# Invitations are made by `invitations_send` (several at once); these are what a user sets.
INVITATION = ModelSpec(
    model=SurveyInvitation,
    fields=("survey", "customer_name", "email", "contact"),
    read_only=("sent_at", "expires_on", "answered_at", "version", "created_at", "updated_at"),
    columns=(
        Column("customer_name", link=True),
        Column("email"),
        Column("survey", sort="survey__title"),
        Column("sent_at"),
        Column("expires_on"),
        Column("answered_at"),
    ),
)

RESPONSE = ModelSpec(
    model=SurveyResponse,
    fields=(),
    read_only=("survey", "invitation", "submitted_at", "created_at"),
    columns=(
        Column(
            "invitation.customer_name",
            label="Customer",
            link=True,
            sort="invitation__customer_name",
        ),
        Column("survey", sort="survey__title"),
        Column("submitted_at"),
    ),
)
