"""Pure guards of the nonconformity workflow: no database access, no side effects.

Each takes the facts it decides on as keyword-only arguments (texts, counts, dates, ids;
workflows.py gathers them with selectors) and returns None when the step may happen, or the
reason in words, shown beside the disabled button and named when a step is refused.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CheckFacts:
    """One recorded effectiveness check of the current action cycle."""

    effective: bool
    checked_by_id: int
    checked_on: date
    planned_on: date | None


def containment_missing(*, containment: str, correction: str) -> str | None:
    """Contain first: what was done to stop the problem spreading, and what fixes this
    instance (the correction), before the cause is analysed."""
    missing = []
    if not containment.strip():
        missing.append("the containment (immediate action)")
    if not correction.strip():
        missing.append("the correction of this instance")
    if missing:
        return f"Record {' and '.join(missing)} first."
    return None


def root_cause_missing(*, root_cause: str) -> str | None:
    if not root_cause.strip():
        return "No root cause is recorded for this action cycle: complete the analysis first."
    return None


def plan_missing(*, corrective_actions: int, verification_due: date | None) -> str | None:
    """The plan: at least one corrective action of the cycle (not cancelled) and the date
    its effectiveness will be checked."""
    missing = []
    if corrective_actions < 1:
        missing.append("add at least one corrective action to this cycle")
    if verification_due is None:
        missing.append("set the date of the effectiveness check")
    if missing:
        return f"The action plan is incomplete: {'; '.join(missing)}."
    return None


def implementation_missing(*, done: int, still_open: int) -> str | None:
    """Implemented: at least one corrective action of the cycle done, none still to do."""
    if still_open > 0:
        noun = "action is" if still_open == 1 else "actions are"
        return f"{still_open} corrective {noun} still open or in progress."
    if done < 1:
        return "No corrective action of this cycle is done yet."
    return None


def not_independent(*, actor_id: int | None, action_owner_ids: Collection[int]) -> str | None:
    """Whoever checks effectiveness did not own any of the cycle's corrective actions."""
    if actor_id is not None and actor_id in action_owner_ids:
        return (
            "You own a corrective action of this cycle: someone else must check its effectiveness."
        )
    return None


def too_early(*, today: date, verification_due: date | None) -> str | None:
    """The effectiveness check happens on or after its planned date."""
    if verification_due is None:
        return "No date is planned for the effectiveness check."
    if today < verification_due:
        return (
            f"The effectiveness check is planned for {verification_due.isoformat()}: "
            "it cannot be recorded before then."
        )
    return None


def valid_check(check: CheckFacts, *, action_owner_ids: Collection[int]) -> bool:
    """A check that closes: effective, by someone who owned none of the cycle's corrective
    actions, on or after its planned date."""
    return (
        check.effective
        and check.checked_by_id not in action_owner_ids
        and check.planned_on is not None
        and check.checked_on >= check.planned_on
    )


def close_missing(
    *,
    root_cause: str,
    completed_corrective: int,
    checks: Sequence[CheckFacts],
    action_owner_ids: Collection[int],
) -> str | None:
    """Closing needs, for the current action cycle: a root cause, at least one completed
    corrective action, and an effectiveness check recorded as effective by someone other
    than an action owner on or after its planned date. One message names every gap."""
    missing = []
    if not root_cause.strip():
        missing.append("no root cause is recorded")
    if completed_corrective < 1:
        missing.append("no corrective action is completed")
    if not any(valid_check(check, action_owner_ids=action_owner_ids) for check in checks):
        missing.append(
            "no effectiveness check is recorded as effective by someone other than the "
            "action owner on or after its planned date"
        )
    if missing:
        return f"It cannot be closed yet: {'; '.join(missing)}."
    return None


def takes_no_actions(*, status: str) -> str | None:
    """Why an NC in `status` takes no new action (the actions app asks before adding one).

    A closed NC is a finished record; once effectiveness is verified, the cycle's actions
    are what was checked, so a new action belongs to a new cycle (reopen, with a reason)."""
    if status == "closed":
        return "This nonconformity is closed: reopen it (with a reason) to add actions."
    if status == "verified":
        return (
            "The effectiveness of this cycle's actions is verified: close the nonconformity "
            "now; a new action belongs to a new cycle (reopen it with a reason)."
        )
    return None


# --- Recurrence against a risk (the prompt to review the risk early) -----------------------


@dataclass(frozen=True)
class RiskLinkFacts:
    """A nonconformity as the recurrence rule sees it."""

    pk: int | None
    organization_id: int
    risk_id: int | None
    detected_on: date
    number: str = ""


def recurrence_window_start(detected_on: date, *, months: int) -> date:
    """The first day of the window in which an earlier NC makes this one a recurrence."""
    from qms.core.dates import add_months

    return add_months(detected_on, -months)


def recurring_partner(
    nc: RiskLinkFacts, others: Iterable[RiskLinkFacts], *, months: int
) -> RiskLinkFacts | None:
    """The latest other nonconformity of the same organization pointing at the same risk and
    detected within `months` months before this one (from the same calendar day `months`
    months earlier up to this one's day, both included); None when there is none or this
    one points at no risk. The NC itself never counts."""
    if nc.risk_id is None:
        return None
    first = recurrence_window_start(nc.detected_on, months=months)
    found = [
        other
        for other in others
        if other.organization_id == nc.organization_id
        and other.risk_id == nc.risk_id
        and (nc.pk is None or other.pk != nc.pk)
        and first <= other.detected_on <= nc.detected_on
    ]
    if not found:
        return None
    return max(found, key=lambda other: (other.detected_on, other.pk or 0))


def recurrence_reason(nc: RiskLinkFacts, partner: RiskLinkFacts, *, months: int) -> str:
    return f"Recurring nonconformity: {partner.number} and {nc.number} within {months} months"
