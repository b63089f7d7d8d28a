"""Date rules of the 3-year certification cycle (domain spec §3.3, §3.6, §3.7, §8). Pure
functions on dates: no database access. One calculation for the programme page, the calendar,
the API and `qms programme`.

Contract (stable; other modules build on it):

- `ProgrammePolicy` (policy.py, re-exported here): the certification body's settings.
- `cycle_dates(*, decision_date, policy, previous_expiry=None) -> CycleDates`: the due dates of
  one cycle; `CycleDates.as_dict()` gives them with ISO dates (the CLI's JSON keys).
- `proposed_audits(*, decision_date, policy, previous_expiry=None) -> list[ProposedAudit]`:
  surveillance 1, surveillance 2 and recertification with a window and a suggested date; any
  dates chosen inside the windows pass `check_programme` without a violation.
- `check_programme(*, decision_date, audits, policy, previous_expiry=None) -> list[Violation]`:
  every broken rule of a planned programme (`PlannedAudit(kind, date, override_justification)`).
- `enforce_programme(...)`: the same check for a service: raises `ProgrammeRuleError` (all
  blocking messages joined) or returns the accepted soft violations, to be recorded.
- `major_nc_verification_deadline`, `stage2_repeat_required`, `check_major_nc_verification`:
  the 6-month rule for majors found at the initial audit.
- `restoration_deadline`, `can_restore`, `suspension_deadline`, `check_suspension`: §3.6.

Import these names from this module; they live in policy.py (settings), cycle.py (due dates)
and checks.py (rules of a planned programme), with the proposals here.

Dates are calendar dates; "+ N months" is `qms.core.dates.add_months` (end-of-month clamping:
31 Jan + 1 month = 28/29 Feb), always counted from the decision date itself (D0 + 21 months,
not D0 + 24 months - 3 months, which could clamp twice).

Hard and soft rules (spec §8). A hard violation always blocks, whatever justification the
audit carries. A soft violation (outside the certification body's tolerance window, late start
of the recertification audit) blocks too unless the audit it concerns carries an
`override_justification`: then it is returned with `accepted=True` and the justification, so
that it is kept on record and shown as a warning. `Violation.blocking` says which is which.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_noop

from qms.core.dates import add_months

from .checks import (
    CYCLE_ORDER,
    HARD,
    RULES,
    SOFT,
    PlannedAudit,
    Severity,
    Violation,
    blocking_violations,
    check_major_nc_verification,
    check_programme,
    check_suspension,
    enforce_programme,
    hard_violations,
    major_nc_verification_deadline,
    raise_if_blocking,
    stage2_repeat_required,
    suspension_deadline,
)
from .cycle import (
    ONE_DAY,
    CycleDates,
    DateWindow,
    ProgrammeRuleError,
    can_restore,
    cycle_dates,
    restoration_deadline,
    within_calendar,
)
from .policy import PolicyError, ProgrammePolicy

__all__ = [
    "HARD",
    "RULES",
    "SOFT",
    "CycleDates",
    "DateWindow",
    "PlannedAudit",
    "PolicyError",
    "ProgrammePolicy",
    "ProgrammeRuleError",
    "ProposedAudit",
    "Severity",
    "Violation",
    "blocking_violations",
    "can_restore",
    "check_major_nc_verification",
    "check_programme",
    "check_suspension",
    "cycle_dates",
    "enforce_programme",
    "hard_violations",
    "major_nc_verification_deadline",
    "proposed_audits",
    "raise_if_blocking",
    "restoration_deadline",
    "stage2_repeat_required",
    "suspension_deadline",
]

# --- Proposed audits --------------------------------------------------------------------


@dataclass(frozen=True)
class ProposedAudit:
    """A proposed audit of the cycle: any date in `window` passes every rule (given the
    other proposed audits also inside their windows); `latest` is the hard limit (later is
    refused); `required_year` the calendar year it must fall in, if any."""

    kind: str
    window: DateWindow
    suggested: dt.date
    latest: dt.date
    required_year: int | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "window": self.window.as_dict(),
            "suggested": self.suggested.isoformat(),
            "latest": self.latest.isoformat(),
            "required_year": self.required_year,
        }


def _year(year: int) -> DateWindow:
    return DateWindow(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _intersect(first: DateWindow, second: DateWindow) -> DateWindow:
    return DateWindow(max(first.start, second.start), min(first.end, second.end))


def _assign_years(
    windows: Sequence[DateWindow], years: Sequence[int]
) -> tuple[list[DateWindow], list[int | None]] | None:
    """Give each year to one surveillance (in order) and narrow its window to that year;
    of the possible assignments the one whose narrowest window is widest. None if none."""
    best: tuple[list[DateWindow], list[int | None]] | None = None
    best_score = -1
    for chosen in itertools.combinations(range(len(windows)), len(years)):
        narrowed = list(windows)
        required: list[int | None] = [None] * len(windows)
        for year, index in zip(years, chosen, strict=True):
            narrowed[index] = _intersect(windows[index], _year(year))
            required[index] = year
        score = min(window.days for window in narrowed)
        if score > best_score:
            best, best_score = (narrowed, required), score
    return best if best_score > 0 else None


@within_calendar
def proposed_audits(
    *,
    decision_date: dt.date,
    policy: ProgrammePolicy,
    previous_expiry: dt.date | None = None,
) -> list[ProposedAudit]:
    """Surveillance 1, surveillance 2 and recertification of the cycle, each with a window
    inside the CB's tolerance and every hard rule, and a suggested date.

    Windows: surveillance 1 from D0 + (first - tolerance) months to its due date;
    surveillance 2 D0 + second ± tolerance months; recertification from expiry - (lead +
    tolerance) months to the recommended start (expiry - lead months). Each is then narrowed
    so that the audits follow in order and each year of `surveillance_years` gets a
    surveillance (when it cannot, e.g. a recertification decided in the year before the old
    expiry, the recertification audit's own year is the recertification year and the years
    before it are covered). Suggested dates: surveillance 1 a month before its due date,
    surveillance 2 on its target, recertification a month before the recommended start, each
    moved into its window.
    """
    dates = cycle_dates(decision_date=decision_date, policy=policy, previous_expiry=previous_expiry)
    tolerance = policy.surveillance_tolerance_months
    lead = policy.recertification_lead_months
    recert_end = min(dates.recertification_audit_start_by, dates.recertification_decision_by)
    recert = DateWindow(min(add_months(dates.expiry, -(lead + tolerance)), recert_end), recert_end)
    first = DateWindow(
        max(dates.surveillance_1_window.start, decision_date + ONE_DAY),
        dates.surveillance_1_due_by,
    )
    second = DateWindow(
        max(dates.surveillance_2_window.start, first.end + ONE_DAY),
        min(dates.surveillance_2_window.end, recert.start - ONE_DAY, dates.expiry),
    )
    windows = [first, second]
    required: list[int | None] = [None, None]
    for years in (dates.surveillance_years, range(decision_date.year + 1, recert.end.year)):
        assigned = _assign_years(windows, list(years))
        if assigned is not None:
            windows, required = assigned
            break
    suggestions = (
        add_months(decision_date, policy.first_surveillance_months - 1),
        dates.surveillance_2_target,
        add_months(dates.expiry, -(lead + 1)),
    )
    latest = (dates.surveillance_1_due_by, dates.expiry, dates.recertification_decision_by)
    return [
        ProposedAudit(
            kind=str(kind),
            window=window,
            suggested=window.clamp(suggestion),
            latest=last,
            required_year=year,
        )
        for kind, window, suggestion, last, year in zip(
            CYCLE_ORDER, [*windows, recert], suggestions, latest, [*required, None], strict=True
        )
    ]


TEAM_ON_WORKSPACE = gettext_noop(
    "This audit's team is kept on its workspace (members with their competence check and "
    "declarations): change it there."
)


def team_field_problems(
    *,
    member_lead: int | None,
    member_team: set[int],
    lead: int | None,
    team: set[int],
) -> dict[str, str]:
    """Once an audit has team members (the audits area), the planning form no longer sets
    its lead auditor and team: a plan that names other people than the members is refused
    on the field it changes (the plan may repeat them unchanged). Ids of people."""
    problems: dict[str, str] = {}
    if lead != member_lead:
        problems["lead_auditor"] = TEAM_ON_WORKSPACE
    if team != member_team:
        problems["team"] = TEAM_ON_WORKSPACE
    return problems
