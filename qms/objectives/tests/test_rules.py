from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from qms.objectives import rules

START, DUE = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def perf(
    value: str | None,
    period: dt.date | None,
    *,
    direction: str = "higher",
    baseline: str | None = "80",
    target: str = "95",
    tolerance: str = "5",
    kind: str = "percent",
    today: dt.date = dt.date(2026, 7, 15),
) -> str:
    return rules.performance(
        latest_value=D(value) if value is not None else None,
        latest_period=period,
        baseline=D(baseline) if baseline is not None else None,
        target=D(target),
        direction=direction,
        start=START,
        due=DUE,
        tolerance=D(tolerance),
        tolerance_kind=kind,
        today=today,
    )


JUL = dt.date(2026, 7, 1)  # on the path 80 -> 95 (181 of 364 days): 87.459


@pytest.mark.parametrize(
    ("value", "period", "kwargs", "expected"),
    [
        (None, None, {}, "no_data"),
        (None, None, {"today": dt.date(2027, 1, 1)}, "missed"),
        ("95", JUL, {}, "on_track"),  # target met
        ("96", JUL, {}, "on_track"),
        ("88", JUL, {}, "on_track"),  # above the path
        ("82.71", JUL, {}, "on_track"),  # path 87.459 minus 5 % of 95 (4.75) = 82.709
        ("82.70", JUL, {}, "at_risk"),
        ("82.6", JUL, {"tolerance": "0"}, "at_risk"),
        ("87.0", JUL, {"tolerance": "0"}, "at_risk"),
        ("87.0", JUL, {"tolerance": "1", "kind": "absolute"}, "on_track"),
        ("94", dt.date(2026, 12, 1), {"today": dt.date(2027, 1, 5)}, "missed"),
        ("95", dt.date(2026, 12, 1), {"today": dt.date(2027, 1, 5)}, "on_track"),
        ("80", JUL, {"baseline": None, "tolerance": "0"}, "at_risk"),  # flat path: target
        # lower is better: 10 -> 4 days
        ("4", JUL, {"direction": "lower", "baseline": "10", "target": "4"}, "on_track"),
        ("7", JUL, {"direction": "lower", "baseline": "10", "target": "4"}, "on_track"),
        ("7.3", JUL, {"direction": "lower", "baseline": "10", "target": "4"}, "at_risk"),
        (
            "7.1",
            JUL,
            {
                "direction": "lower",
                "baseline": "10",
                "target": "4",
                "tolerance": "0.2",
                "kind": "absolute",
            },
            "on_track",
        ),
        (
            "5",
            dt.date(2026, 12, 1),
            {"direction": "lower", "baseline": "10", "target": "4", "today": dt.date(2027, 2, 1)},
            "missed",
        ),
    ],
)
def test_performance_vectors(
    value: str | None, period: dt.date | None, kwargs: dict, expected: str
) -> None:
    assert perf(value, period, **kwargs) == expected


def test_expected_value_is_a_straight_path_between_baseline_and_target() -> None:
    assert rules.expected_value(baseline=D(80), target=D(95), start=START, due=DUE, on=START) == 80
    assert rules.expected_value(baseline=D(80), target=D(95), start=START, due=DUE, on=DUE) == 95
    middle = rules.expected_value(
        baseline=D(80), target=D(95), start=START, due=DUE, on=dt.date(2026, 7, 2)
    )
    assert D("87.4") < middle < D("87.6")


def test_periods_months_and_quarters() -> None:
    months = rules.periods(start=dt.date(2026, 1, 15), end=dt.date(2026, 3, 2), frequency="monthly")
    assert months == [dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)]
    quarters = rules.periods(start=START, end=DUE, frequency="quarterly")
    assert quarters == [dt.date(2026, m, 1) for m in (1, 4, 7, 10)]
    assert rules.period_end(dt.date(2026, 10, 1), "quarterly") == dt.date(2026, 12, 31)
    assert rules.period_end(dt.date(2026, 2, 1), "monthly") == dt.date(2026, 2, 28)


@pytest.mark.parametrize(
    ("period", "ok"),
    [
        (dt.date(2025, 12, 1), False),
        (dt.date(2026, 1, 1), True),
        (dt.date(2026, 12, 31), True),
        (dt.date(2027, 1, 1), False),
    ],
)
def test_period_inside_the_objective(period: dt.date, ok: bool) -> None:
    problem = rules.period_problem(period=period, start=START, due=DUE, frequency="monthly")
    assert (problem is None) is ok
