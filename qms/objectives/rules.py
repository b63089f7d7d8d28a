"""Pure rules of quality objectives: the performance status and the measurement periods.

Performance (never set by hand) compares the latest measurement with the value expected at
its period on a straight path from the baseline (at the start date) to the target (at the
due date), direction-aware:

- no measurement → no data;
- the latest value meets the target → on track (whatever the date);
- the due date has passed (today > due) and the target is not met → missed;
- the latest value is no worse than the expected value minus the tolerance → on track;
- otherwise → at risk.

The tolerance is a percentage of |target| (kind "percent") or a margin in the unit
("absolute").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .choices import Direction, Frequency, Performance, ToleranceKind


def meets_target(*, value: Decimal, target: Decimal, direction: str) -> bool:
    return value >= target if direction == Direction.HIGHER else value <= target


def expected_value(
    *, baseline: Decimal | None, target: Decimal, start: date, due: date, on: date
) -> Decimal:
    """The value expected on `on` on a straight path from baseline (start) to target (due)."""
    if baseline is None or on >= due:
        return target
    if on <= start:
        return baseline
    total = (due - start).days
    elapsed = (on - start).days
    return baseline + (target - baseline) * Decimal(elapsed) / Decimal(total)


def margin(*, tolerance: Decimal, kind: str, target: Decimal) -> Decimal:
    if kind == ToleranceKind.PERCENT:
        return abs(target) * tolerance / Decimal(100)
    return tolerance


def performance(
    *,
    latest_value: Decimal | None,
    latest_period: date | None,
    baseline: Decimal | None,
    target: Decimal,
    direction: str,
    start: date,
    due: date,
    tolerance: Decimal,
    tolerance_kind: str,
    today: date,
) -> str:
    """The performance status of an objective (Performance value)."""
    if latest_value is None or latest_period is None:
        return Performance.MISSED if today > due else Performance.NO_DATA
    if meets_target(value=latest_value, target=target, direction=direction):
        return Performance.ON_TRACK
    if today > due:
        return Performance.MISSED
    expected = expected_value(
        baseline=baseline, target=target, start=start, due=due, on=latest_period
    )
    allowed = margin(tolerance=tolerance, kind=tolerance_kind, target=target)
    if direction == Direction.HIGHER:
        ok = latest_value >= expected - allowed
    else:
        ok = latest_value <= expected + allowed
    return Performance.ON_TRACK if ok else Performance.AT_RISK


def period_start(day: date, frequency: str) -> date:
    """The first day of the month or quarter that holds `day`."""
    if frequency == Frequency.QUARTERLY:
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, day.month, 1)


def period_end(start: date, frequency: str) -> date:
    """The last day of the period that starts on `start`."""
    months = 3 if frequency == Frequency.QUARTERLY else 1
    month = start.month - 1 + months
    year = start.year + month // 12
    first_next = date(year, month % 12 + 1, 1)
    return date.fromordinal(first_next.toordinal() - 1)


def periods(*, start: date, end: date, frequency: str) -> list[date]:
    """The first days of every period from the one holding `start` to the one holding `end`."""
    result: list[date] = []
    current = period_start(start, frequency)
    while current <= end:
        result.append(current)
        current = date.fromordinal(period_end(current, frequency).toordinal() + 1)
    return result


def period_problem(*, period: date, start: date, due: date, frequency: str) -> str | None:
    """Why `period` cannot hold a measurement of the objective (None: it can)."""
    first = period_start(period, frequency)
    if period_end(first, frequency) < start or first > due:
        return (
            f"The period {first:%Y-%m} lies outside the objective's period "
            f"({start.isoformat()} to {due.isoformat()})."
        )
    return None


def transition_problem(*, status: str, measurements: int) -> str | None:
    """Achieved / not achieved need at least one measurement as evidence."""
    if measurements == 0:
        return "Record at least one measurement first."
    return None


def takes_no_actions(*, status: str) -> str | None:
    from .choices import CLOSED_STATES

    if status in CLOSED_STATES:
        return "This objective is closed: it takes no new action."
    return None
