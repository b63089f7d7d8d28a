"""Pure rules of the client portal and of the review of the client's responses: no database,
no clock (today is passed in). Each returns None when the step may happen, else the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from qms.core.dates import add_months

from ..choices import AuditKind, FindingGrade, FindingStatus

NEEDS_RESPONSE = frozenset({FindingGrade.MAJOR, FindingGrade.MINOR})
RESPONSE_FIELDS = ("correction", "root_cause", "corrective_action")
TEXT_MAX = 10_000


def response_problems(data: Mapping[str, object]) -> dict[str, str]:
    """Field errors of a response: correction, root cause and corrective action are all
    required (for a minor, the corrective action is the plan)."""
    labels = {
        "correction": "Say what was done to correct the nonconformity.",
        "root_cause": "Give the root cause you found.",
        "corrective_action": "Describe the corrective action (for a minor: your plan).",
    }
    problems: dict[str, str] = {}
    for name in RESPONSE_FIELDS:
        value = data.get(name)
        text = value.strip() if isinstance(value, str) else ""
        if not text:
            problems[name] = labels[name]
        elif len(text) > TEXT_MAX:
            problems[name] = f"At most {TEXT_MAX} characters."
    return problems


def response_needed_problem(*, grade: str) -> str | None:
    if grade not in NEEDS_RESPONSE:
        return "Only a major or minor nonconformity takes a response."
    return None


def reviewer_problem(
    *, is_manager: bool, actor_id: int | None, lead_auditor_id: int | None, team_ids: set[int]
) -> str | None:
    """The auditor's side is taken by a member of the audit's team (its lead auditor
    included) or by a certification manager."""
    if is_manager:
        return None
    if actor_id is not None and (actor_id == lead_auditor_id or actor_id in team_ids):
        return None
    return "Only a member of the audit's team or a certification manager reviews its findings."


def verify_problem(*, grade: str) -> str | None:
    """Majors are verified (document review or follow-up visit); a minor's plan, once
    accepted, is verified at the next audit."""
    if grade != FindingGrade.MAJOR:
        return "Only a major nonconformity is verified here; a minor is checked at the next audit."
    return None


VERIFICATION_METHODS = ("document_review", "follow_up")


def verification_method_problem(method: str) -> str | None:
    if method not in VERIFICATION_METHODS:
        return "Choose document review or follow-up visit."
    return None


def due_state(*, due: date | None, today: date, soon_days: int = 7) -> str:
    """ "overdue", "soon" (within `soon_days`), "ok" or "" (no date)."""
    if due is None:
        return ""
    if due < today:
        return "overdue"
    if (due - today).days <= soon_days:
        return "soon"
    return "ok"


def open_deadline(*, status: str, respond_by: date | None, verify_by: date | None) -> date | None:
    """The deadline that matters now: the response while the client owes one, the
    verification while an accepted major waits for it."""
    if status == FindingStatus.OPEN:
        return respond_by
    if status == FindingStatus.SUBMITTED:
        return None
    if status == FindingStatus.ACCEPTED:
        return verify_by
    return None


def stage2_repeat_required(
    *,
    grade: str,
    status: str,
    audit_kind: str,
    stage2_last_day: date | None,
    verified_on: date | None,
    months: int,
    today: date,
) -> bool:
    """Domain spec §3.3/§3.7: a major of the initial audit not verified within `months`
    (the body's major_verification_months, 6) after the last day of Stage 2 needs a new
    Stage 2."""
    if grade != FindingGrade.MAJOR or audit_kind != AuditKind.STAGE2:
        return False
    if stage2_last_day is None:
        return False
    limit = add_months(stage2_last_day, months)
    if status == FindingStatus.VERIFIED and verified_on is not None:
        return verified_on > limit
    return today > limit
