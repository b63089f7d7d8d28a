"""Rule vectors of the complaint workflow (pure functions: facts in, reason out)."""

from __future__ import annotations

from datetime import date

import pytest

from qms.complaints import rules

TODAY = date(2026, 6, 10)


@pytest.mark.parametrize(
    ("received", "acknowledged", "expected"),
    [
        (date(2026, 6, 1), None, "Enter the date you acknowledged"),
        (date(2026, 6, 1), date(2026, 6, 11), "in the future"),
        (date(2026, 6, 5), date(2026, 6, 4), "before the complaint was received"),
        (date(2026, 6, 1), date(2026, 6, 1), None),
        (date(2026, 6, 1), TODAY, None),
        (None, date(2026, 6, 1), None),
    ],
)
def test_acknowledgement_needs_a_real_date_on_or_after_receipt(
    received: date | None, acknowledged: date | None, expected: str | None
) -> None:
    problem = rules.acknowledgement_problem(
        received_on=received, acknowledged_on=acknowledged, today=TODAY
    )
    assert (problem is None) if expected is None else (expected in (problem or ""))


@pytest.mark.parametrize(
    ("response", "sent", "expected"),
    [
        ("", date(2026, 6, 2), "Write the response"),
        ("   ", date(2026, 6, 2), "Write the response"),
        ("We replaced the gauges.", None, "Enter the date you sent the response"),
        ("We replaced the gauges.", date(2026, 6, 11), "in the future"),
        ("We replaced the gauges.", TODAY, None),
    ],
)
def test_an_answer_needs_a_written_response_and_its_sending_date(
    response: str, sent: date | None, expected: str | None
) -> None:
    problem = rules.response_problem(response=response, response_sent_on=sent, today=TODAY)
    assert (problem is None) if expected is None else (expected in (problem or ""))


@pytest.mark.parametrize(
    ("status", "number", "expected"),
    [
        ("received", None, None),
        ("acknowledged", None, None),
        ("responded", None, None),
        ("closed", None, "closed complaint cannot be escalated"),
        ("received", "NC-2026-0001", "already escalated to NC-2026-0001"),
        ("closed", "NC-2026-0001", "already escalated"),
    ],
)
def test_escalation_is_open_once_in_every_state_but_closed(
    status: str, number: str | None, expected: str | None
) -> None:
    problem = rules.escalation_problem(status=status, nonconformity_number=number)
    assert (problem is None) if expected is None else (expected in (problem or ""))


@pytest.mark.parametrize(
    ("acknowledged", "due", "overdue"),
    [
        (None, date(2026, 6, 9), True),
        (None, TODAY, False),
        (None, None, False),
        (date(2026, 6, 8), date(2026, 6, 9), False),
    ],
)
def test_an_acknowledgement_is_overdue_after_its_due_date_only(
    acknowledged: date | None, due: date | None, overdue: bool
) -> None:
    assert (
        rules.acknowledgement_overdue(acknowledged_on=acknowledged, due=due, today=TODAY) is overdue
    )
