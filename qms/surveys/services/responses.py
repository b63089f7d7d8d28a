"""A customer's answer through a public link: one response per invitation, stored
atomically, whatever happens at once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from qms.core.services import model_create, model_update

from .. import events, rules
from ..choices import SCALES
from ..models import SurveyAnswer, SurveyInvitation, SurveyQuestion, SurveyResponse

MAX_COMMENT = 4000


class LinkRefused(Exception):
    """The link cannot be answered: `status` is the HTTP answer (404, 409, 410)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _refusal(invitation: SurveyInvitation | None) -> LinkRefused | None:
    if invitation is None:
        return LinkRefused(404, "This survey link is not valid.")
    problem = rules.link_problem(
        survey_status=invitation.survey.status,
        expires_on=invitation.expires_on,
        answered_at=invitation.answered_at,
        today=timezone.localdate(),
    )
    return LinkRefused(*problem) if problem else None


def link_check(*, token: str) -> tuple[SurveyInvitation, list[SurveyQuestion]]:
    """The invitation and its survey's questions, or LinkRefused."""
    from ..selectors import invitation_by_token, questions_of

    invitation = invitation_by_token(token)
    refused = _refusal(invitation)
    if refused is not None or invitation is None:
        raise refused or LinkRefused(404, "This survey link is not valid.")
    return invitation, questions_of(survey=invitation.survey)


def clean_answers(
    questions: list[SurveyQuestion], raw: Mapping[str, Any]
) -> tuple[dict[int, tuple[int | None, str]], dict[str, str]]:
    """(question id -> (rating, comment), field errors by `q<id>`) from the submitted values
    (`q<id>`: a rating or a comment). Unknown keys are ignored."""
    cleaned: dict[int, tuple[int | None, str]] = {}
    errors: dict[str, str] = {}
    for question in questions:
        key = f"q{question.pk}"
        value = raw.get(key)
        value = value.strip() if isinstance(value, str) else value
        scale = SCALES.get(question.kind)
        if scale is not None:
            problem = rules.rating_problem(
                value=value, low=scale[0], high=scale[1], required=question.required
            )
            if problem:
                errors[key] = problem
            elif value not in (None, ""):
                cleaned[question.pk] = (int(str(value)), "")
        else:
            text = str(value or "")
            if "\x00" in text:
                errors[key] = "The comment contains a character that cannot be stored."
            elif question.required and not text:
                errors[key] = "Please write an answer."
            elif len(text) > MAX_COMMENT:
                errors[key] = f"Please keep the comment under {MAX_COMMENT} characters."
            elif text:
                cleaned[question.pk] = (None, text)
    return cleaned, errors


def response_submit(*, token: str, answers: Mapping[str, Any]) -> SurveyResponse:
    """Store one customer's answers, or refuse: LinkRefused (unknown, expired, closed, or
    already answered: 409 naming the date), ValidationError (answers, by `q<id>`).

    In one transaction the invitation row is locked (select_for_update) and checked again,
    so of two submissions at once the second waits and is refused; the one-to-one link
    between response and invitation refuses a second response even where the database
    cannot lock a row.
    """
    from ..selectors import invitation_by_token, questions_of

    try:
        with transaction.atomic():
            invitation = invitation_by_token(token, lock=True)
            refused = _refusal(invitation)
            if refused is not None or invitation is None:
                raise refused or LinkRefused(404, "This survey link is not valid.")
            questions = questions_of(survey=invitation.survey)
            cleaned, errors = clean_answers(questions, answers)
            if errors:
                raise ValidationError(errors)
            now = timezone.now()
            try:
                response = model_create(
                    actor=None,
                    model=SurveyResponse,
                    organization=invitation.organization,
                    data={
                        "survey": invitation.survey,
                        "invitation": invitation,
                        "submitted_at": now,
                    },
                    fields=("survey", "invitation", "submitted_at"),
                    event_type=events.RESPONSE_SUBMITTED,
                )
            except ValidationError as error:
                if "invitation" in getattr(error, "error_dict", {}):
                    raise IntegrityError("answered concurrently") from error
                raise
            rows = [
                SurveyAnswer(response=response, question_id=qid, rating=rating, comment=comment)
                for qid, (rating, comment) in cleaned.items()
            ]
            SurveyAnswer.objects.bulk_create(rows)
            model_update(
                actor=None,
                instance=invitation,
                data={"answered_at": now},
                fields=("answered_at",),
                event_type=events.INVITATION_ANSWERED,
            )
            return response
    except IntegrityError:
        # Another submission of the same link committed first (where rows cannot be locked).
        invitation = invitation_by_token(token)
        refused = _refusal(invitation)
        raise refused or LinkRefused(409, "This survey link has already been answered.") from None
