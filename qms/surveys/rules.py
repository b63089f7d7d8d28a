"""Pure rules of surveys: facts in, None or the reason in words out.

The guards of the workflow (keyword-only `obj` and `actor`) feed the rules the facts they
need; counting a survey's questions is the one read, through the selectors.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from .choices import SurveyStatus

if TYPE_CHECKING:
    from .models import Survey


def open_problem(*, question_count: int) -> str | None:
    if question_count < 1:
        return "The survey has no question: add at least one before opening it."
    return None


def questions_locked_problem(*, status: str) -> str | None:
    if status != SurveyStatus.DRAFT:
        return "The questions of an open or closed survey are locked: they can no longer change."
    return None


def invite_problem(*, status: str) -> str | None:
    if status != SurveyStatus.OPEN:
        return "Customers can only be invited to an open survey."
    return None


def withdraw_problem(*, answered_at: datetime | None) -> str | None:
    if answered_at is not None:
        return "An answered invitation is a record of the answer: it cannot be withdrawn."
    return None


def survey_delete_problem(*, status: str, invitation_count: int) -> str | None:
    if status != SurveyStatus.DRAFT or invitation_count:
        return "Only a draft survey that nobody was invited to can be deleted; close it instead."
    return None


def link_problem(
    *,
    survey_status: str,
    expires_on: date,
    answered_at: datetime | None,
    today: date,
) -> tuple[int, str] | None:
    """Why an answer link cannot be used now, as (HTTP status, message); None when it can."""
    if answered_at is not None:
        return 409, (
            f"This survey link has already been answered on {answered_at:%d %B %Y}. Thank you."
        )
    if survey_status == SurveyStatus.CLOSED:
        return 410, "This survey is closed: answers are no longer collected. Thank you."
    if survey_status != SurveyStatus.OPEN:
        return 404, "This survey link is not valid."
    if expires_on < today:
        return 410, f"This survey link expired on {expires_on:%d %B %Y}."
    return None


def rating_problem(*, value: Any, low: int, high: int, required: bool) -> str | None:
    if value in (None, ""):
        return "Please choose a rating." if required else None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return f"Choose a rating from {low} to {high}."
    if str(number) != str(value).strip() or not low <= number <= high:
        return f"Choose a rating from {low} to {high}."
    return None


# --- Guards (called by the workflow) -------------------------------------------------------


def has_questions(*, obj: Survey, actor: Any) -> str | None:
    from .selectors import question_count

    return open_problem(question_count=question_count(survey=obj))
