"""Pure rules of management reviews: they read facts and return None or the problem in
words (the workflow guards and the services call them)."""

from __future__ import annotations

from datetime import date

from .choices import OPEN_STATES


def frozen_problem(*, status: str) -> str | None:
    if status not in OPEN_STATES:
        return "The minutes are approved (or the review cancelled): the review is frozen."
    return None


def hold_problem(*, compiled: bool, present: int) -> str | None:
    if not compiled:
        return "Compile the input pack before the meeting is recorded as held."
    if present < 1:
        return "Record who was present before the meeting is recorded as held."
    return None


def approve_problem(*, minutes: str, conclusion: str, held_on: date | None) -> str | None:
    if held_on is None:
        return "Record the date the meeting was held."
    if not minutes.strip():
        return "Write the minutes before approving them."
    if not conclusion.strip():
        return (
            "Record the conclusion on the suitability, adequacy and effectiveness of the QMS "
            "before approving the minutes."
        )
    return None


def held_on_problem(*, held_on: date | None, today: date) -> str | None:
    if held_on is not None and held_on > today:
        return "The meeting cannot be held in the future."
    return None
