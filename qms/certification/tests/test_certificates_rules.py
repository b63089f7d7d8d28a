"""Pure rules of the decision and the certificate (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from qms.certification.certificates import rules
from qms.certification.certificates.rules import FindingFacts


def _f(grade: str, status: str, verified_on: dt.date | None = None) -> FindingFacts:
    return FindingFacts(
        number="F-01", audit="Stage 2", grade=grade, status=status, verified_on=verified_on
    )


def test_independence() -> None:
    assert rules.independence_problem(decider_id=3, team_ids={1, 2}) is None
    problem = rules.independence_problem(decider_id=2, team_ids={1, 2})
    assert problem and "was on the audit team is refused" in problem


def test_majors_must_be_verified_and_minors_accepted() -> None:
    assert rules.open_majors_problem([_f("major", "verified")]) is None
    assert rules.open_majors_problem([_f("major", "accepted")])
    assert rules.minor_plans_problem([_f("minor", "accepted"), _f("minor", "verified")]) is None
    assert rules.minor_plans_problem([_f("minor", "submitted")])
    assert rules.open_majors_problem([_f("observation", "no_response")]) is None


def test_majors_verified_after_the_limit_need_a_new_stage_2() -> None:
    last = dt.date(2026, 1, 31)
    in_time = [_f("major", "verified", dt.date(2026, 7, 31))]
    late = [_f("major", "verified", dt.date(2026, 8, 1))]
    args = {"stage2_last_day": last, "months": 6, "today": dt.date(2026, 9, 1)}
    assert rules.late_majors_problem(findings=in_time, **args) is None
    assert "new Stage 2" in (rules.late_majors_problem(findings=late, **args) or "")


def test_audit_time_difference_needs_a_justification() -> None:
    same = rules.audit_time_item(
        planned=Decimal("3"), spent=Decimal("3"), calculated=None, justification=""
    )
    assert same.ok
    differs = rules.audit_time_item(
        planned=Decimal("3"), spent=Decimal("2.5"), calculated=Decimal("3"), justification=""
    )
    assert not differs.ok and differs.blocking
    justified = rules.audit_time_item(
        planned=None, spent=Decimal("2.5"), calculated=Decimal("3"), justification="Small site."
    )
    assert justified.ok


def test_effective_date_and_suspension_and_restoration() -> None:
    day = dt.date(2026, 3, 1)
    assert rules.effective_date_problem(effective=day, decided_on=day) is None
    assert rules.effective_date_problem(effective=day - dt.timedelta(days=1), decided_on=day)
    assert rules.suspension_until(suspended_on=dt.date(2026, 8, 31), max_months=6) == dt.date(
        2027, 2, 28
    )
    long = dt.date(2026, 10, 1)
    assert rules.suspension_problem(suspended_on=day, until=long, max_months=6, justification="")
    assert (
        rules.suspension_problem(suspended_on=day, until=long, max_months=6, justification="ok")
        is None
    )
    assert rules.restore_problem(suspended_until=day, today=day) is None
    assert rules.restore_problem(suspended_until=day, today=day + dt.timedelta(days=1))
    assert rules.restoration_problem(
        expiry_date=day, decided_on=dt.date(2026, 9, 2), restoration_months=6
    )
    assert (
        rules.restoration_problem(
            expiry_date=day, decided_on=dt.date(2026, 9, 1), restoration_months=6
        )
        is None
    )


def test_public_wording_never_shows_the_internal_reason() -> None:
    assert rules.status_note(status="suspended", change="suspended", reason_code="r3") == (
        "at the client's request (R3)"
    )
    assert rules.status_note(status="suspended", change="suspended", reason_code="contract") == ""
    assert rules.status_note(status="active", change="scope_reduced") == "scope reduced"
