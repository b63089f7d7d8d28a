"""The pure rules: audit frequency, risk level, previous result, spreading, independence,
workflow guards."""

from __future__ import annotations

from datetime import date

import pytest

from qms.internal_audits import rules, selectors
from qms.internal_audits.models import Audit


@pytest.mark.parametrize(
    ("importance", "risk", "previous", "expected"),
    [
        ("low", "none", "none", 1),
        ("low", "low", "observations", 1),
        ("medium", "none", "not_audited", 2),
        ("medium", "medium", "none", 2),
        ("high", "high", "none", 3),
        ("high", "critical", "minor", 4),
        ("high", "none", "major", 3),
        ("low", "critical", "major", 4),
        ("medium", "high", "minor", 3),
    ],
)
def test_audits_per_year(importance: str, risk: str, previous: str, expected: int) -> None:
    assert (
        rules.audits_per_year(importance=importance, risk_level=risk, previous_result=previous)
        == expected
    )


def test_override_replaces_the_suggestion() -> None:
    assert rules.effective_per_year(suggested=2, override=None) == 2
    assert rules.effective_per_year(suggested=2, override=4) == 4


def test_risk_level_is_the_highest_band() -> None:
    assert rules.risk_level([]) == "none"
    assert rules.risk_level(["low", "high", "medium"]) == "high"
    assert rules.risk_level(["critical", "low"]) == "critical"
    assert rules.risk_level(["unknown-band"]) == "medium"


def test_previous_result_from_grades() -> None:
    assert rules.previous_result(None) == "not_audited"
    assert rules.previous_result([]) == "none"
    assert rules.previous_result(["observation", "improvement"]) == "observations"
    assert rules.previous_result(["observation", "minor"]) == "minor"
    assert rules.previous_result(["minor", "major"]) == "major"


def test_spread_months() -> None:
    assert rules.spread_months(1) == [1]
    assert rules.spread_months(2) == [1, 7]
    assert rules.spread_months(4) == [1, 4, 7, 10]
    assert rules.spread_months(2, offset=1) == [2, 8]
    assert rules.spread_months(1, offset=5) == [6]
    assert all(1 <= m <= 12 for o in range(30) for m in rules.spread_months(3, offset=o))


def test_independence_names_person_and_process() -> None:
    ann = rules.Person(pk=1, name="Ann Smith")
    bob = rules.Person(pk=2, name="Bob Jones")
    purchasing = rules.OwnedProcess(name="Purchasing", owner_id=1)
    sales = rules.OwnedProcess(name="Sales", owner_id=None)
    assert rules.independence_problems(auditors=[bob], processes=[purchasing, sales]) == []
    problems = rules.independence_problems(auditors=[ann, bob], processes=[purchasing])
    assert problems == [
        "Ann Smith owns the process “Purchasing” and cannot audit it "
        "(ISO 9001 §9.2.2 c: auditors do not audit their own work)."
    ]


def test_report_and_close_guards() -> None:
    assert rules.report_problem(item_count=0, unanswered=0)
    assert "2 checklist question" in (rules.report_problem(item_count=5, unanswered=2) or "")
    assert rules.report_problem(item_count=5, unanswered=0) is None
    assert rules.close_problem(open_findings=[]) is None
    assert "F-01" in (rules.close_problem(open_findings=["F-01"]) or "")


def test_spread_months_over_the_rest_of_the_year() -> None:
    assert rules.spread_months(2, first=11) == [11, 12]
    assert rules.spread_months(4, first=11) == [11, 12]
    assert rules.spread_months(1, first=12, offset=3) == [12]
    assert rules.spread_months(2, first=7) == [7, 10]


@pytest.mark.parametrize(
    ("planned", "due"),
    [
        (date(2026, 1, 1), date(2026, 2, 28)),
        (date(2028, 1, 1), date(2028, 2, 29)),
        (date(2026, 11, 1), date(2026, 12, 31)),
        (date(2026, 12, 1), date(2027, 1, 31)),
    ],
)
def test_an_audit_is_due_by_the_end_of_the_month_after_its_planned_month(
    planned: date, due: date
) -> None:
    assert selectors.due_by(Audit(planned_month=planned)) == due


def test_quarters_and_months_end_on_the_last_day() -> None:
    assert [end for _label, _start, end in selectors.quarters(2028)] == [
        date(2028, 3, 31),
        date(2028, 6, 30),
        date(2028, 9, 30),
        date(2028, 12, 31),
    ]
    assert selectors.months(2028)[1][2] == date(2028, 2, 29)
    assert selectors.months(2026)[11][1:] == (date(2026, 12, 1), date(2026, 12, 31))
