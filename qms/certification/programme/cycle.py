"""One certification cycle's due dates from its decision date (domain spec §3.6, §3.7):
expiry, surveillance due dates and windows, recertification and restoration deadlines. Pure:
no database access. Public through rules.py (the contract is documented there)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from django.utils.translation import gettext as _

from qms.core.dates import add_months

from .policy import ProgrammePolicy

if TYPE_CHECKING:
    from .checks import Violation

ONE_DAY = dt.timedelta(days=1)


class ProgrammeRuleError(ValueError):
    """A refused programme (or cycle): `violations` are the blocking ones (may be empty when
    the refusal is not about a planned audit); `str()` joins their messages."""

    def __init__(self, message: str, violations: Sequence[Violation] = ()) -> None:
        self.violations = list(violations)
        super().__init__(message)


_P = ParamSpec("_P")
_R = TypeVar("_R")


def within_calendar(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """A cycle whose dates would fall outside the calendar (before year 1 or after 9999: a
    decision date typed as 0003 or 9998) is refused with `ProgrammeRuleError`, like any
    other refused cycle, instead of failing in the date arithmetic."""

    @functools.wraps(function)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return function(*args, **kwargs)
        except ProgrammeRuleError:
            raise
        except (OverflowError, ValueError) as error:
            if "out of range" not in str(error):
                raise
            raise ProgrammeRuleError(
                _("These dates put the cycle outside the calendar (years 1 to 9999).")
            ) from error

    return wrapped


@dataclass(frozen=True)
class DateWindow:
    """An inclusive range of dates."""

    start: dt.date
    end: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        """Number of days in the window (0 when empty)."""
        return max(0, (self.end - self.start).days + 1)

    def clamp(self, day: dt.date) -> dt.date:
        """`day` moved into the window."""
        return min(max(day, self.start), self.end)

    def as_dict(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


@dataclass(frozen=True)
class CycleDates:
    """The due dates of one cycle, from its decision date `D0` (see `cycle_dates`)."""

    decision_date: dt.date
    previous_expiry: dt.date | None
    surveillance_1_due_by: dt.date
    surveillance_1_window: DateWindow
    surveillance_2_target: dt.date
    surveillance_2_window: DateWindow
    expiry: dt.date
    recertification_decision_by: dt.date
    recertification_audit_start_by: dt.date
    restoration_deadline: dt.date
    recertification_year: int
    surveillance_years: tuple[int, ...]

    @property
    def is_recertification(self) -> bool:
        """A cycle that follows a previous one (its expiry was given)."""
        return self.previous_expiry is not None

    @property
    def is_restoration(self) -> bool:
        """A cycle decided on or after the previous expiry (within the restoration window):
        the gap between the two is a period without valid certification (spec §3.6)."""
        return self.previous_expiry is not None and self.decision_date >= self.previous_expiry

    def as_dict(self) -> dict[str, Any]:
        """ISO dates by name: the keys of `qms programme --json`."""
        previous = self.previous_expiry.isoformat() if self.previous_expiry else None
        return {
            "decision_date": self.decision_date.isoformat(),
            "previous_expiry": previous,
            "surveillance_1_due_by": self.surveillance_1_due_by.isoformat(),
            "surveillance_1_window": self.surveillance_1_window.as_dict(),
            "surveillance_2_window": self.surveillance_2_window.as_dict(),
            "expiry": self.expiry.isoformat(),
            "recertification_decision_by": self.recertification_decision_by.isoformat(),
            "recertification_audit_start_by": self.recertification_audit_start_by.isoformat(),
            "restoration_deadline": self.restoration_deadline.isoformat(),
            "recertification_year": self.recertification_year,
            "surveillance_years": list(self.surveillance_years),
            "is_restoration": self.is_restoration,
        }


def restoration_deadline(expiry: dt.date, policy: ProgrammePolicy) -> dt.date:
    """Last day an expired certification may be restored: expiry + `restoration_months`."""
    return add_months(expiry, policy.restoration_months)


def can_restore(*, expiry: dt.date, decision_date: dt.date, policy: ProgrammePolicy) -> bool:
    """Whether a recertification decided on `decision_date` still restores a certification
    that expired on `expiry` (decided after expiry, on or before the restoration deadline)."""
    return expiry <= decision_date <= restoration_deadline(expiry, policy)


def _expiry(
    decision_date: dt.date, policy: ProgrammePolicy, previous_expiry: dt.date | None
) -> dt.date:
    if previous_expiry is None:
        return add_months(decision_date, policy.cycle_months) - dt.timedelta(
            days=policy.expiry_days_less
        )
    if decision_date <= add_months(previous_expiry, -policy.cycle_months):
        raise ProgrammeRuleError(
            _(
                "The recertification decision of %(decision)s is before the previous cycle "
                "began (previous expiry %(expiry)s): check the two dates."
            )
            % {"decision": decision_date.isoformat(), "expiry": previous_expiry.isoformat()}
        )
    deadline = restoration_deadline(previous_expiry, policy)
    if decision_date > deadline:
        raise ProgrammeRuleError(
            _(
                "The recertification decision of %(decision)s is after the restoration "
                "deadline of %(deadline)s (%(months)s months after the previous expiry of "
                "%(expiry)s): the certification can no longer be restored; a new initial "
                "certification (at least a Stage 2 audit) starts a new cycle without a "
                "previous expiry."
            )
            % {
                "decision": decision_date.isoformat(),
                "deadline": deadline.isoformat(),
                "months": policy.restoration_months,
                "expiry": previous_expiry.isoformat(),
            }
        )
    # Decided before the old expiry: the new cycle continues from it (no gap, no overlap).
    # Restored after it: the expiry is still based on the prior cycle (no extension, §3.6).
    return add_months(previous_expiry, policy.cycle_months)


@within_calendar
def cycle_dates(
    *,
    decision_date: dt.date,
    policy: ProgrammePolicy,
    previous_expiry: dt.date | None = None,
) -> CycleDates:
    """The due dates of the cycle decided on `decision_date` (D0).

    - `surveillance_1_due_by` = D0 + `first_surveillance_months` (a hard limit; the CB's
      window `surveillance_1_window` starts `surveillance_tolerance_months` earlier).
    - `surveillance_2_window` = D0 + `second_surveillance_months` ± tolerance (CB window).
    - `expiry`: initial cycle (no `previous_expiry`) D0 + `cycle_months` - `expiry_days_less`
      days. Recertification cycle: `previous_expiry` + `cycle_months`, whether decided before
      the old expiry (spec §3.7) or restored after it, up to the restoration deadline (§3.6);
      a decision later than that is refused (`ProgrammeRuleError`): a new initial
      certification then starts a cycle without a previous expiry. Adding the months to the
      old expiry may clamp at a month end (previous expiry 29 Feb 2028 → 28 Feb 2031).
    - `recertification_decision_by` = expiry - 1 day. The spec says `RC.decision_date <
      expiry`; expiry is the last day the certificate is valid, so the recertification
      decision is due at the latest the day before.
    - `recertification_audit_start_by` = expiry - `recertification_lead_months` (soft).
    - `restoration_deadline` = expiry + `restoration_months`.
    - `surveillance_years`: the calendar years that need a surveillance audit. A surveillance
      is required in every calendar year of the cycle except the recertification year; the
      decision year is not counted (the audit the decision rests on was held in it or just
      before). So: every year after the year of D0 and before `recertification_year`, which is
      the year of `recertification_decision_by`, the latest the recertification can be held
      (normally the year of expiry). D0 = 2025-03-10: expiry 2028-03-09, years 2026 and 2027.
      A decision on 1 or 2 January: D0 = 2025-01-01 expires 2027-12-31, decision due by
      2027-12-30, so 2027 is the recertification year and only 2026 needs a surveillance
      (surveillance 1, due by 2026-01-01, or surveillance 2 in 2026). A decision on 31
      December: D0 = 2025-12-31, years 2026 and 2027 (recertification by 2028-12-29). When
      the recertification audit is planned in an earlier year than `recertification_year`,
      that year is the recertification year and needs no surveillance: `check_programme`
      uses the planned date (a recertification decided in the calendar year before the old
      expiry spans three such years here, and its proposed recertification audit then falls
      in the third).
    """
    first = policy.first_surveillance_months
    second = policy.second_surveillance_months
    tolerance = policy.surveillance_tolerance_months
    expiry = _expiry(decision_date, policy, previous_expiry)
    decision_by = expiry - ONE_DAY
    surveillance_1_due_by = add_months(decision_date, first)
    recertification_year = decision_by.year
    return CycleDates(
        decision_date=decision_date,
        previous_expiry=previous_expiry,
        surveillance_1_due_by=surveillance_1_due_by,
        surveillance_1_window=DateWindow(
            add_months(decision_date, first - tolerance), surveillance_1_due_by
        ),
        surveillance_2_target=add_months(decision_date, second),
        surveillance_2_window=DateWindow(
            add_months(decision_date, second - tolerance),
            add_months(decision_date, second + tolerance),
        ),
        expiry=expiry,
        recertification_decision_by=decision_by,
        recertification_audit_start_by=add_months(expiry, -policy.recertification_lead_months),
        restoration_deadline=restoration_deadline(expiry, policy),
        recertification_year=recertification_year,
        surveillance_years=tuple(range(decision_date.year + 1, recertification_year)),
    )
