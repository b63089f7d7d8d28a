"""Rule vectors of surveys (pure functions)."""

from __future__ import annotations

import datetime as dt

import pytest

from qms.surveys import rules

TODAY = dt.date(2026, 6, 10)
ANSWERED = dt.datetime(2026, 6, 3, 9, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("status", "expires", "answered", "expected"),
    [
        ("open", TODAY, None, None),
        ("open", TODAY - dt.timedelta(days=1), None, (410, "expired on 09 June 2026")),
        ("closed", TODAY, None, (410, "This survey is closed")),
        ("draft", TODAY, None, (404, "not valid")),
        ("open", TODAY, ANSWERED, (409, "already been answered on 03 June 2026. Thank you.")),
        ("closed", TODAY - dt.timedelta(days=9), ANSWERED, (409, "already been answered")),
    ],
)
def test_a_link_works_once_while_the_survey_is_open_and_the_link_valid(
    status: str, expires: dt.date, answered: dt.datetime | None, expected: tuple[int, str] | None
) -> None:
    problem = rules.link_problem(
        survey_status=status, expires_on=expires, answered_at=answered, today=TODAY
    )
    if expected is None:
        assert problem is None
    else:
        assert problem is not None
        assert problem[0] == expected[0]
        assert expected[1] in problem[1]


@pytest.mark.parametrize(
    ("value", "low", "high", "required", "ok"),
    [
        ("3", 1, 5, True, True),
        ("0", 1, 5, True, False),
        ("6", 1, 5, True, False),
        ("0", 0, 10, True, True),
        ("10", 0, 10, True, True),
        ("11", 0, 10, True, False),
        ("", 1, 5, True, False),
        ("", 1, 5, False, True),
        (None, 1, 5, False, True),
        ("3.5", 1, 5, True, False),
        ("three", 1, 5, True, False),
        ("+3", 1, 5, True, False),
        ("03", 1, 5, True, False),
    ],
)
def test_a_rating_is_a_whole_number_on_the_scale(
    value: str | None, low: int, high: int, required: bool, ok: bool
) -> None:
    assert (rules.rating_problem(value=value, low=low, high=high, required=required) is None) is ok


def test_other_rules() -> None:
    assert rules.open_problem(question_count=0)
    assert rules.open_problem(question_count=1) is None
    assert rules.questions_locked_problem(status="draft") is None
    assert rules.questions_locked_problem(status="open")
    assert rules.invite_problem(status="open") is None
    assert rules.invite_problem(status="draft")
    assert rules.invite_problem(status="closed")
    assert rules.withdraw_problem(answered_at=None) is None
    assert rules.withdraw_problem(answered_at=ANSWERED)
    assert rules.survey_delete_problem(status="draft", invitation_count=0) is None
    assert rules.survey_delete_problem(status="draft", invitation_count=1)
    assert rules.survey_delete_problem(status="closed", invitation_count=0)
