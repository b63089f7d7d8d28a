"""Vectors of the recurrence rule (rules.recurring_partner): pure, no database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from qms.nonconformities.rules import RiskLinkFacts, recurrence_reason, recurring_partner

NC = RiskLinkFacts(
    pk=10, organization_id=1, risk_id=5, detected_on=dt.date(2026, 6, 1), number="NC-2026-0010"
)


def other(**changes: Any) -> RiskLinkFacts:
    values: dict[str, Any] = {
        "pk": 3,
        "organization_id": 1,
        "risk_id": 5,
        "detected_on": dt.date(2026, 1, 15),
        "number": "NC-2026-0003",
    }
    values.update(changes)
    return RiskLinkFacts(**values)


@pytest.mark.parametrize(
    ("others", "found"),
    [
        ([other()], 3),
        ([other(detected_on=dt.date(2025, 6, 1))], 3),  # first day of the window
        ([other(detected_on=dt.date(2025, 5, 31))], None),  # the day before it
        ([other(detected_on=dt.date(2026, 6, 1))], 3),  # the same day
        ([other(detected_on=dt.date(2026, 6, 2))], None),  # after this one
        ([other(risk_id=6)], None),  # another risk
        ([other(risk_id=None)], None),
        ([other(organization_id=2)], None),  # another organization
        ([other(pk=10)], None),  # the NC itself
        ([other(pk=3), other(pk=4, detected_on=dt.date(2026, 3, 1))], 4),  # the latest
        ([], None),
    ],
)
def test_recurring_partner(others, found):
    partner = recurring_partner(NC, others, months=12)
    assert (partner.pk if partner else None) == found


def test_no_risk_no_recurrence_and_the_window_follows_the_setting():
    no_risk = RiskLinkFacts(10, 1, None, NC.detected_on)
    assert recurring_partner(no_risk, [other()], months=12) is None
    assert recurring_partner(NC, [other()], months=3) is None  # 2026-01-15 is before 2026-03-01
    assert recurring_partner(NC, [other(detected_on=dt.date(2026, 3, 1))], months=3) is not None


def test_the_reason_names_both_numbers_and_the_window():
    assert recurrence_reason(NC, other(), months=12) == (
        "Recurring nonconformity: NC-2026-0003 and NC-2026-0010 within 12 months"
    )
