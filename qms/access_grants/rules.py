"""Pure rules of external access: the window, the scope checks. No database access."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from .choices import GrantState, GrantStatus, RequestStatus


def grant_state(*, status: str, starts_at: datetime, ends_at: datetime, now: datetime) -> str:
    """Where a grant stands at `now`: revoked, not started, open or ended."""
    if status == GrantStatus.REVOKED:
        return GrantState.REVOKED
    if now < starts_at:
        return GrantState.SCHEDULED
    if now >= ends_at:
        return GrantState.EXPIRED
    return GrantState.OPEN


def window_problems(
    *, starts_at: datetime | None, ends_at: datetime | None, max_days: int
) -> dict[str, str]:
    """Field errors of an access window: it ends after it starts, and lasts at most
    `max_days` days."""
    problems: dict[str, str] = {}
    if starts_at is None:
        problems["starts_at"] = "Enter when the access starts."
    if ends_at is None:
        problems["ends_at"] = "Enter when the access ends: every access has an end."
    if problems or starts_at is None or ends_at is None:
        return problems
    if ends_at <= starts_at:
        problems["ends_at"] = "The access must end after it starts."
    elif ends_at - starts_at > timedelta(days=max_days):
        problems["ends_at"] = f"An access lasts at most {max_days} days; grant a new one after."
    return problems


def unknown_record_types(*, chosen: Iterable[str], known: Iterable[str]) -> list[str]:
    return sorted(set(chosen) - set(known))


def request_overdue(*, status: str, due_date: date, today: date) -> bool:
    return status == RequestStatus.OPEN and due_date < today


def may_grantee_act(*, state: str) -> str | None:
    """Whether the external person may act on a grant now (create, close, re-open requests)."""
    if state != GrantState.OPEN:
        return "This access is not open."
    return None
