from __future__ import annotations

from typing import Any

import pytest

from qms.core.workflow import model_transition
from qms.surveys import services
from qms.surveys.models import Survey, SurveyInvitation
from qms.surveys.tokens import token_for


@pytest.fixture
def draft_survey(organization: Any, quality_manager: Any) -> Survey:
    survey = services.survey_create(
        actor=quality_manager,
        organization=organization,
        data={
            "title": "Customer satisfaction 2026",
            "intro": "Tell us how we did this half-year.",
            "period_label": "2026 H1",
        },
    )
    for order, (text, kind, required) in enumerate(
        [
            ("How satisfied are you with delivery times?", "rating_5", True),
            ("How likely are you to recommend us?", "rating_10", False),
            ("Anything else?", "comment", False),
        ]
    ):
        services.question_create(
            actor=quality_manager,
            organization=organization,
            data={
                "survey": survey,
                "text": text,
                "kind": kind,
                "order": order,
                "required": required,
            },
        )
    return survey


@pytest.fixture
def open_survey(draft_survey: Survey, quality_manager: Any) -> Survey:
    return model_transition(actor=quality_manager, instance=draft_survey, transition="open")


@pytest.fixture
def invite(open_survey: Survey, quality_manager: Any) -> Any:
    """Invite one customer; returns (invitation, its link token)."""

    def make(email: str = "buyer@northern-rail.example", name: str = "Northern Rail") -> Any:
        [invitation] = services.invitations_send(
            actor=quality_manager,
            survey=open_survey,
            invitees=[services.Invitee(customer_name=name, email=email)],
        )
        return invitation, token_for(invitation.token_nonce)

    return make


def answers_for(survey: Survey, **overrides: Any) -> dict[str, str]:
    from qms.surveys.selectors import questions_of

    values = {}
    for question in questions_of(survey=survey):
        values[f"q{question.pk}"] = {"rating_5": "4", "rating_10": "9", "comment": "Good."}[
            question.kind
        ]
    values.update(overrides)
    return values


__all__ = ["SurveyInvitation", "answers_for"]
