"""Rule vectors for every guard of the nonconformity workflow (pure functions, no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from qms.nonconformities import rules
from qms.nonconformities.rules import CheckFacts

DUE = dt.date(2026, 6, 1)
OWNER = 7
CHECKER = 9


def check(
    *,
    effective: bool = True,
    by: int = CHECKER,
    on: dt.date = DUE,
    planned: dt.date | None = DUE,
) -> CheckFacts:
    return CheckFacts(effective=effective, checked_by_id=by, checked_on=on, planned_on=planned)


# --- record_containment -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("containment", "correction", "allowed", "names"),
    [
        ("Quarantined batch", "Reworked 12 parts", True, []),
        ("", "Reworked", False, ["containment"]),
        ("Quarantined", "   ", False, ["correction"]),
        ("", "", False, ["containment", "correction"]),
    ],
)
def test_containment_needs_both_texts(containment, correction, allowed, names):
    reason = rules.containment_missing(containment=containment, correction=correction)
    assert (reason is None) is allowed
    for name in names:
        assert name in (reason or "")


# --- analyse ------------------------------------------------------------------------------


def test_analysis_needs_a_root_cause():
    assert rules.root_cause_missing(root_cause="Worn fixture") is None
    assert "root cause" in (rules.root_cause_missing(root_cause="  \n") or "")


# --- plan ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actions", "due", "allowed", "words"),
    [
        (1, DUE, True, []),
        (0, DUE, False, ["corrective action"]),
        (2, None, False, ["date"]),
        (0, None, False, ["corrective action", "date"]),
    ],
)
def test_a_plan_needs_a_corrective_action_and_a_check_date(actions, due, allowed, words):
    reason = rules.plan_missing(corrective_actions=actions, verification_due=due)
    assert (reason is None) is allowed
    for word in words:
        assert word in (reason or "")


# --- implement ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("done", "still_open", "allowed"),
    [(1, 0, True), (3, 0, True), (0, 0, False), (1, 1, False), (0, 2, False)],
)
def test_implemented_means_one_done_and_none_open(done, still_open, allowed):
    assert (rules.implementation_missing(done=done, still_open=still_open) is None) is allowed


def test_the_open_count_is_named():
    assert "2 corrective actions are still open" in (
        rules.implementation_missing(done=1, still_open=2) or ""
    )


# --- verify -------------------------------------------------------------------------------


def test_an_action_owner_may_not_check_their_own_work():
    assert rules.not_independent(actor_id=OWNER, action_owner_ids={OWNER, 3}) is not None
    assert rules.not_independent(actor_id=CHECKER, action_owner_ids={OWNER, 3}) is None
    assert rules.not_independent(actor_id=CHECKER, action_owner_ids=set()) is None


@pytest.mark.parametrize(
    ("today", "allowed"),
    [
        (DUE - dt.timedelta(days=1), False),
        (DUE, True),
        (DUE + dt.timedelta(days=1), True),
    ],
)
def test_the_check_is_on_or_after_its_planned_date(today, allowed):
    assert (rules.too_early(today=today, verification_due=DUE) is None) is allowed


def test_no_planned_date_no_check():
    assert rules.too_early(today=DUE, verification_due=None) is not None


# --- close --------------------------------------------------------------------------------


def close(**overrides):
    facts = {
        "root_cause": "Fixture worn beyond its limit",
        "completed_corrective": 1,
        "checks": [check()],
        "action_owner_ids": {OWNER},
    }
    facts.update(overrides)
    return rules.close_missing(**facts)


def test_everything_in_place_closes():
    assert close() is None


@pytest.mark.parametrize(
    ("overrides", "phrase"),
    [
        ({"root_cause": ""}, "no root cause"),
        ({"completed_corrective": 0}, "no corrective action is completed"),
        ({"checks": []}, "no effectiveness check"),
        ({"checks": [check(effective=False)]}, "no effectiveness check"),
        ({"checks": [check(by=OWNER)]}, "no effectiveness check"),
        ({"checks": [check(on=DUE - dt.timedelta(days=1))]}, "no effectiveness check"),
        ({"checks": [check(planned=None)]}, "no effectiveness check"),
    ],
)
def test_each_missing_condition_alone_refuses(overrides, phrase):
    reason = close(**overrides)
    assert reason is not None and phrase in reason
    assert reason.count(";") == 0  # only that one condition is named


@pytest.mark.parametrize(
    ("on", "allowed"),
    [(DUE - dt.timedelta(days=1), False), (DUE, True), (DUE + dt.timedelta(days=30), True)],
)
def test_the_check_date_before_on_after_the_planned_date(on, allowed):
    assert (close(checks=[check(on=on)]) is None) is allowed


def test_same_or_different_person():
    assert close(checks=[check(by=OWNER)]) is not None
    assert close(checks=[check(by=CHECKER)]) is None


def test_one_message_lists_every_missing_condition():
    reason = close(root_cause=" ", completed_corrective=0, checks=[])
    assert reason is not None
    assert "no root cause" in reason
    assert "no corrective action is completed" in reason
    assert "no effectiveness check" in reason


def test_an_ineffective_check_then_a_second_cycle():
    """Cycle 1 ended with an ineffective check; cycle 2's facts start empty (checks of the
    current cycle only), so closing needs cycle 2's own root cause, action and check."""
    ineffective = check(effective=False)
    assert close(checks=[ineffective]) is not None
    second_cycle_empty = close(root_cause="", completed_corrective=0, checks=[])
    assert second_cycle_empty is not None and second_cycle_empty.count(";") == 2
    second_cycle_done = close(checks=[check(on=DUE + dt.timedelta(days=90))])
    assert second_cycle_done is None


def test_any_one_valid_check_among_several_is_enough():
    assert close(checks=[check(effective=False), check(by=OWNER), check()]) is None
