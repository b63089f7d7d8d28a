"""The date rules of the 3-year certification cycle (domain spec §3.3, §3.6, §3.7, §8, §10):
due dates, month ends and leap years, recertification and restoration, every hard and soft
rule of a planned programme, the major-NC 6-month rule and the policy settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from qms.certification.programme.rules import (
    HARD,
    RULES,
    SOFT,
    PlannedAudit,
    PolicyError,
    ProgrammePolicy,
    ProgrammeRuleError,
    Violation,
    blocking_violations,
    can_restore,
    check_major_nc_verification,
    check_programme,
    check_suspension,
    cycle_dates,
    enforce_programme,
    hard_violations,
    major_nc_verification_deadline,
    proposed_audits,
    restoration_deadline,
    stage2_repeat_required,
    suspension_deadline,
)
from qms.core.dates import add_months

D = dt.date
POLICY = ProgrammePolicy()
D0 = D(2025, 3, 10)  # the worked example of domain spec §10


def plan(**dates: str) -> list[PlannedAudit]:
    return [PlannedAudit(kind, D.fromisoformat(day)) for kind, day in dates.items()]


def valid_plan() -> dict[str, str]:
    """A programme for the worked example that breaks no rule."""
    return {
        "stage1": "2025-01-15",
        "stage2": "2025-02-10",
        "surveillance_1": "2026-02-10",
        "surveillance_2": "2027-03-10",
        "recertification": "2027-11-09",
    }


def rules_of(violations: list[Violation]) -> list[str]:
    return [violation.rule for violation in violations]


# --- Due dates ----------------------------------------------------------------------------


def test_worked_example_of_the_domain_spec() -> None:
    dates = cycle_dates(decision_date=D0, policy=POLICY)

    assert dates.surveillance_1_due_by == D(2026, 3, 10)
    assert dates.expiry == D(2028, 3, 9)
    assert dates.restoration_deadline == D(2028, 9, 9)
    assert dates.recertification_decision_by == D(2028, 3, 8)
    assert dates.recertification_audit_start_by == D(2027, 12, 9)
    assert (dates.surveillance_2_window.start, dates.surveillance_2_window.end) == (
        D(2026, 12, 10),
        D(2027, 6, 10),
    )
    assert dates.surveillance_years == (2026, 2027)
    assert not dates.is_recertification
    assert not dates.is_restoration


def test_as_dict_gives_iso_dates_and_the_window_as_from_to() -> None:
    data = cycle_dates(decision_date=D0, policy=POLICY).as_dict()

    assert data["surveillance_1_due_by"] == "2026-03-10"
    assert data["surveillance_2_window"] == {"from": "2026-12-10", "to": "2027-06-10"}
    assert data["expiry"] == "2028-03-09"
    assert data["recertification_decision_by"] == "2028-03-08"
    assert data["recertification_audit_start_by"] == "2027-12-09"
    assert data["restoration_deadline"] == "2028-09-09"
    assert data["surveillance_years"] == [2026, 2027]
    assert data["previous_expiry"] is None


@pytest.mark.parametrize(
    ("decision", "surveillance_1", "expiry"),
    [
        ("2025-01-31", "2026-01-31", "2028-01-30"),
        ("2025-08-31", "2026-08-31", "2028-08-30"),
        ("2023-03-31", "2024-03-31", "2026-03-30"),
        ("2025-12-31", "2026-12-31", "2028-12-30"),
        ("2025-01-01", "2026-01-01", "2027-12-31"),
    ],
)
def test_month_ends_and_year_ends(decision: str, surveillance_1: str, expiry: str) -> None:
    dates = cycle_dates(decision_date=D.fromisoformat(decision), policy=POLICY)

    assert dates.surveillance_1_due_by == D.fromisoformat(surveillance_1)
    assert dates.expiry == D.fromisoformat(expiry)


def test_windows_are_counted_from_the_decision_not_clamped_twice() -> None:
    # 31 May + 21 months = 28 Feb 2027 (not 31 May + 24 months - 3 months computed in steps).
    dates = cycle_dates(decision_date=D(2025, 5, 31), policy=POLICY)

    assert dates.surveillance_2_window.start == D(2027, 2, 28)
    assert dates.surveillance_2_window.end == D(2027, 8, 31)
    assert dates.surveillance_1_window.start == D(2026, 2, 28)


def test_leap_day_decision() -> None:
    dates = cycle_dates(decision_date=D(2024, 2, 29), policy=POLICY)

    assert dates.surveillance_1_due_by == D(2025, 2, 28)
    assert dates.expiry == D(2027, 2, 27)  # 2027-02-28 (clamped) less one day
    assert dates.restoration_deadline == D(2027, 8, 27)
    assert dates.surveillance_years == (2025, 2026)


def test_restoration_deadline_on_a_leap_day() -> None:
    dates = cycle_dates(decision_date=D(2024, 9, 1), policy=POLICY)

    assert dates.expiry == D(2027, 8, 31)
    assert dates.restoration_deadline == D(2028, 2, 29)
    assert restoration_deadline(D(2028, 2, 29), POLICY) == D(2028, 8, 29)


def test_expiry_convention_is_a_setting() -> None:
    dates = cycle_dates(decision_date=D0, policy=ProgrammePolicy(expiry_days_less=0))

    assert dates.expiry == D(2028, 3, 10)
    assert dates.recertification_decision_by == D(2028, 3, 9)


def test_decision_on_1_january_needs_a_surveillance_in_one_year_only() -> None:
    # Expiry 2027-12-31: the recertification (decided by 2027-12-30) falls in 2027.
    dates = cycle_dates(decision_date=D(2025, 1, 1), policy=POLICY)

    assert dates.recertification_year == 2027
    assert dates.surveillance_years == (2026,)


def test_decision_on_2_january_keeps_the_recertification_in_the_third_year() -> None:
    dates = cycle_dates(decision_date=D(2025, 1, 2), policy=POLICY)

    assert dates.expiry == D(2028, 1, 1)
    assert dates.recertification_decision_by == D(2027, 12, 31)
    assert dates.surveillance_years == (2026,)


def test_decision_on_31_december_needs_the_two_following_years() -> None:
    dates = cycle_dates(decision_date=D(2025, 12, 31), policy=POLICY)

    assert dates.surveillance_1_due_by == D(2026, 12, 31)
    assert dates.surveillance_years == (2026, 2027)


def test_proposals_for_a_1_january_decision_put_surveillance_2_in_the_required_year() -> None:
    first, second, recert = proposed_audits(decision_date=D(2025, 1, 1), policy=POLICY)

    assert (first.window.start, first.window.end) == (D(2025, 10, 1), D(2026, 1, 1))
    assert first.required_year is None
    assert (second.window.start, second.window.end) == (D(2026, 10, 1), D(2026, 12, 31))
    assert second.required_year == 2026
    assert recert.window.end == D(2027, 9, 30)


def test_proposals_of_the_worked_example() -> None:
    first, second, recert = proposed_audits(decision_date=D0, policy=POLICY)

    assert first.kind == "surveillance_1"
    assert first.as_dict() == {
        "kind": "surveillance_1",
        "window": {"from": "2026-01-01", "to": "2026-03-10"},
        "suggested": "2026-02-10",
        "latest": "2026-03-10",
        "required_year": 2026,
    }
    assert (second.window.start, second.window.end, second.suggested) == (
        D(2027, 1, 1),
        D(2027, 6, 10),
        D(2027, 3, 10),
    )
    assert (recert.window.start, recert.window.end, recert.suggested) == (
        D(2027, 9, 9),
        D(2027, 12, 9),
        D(2027, 11, 9),
    )
    assert recert.latest == D(2028, 3, 8)


# --- Recertification and restoration -----------------------------------------------------


def test_recertification_before_expiry_continues_from_the_old_expiry() -> None:
    dates = cycle_dates(decision_date=D(2028, 1, 20), policy=POLICY, previous_expiry=D(2028, 3, 9))

    assert dates.expiry == D(2031, 3, 9)
    assert dates.surveillance_1_due_by == D(2029, 1, 20)
    assert dates.is_recertification
    assert not dates.is_restoration


def test_recertification_expiry_clamps_at_a_month_end() -> None:
    dates = cycle_dates(decision_date=D(2028, 1, 10), policy=POLICY, previous_expiry=D(2028, 2, 29))

    assert dates.expiry == D(2031, 2, 28)


def test_restoration_keeps_the_expiry_of_the_prior_cycle() -> None:
    previous = D(2028, 3, 9)
    dates = cycle_dates(decision_date=D(2028, 6, 1), policy=POLICY, previous_expiry=previous)

    assert dates.expiry == D(2031, 3, 9)
    assert dates.is_restoration
    assert can_restore(expiry=previous, decision_date=D(2028, 9, 9), policy=POLICY)
    assert not can_restore(expiry=previous, decision_date=D(2028, 9, 10), policy=POLICY)


def test_restoration_on_the_deadline_is_allowed_and_the_day_after_refused() -> None:
    previous = D(2028, 3, 9)
    cycle_dates(decision_date=D(2028, 9, 9), policy=POLICY, previous_expiry=previous)

    with pytest.raises(ProgrammeRuleError, match=r"after the restoration deadline of 2028-09-09"):
        cycle_dates(decision_date=D(2028, 9, 10), policy=POLICY, previous_expiry=previous)


def test_a_recertification_before_the_previous_cycle_began_is_refused() -> None:
    with pytest.raises(ProgrammeRuleError, match=r"before the previous cycle began"):
        cycle_dates(decision_date=D(2024, 1, 1), policy=POLICY, previous_expiry=D(2028, 3, 9))


def test_an_early_recertification_proposes_the_recertification_audit_in_the_third_year() -> None:
    # Decided in December before a March expiry: 2026, 2027 and 2028 lie between the decision
    # year and the year of expiry; holding the recertification audit in 2028 makes it the
    # recertification year.
    previous = D(2026, 3, 9)
    decision = D(2025, 12, 10)
    dates = cycle_dates(decision_date=decision, policy=POLICY, previous_expiry=previous)
    proposals = proposed_audits(decision_date=decision, policy=POLICY, previous_expiry=previous)

    assert dates.surveillance_years == (2026, 2027, 2028)
    assert [p.suggested.year for p in proposals] == [2026, 2027, 2028]
    audits = [PlannedAudit(p.kind, p.suggested) for p in proposals]
    assert (
        check_programme(
            decision_date=decision, audits=audits, policy=POLICY, previous_expiry=previous
        )
        == []
    )


# --- Checking a planned programme: hard rules -------------------------------------------


def test_a_valid_programme_breaks_no_rule() -> None:
    assert check_programme(decision_date=D0, audits=plan(**valid_plan()), policy=POLICY) == []


def test_first_surveillance_later_than_12_months_is_refused_naming_the_rule() -> None:
    audits = plan(**{**valid_plan(), "surveillance_1": "2026-04-15"})

    violations = check_programme(decision_date=D0, audits=audits, policy=POLICY)

    assert rules_of(violations) == ["first_surveillance_12_months"]
    assert violations[0].severity == HARD
    assert violations[0].kind == "surveillance_1"
    assert violations[0].message == (
        "Surveillance 1 on 2026-04-15 is more than 12 months after the certification decision "
        "of 2025-03-10 (first surveillance due by 2026-03-10; ISO/IEC 17021-1 §9.1.3.2)."
    )


def test_first_surveillance_on_its_due_date_is_allowed() -> None:
    audits = plan(**{**valid_plan(), "surveillance_1": "2026-03-10"})

    assert check_programme(decision_date=D0, audits=audits, policy=POLICY) == []


def test_a_calendar_year_without_surveillance_is_refused_naming_the_rule() -> None:
    # Surveillance 2 moved into 2026 (inside its tolerance window): 2027 has none.
    audits = plan(
        **{**valid_plan(), "surveillance_2": "2026-12-15", "recertification": "2028-01-05"}
    )
    audits[-1] = PlannedAudit("recertification", D(2028, 1, 5), "Client's shutdown in December")

    violations = check_programme(decision_date=D0, audits=audits, policy=POLICY)

    hard = hard_violations(violations)
    assert rules_of(hard) == ["surveillance_every_calendar_year"]
    assert hard[0].year == 2027
    assert hard[0].kind == ""
    assert hard[0].message == (
        "No surveillance in calendar year 2027: a surveillance audit is required in every "
        "calendar year of the cycle except the recertification year (here 2028; "
        "ISO/IEC 17021-1 §9.1.3.2)."
    )


def test_a_recertification_audit_in_an_earlier_year_makes_that_the_recertification_year() -> None:
    # Recertification in December 2027: 2027 is the recertification year, so only 2026 needs
    # a surveillance.
    audits = plan(
        surveillance_1="2026-02-10", surveillance_2="2026-12-15", recertification="2027-11-09"
    )

    assert check_programme(decision_date=D0, audits=audits, policy=POLICY) == []


def test_no_surveillance_at_all_names_each_year() -> None:
    violations = check_programme(decision_date=D0, audits=[], policy=POLICY)

    assert [(v.rule, v.year) for v in violations] == [
        ("surveillance_every_calendar_year", 2026),
        ("surveillance_every_calendar_year", 2027),
    ]


@pytest.mark.parametrize(
    ("changes", "rule", "words"),
    [
        (
            {"surveillance_1": "2025-03-10"},
            "audit_before_decision",
            "Surveillance 1 on 2025-03-10 is not after the certification decision of 2025-03-10",
        ),
        (
            {"surveillance_2": "2028-03-10", "recertification": "2028-03-11"},
            "audit_after_expiry",
            "Surveillance 2 on 2028-03-10 is after the certificate expires on 2028-03-09",
        ),
        (
            {"recertification": "2028-03-09"},
            "recertification_before_expiry",
            "The recertification audit on 2028-03-09 is too late: the recertification decision "
            "must be taken before the certificate expires on 2028-03-09, that is by 2028-03-08",
        ),
        (
            {"recertification": "2027-02-01"},
            "audit_order",
            "Recertification on 2027-02-01 is not after Surveillance 2 on 2027-03-10",
        ),
        (
            {"stage1": "2025-02-20"},
            "stage1_before_stage2",
            "Stage 2 on 2025-02-10 is before Stage 1 on 2025-02-20",
        ),
        (
            {"stage2": "2025-03-11"},
            "stage2_before_decision",
            "Stage 2 on 2025-03-11 is after the certification decision of 2025-03-10",
        ),
    ],
)
def test_each_hard_rule_is_refused_with_its_message(
    changes: dict[str, str], rule: str, words: str
) -> None:
    audits = plan(**{**valid_plan(), **changes})

    violations = check_programme(decision_date=D0, audits=audits, policy=POLICY)

    found = [v for v in violations if v.rule == rule]
    assert found, rules_of(violations)
    assert found[0].severity == HARD
    assert words in found[0].message
    assert found[0].blocking


def test_two_audits_of_one_kind_are_refused() -> None:
    audits = [*plan(**valid_plan()), PlannedAudit("surveillance_1", D(2026, 3, 1))]

    violations = check_programme(decision_date=D0, audits=audits, policy=POLICY)

    assert "one_audit_per_kind" in rules_of(violations)
    message = next(v.message for v in violations if v.rule == "one_audit_per_kind")
    assert message == (
        "There are 2 Surveillance 1 audits (on 2026-02-10, 2026-03-01): a cycle has one."
    )


def test_a_hard_rule_is_not_overridden_by_a_justification() -> None:
    audits = [
        PlannedAudit("surveillance_1", D(2026, 4, 15), "The client asked for April"),
        *plan(surveillance_2="2027-03-10", recertification="2027-11-09"),
    ]

    violations = check_programme(decision_date=D0, audits=audits, policy=POLICY)

    assert rules_of(violations) == ["first_surveillance_12_months"]
    assert violations[0].blocking
    assert not violations[0].accepted
    assert violations[0].justification == ""
    with pytest.raises(ProgrammeRuleError) as raised:
        enforce_programme(decision_date=D0, audits=audits, policy=POLICY)
    assert "more than 12 months after the certification decision" in str(raised.value)
    assert raised.value.violations == violations


def test_special_audits_have_no_date_rule() -> None:
    audits = [*plan(**valid_plan()), PlannedAudit("special", D(2031, 1, 1))]

    assert check_programme(decision_date=D0, audits=audits, policy=POLICY) == []


def test_recertification_cycle_message_says_recertification_decision() -> None:
    audits = plan(surveillance_1="2029-03-01")

    violations = check_programme(
        decision_date=D(2028, 1, 20),
        audits=audits,
        policy=POLICY,
        previous_expiry=D(2028, 3, 9),
    )

    first = next(v for v in violations if v.rule == "first_surveillance_12_months")
    assert "after the recertification decision of 2028-01-20" in first.message


def test_stage_audits_after_a_recertification_decision_are_not_refused() -> None:
    # A recertification Stage 1 (after significant changes) belongs to the next audit.
    audits = plan(stage1="2030-10-01", surveillance_1="2029-01-10", surveillance_2="2030-01-20")

    violations = check_programme(
        decision_date=D(2028, 1, 20), audits=audits, policy=POLICY, previous_expiry=D(2028, 3, 9)
    )

    assert violations == []


# --- Soft rules ---------------------------------------------------------------------------


def test_surveillance_outside_the_tolerance_window_needs_a_justification() -> None:
    audits = plan(**{**valid_plan(), "surveillance_2": "2027-08-01"})

    violations = check_programme(decision_date=D0, audits=audits, policy=POLICY)

    assert rules_of(violations) == ["surveillance_tolerance_window"]
    soft = violations[0]
    assert soft.severity == SOFT
    assert soft.blocking
    assert not soft.accepted
    assert soft.message == (
        "Surveillance 2 on 2027-08-01 is outside the certification body's window of 2026-12-10 "
        "to 2027-06-10 (24 months after the decision, 3 months' tolerance): planning it there "
        "needs a justification."
    )
    with pytest.raises(ProgrammeRuleError, match="needs a justification"):
        enforce_programme(decision_date=D0, audits=audits, policy=POLICY)


def test_a_justified_soft_violation_is_accepted_and_kept() -> None:
    audits = [
        PlannedAudit(a.kind, a.date)
        if a.kind != "surveillance_2"
        else PlannedAudit("surveillance_2", D(2027, 8, 1), "  Seasonal site: open in August  ")
        for a in plan(**valid_plan())
    ]

    violations = check_programme(decision_date=D0, audits=audits, policy=POLICY)

    assert len(violations) == 1
    assert violations[0].accepted
    assert not violations[0].blocking
    assert violations[0].justification == "Seasonal site: open in August"
    assert blocking_violations(violations) == []
    assert enforce_programme(decision_date=D0, audits=audits, policy=POLICY) == violations
    assert violations[0].as_dict()["accepted"] is True


def test_an_early_first_surveillance_is_soft() -> None:
    audits = plan(**{**valid_plan(), "surveillance_1": "2025-11-20"})

    violations = check_programme(decision_date=D0, audits=audits, policy=POLICY)

    # Outside the window (soft); and 2026 is then left without a surveillance (hard).
    assert sorted(rules_of(violations)) == [
        "surveillance_every_calendar_year",
        "surveillance_tolerance_window",
    ]


def test_a_late_recertification_start_needs_a_justification() -> None:
    audits = plan(**{**valid_plan(), "recertification": "2028-01-20"})

    violations = check_programme(decision_date=D0, audits=audits, policy=POLICY)

    assert rules_of(violations) == ["recertification_lead_time"]
    assert violations[0].severity == SOFT
    assert violations[0].message == (
        "The recertification audit on 2028-01-20 starts less than 3 months before the expiry on "
        "2028-03-09 (recommended start by 2027-12-09, to leave time to close major "
        "nonconformities): planning it there needs a justification."
    )
    justified = [
        *plan(**{k: v for k, v in valid_plan().items() if k != "recertification"}),
        PlannedAudit("recertification", D(2028, 1, 20), "Auditor availability"),
    ]
    accepted = check_programme(decision_date=D0, audits=justified, policy=POLICY)
    assert [v.accepted for v in accepted] == [True]


def test_the_recertification_on_its_last_possible_day_is_only_soft() -> None:
    audits = plan(**{**valid_plan(), "recertification": "2028-03-08"})

    violations = check_programme(decision_date=D0, audits=audits, policy=POLICY)

    assert rules_of(violations) == ["recertification_lead_time"]


def test_every_rule_code_has_a_severity() -> None:
    assert set(RULES.values()) == {HARD, SOFT}
    assert RULES["surveillance_every_calendar_year"] == HARD
    assert RULES["surveillance_tolerance_window"] == SOFT


def test_an_unknown_audit_kind_is_refused() -> None:
    with pytest.raises(ValueError, match=r"Unknown audit kind 'surveillance_3'"):
        PlannedAudit("surveillance_3", D0)


# --- Majors from the initial audit (§3.3) ------------------------------------------------


def test_major_nc_verification_deadline_is_six_months_after_stage_2() -> None:
    assert major_nc_verification_deadline(D(2025, 2, 10), POLICY) == D(2025, 8, 10)
    assert major_nc_verification_deadline(D(2025, 8, 31), POLICY) == D(2026, 2, 28)
    assert major_nc_verification_deadline(D(2023, 8, 31), POLICY) == D(2024, 2, 29)


@pytest.mark.parametrize(
    ("verified_on", "today", "repeat"),
    [
        (D(2025, 8, 10), D(2026, 1, 1), False),  # verified on the last day
        (D(2025, 8, 11), D(2026, 1, 1), True),  # verified a day late
        (None, D(2025, 8, 10), False),  # not yet verified, still in time
        (None, D(2025, 8, 11), True),  # not verified and the deadline passed
    ],
)
def test_stage2_repeat_required(verified_on: dt.date | None, today: dt.date, repeat: bool) -> None:
    assert stage2_repeat_required(D(2025, 2, 10), verified_on, today, POLICY) is repeat


def test_stage2_repeat_with_a_shorter_setting() -> None:
    policy = ProgrammePolicy(major_verification_months=3)

    assert stage2_repeat_required(D(2025, 2, 10), D(2025, 6, 1), D(2025, 6, 1), policy)


def test_a_verification_before_stage_2_ended_is_refused() -> None:
    with pytest.raises(ValueError, match="before the last day of Stage 2"):
        stage2_repeat_required(D(2025, 2, 10), D(2025, 2, 1), D(2025, 3, 1), POLICY)


def test_major_nc_rule_as_a_hard_violation() -> None:
    late = check_major_nc_verification(
        stage2_last_day=D(2025, 2, 10), verified_on=None, today=D(2025, 9, 1), policy=POLICY
    )
    verified_late = check_major_nc_verification(
        stage2_last_day=D(2025, 2, 10),
        verified_on=D(2025, 8, 20),
        today=D(2025, 9, 1),
        policy=POLICY,
    )
    in_time = check_major_nc_verification(
        stage2_last_day=D(2025, 2, 10),
        verified_on=D(2025, 8, 10),
        today=D(2025, 9, 1),
        policy=POLICY,
    )

    assert rules_of(late) == ["major_nc_verification_6_months"]
    assert late[0].severity == HARD
    assert late[0].message == (
        "The major nonconformities of the Stage 2 audit that ended on 2025-02-10 were not "
        "verified by 2025-08-10 (6 months after the last day of Stage 2): Stage 2 must be "
        "repeated before a certification decision."
    )
    assert "verified on 2025-08-20, after 2025-08-10" in verified_late[0].message
    assert in_time == []


# --- Suspension (§3.6) --------------------------------------------------------------------


def test_suspension_longer_than_the_maximum_is_soft() -> None:
    assert suspension_deadline(D(2025, 8, 31), POLICY) == D(2026, 2, 28)
    assert check_suspension(suspended_on=D(2025, 1, 10), until=D(2025, 7, 10), policy=POLICY) == []

    long = check_suspension(suspended_on=D(2025, 1, 10), until=D(2025, 8, 1), policy=POLICY)
    justified = check_suspension(
        suspended_on=D(2025, 1, 10),
        until=D(2025, 8, 1),
        policy=POLICY,
        override_justification="Awaiting the regulator's inspection",
    )

    assert rules_of(long) == ["suspension_max_months"]
    assert long[0].blocking
    assert "lasts longer than 6 months (until 2025-07-10)" in long[0].message
    assert justified[0].accepted
    assert justified[0].justification == "Awaiting the regulator's inspection"


# --- Policy -------------------------------------------------------------------------------


def test_policy_defaults() -> None:
    assert POLICY.as_dict() == {
        "expiry_days_less": 1,
        "cycle_months": 36,
        "first_surveillance_months": 12,
        "second_surveillance_months": 24,
        "surveillance_tolerance_months": 3,
        "restoration_months": 6,
        "major_verification_months": 6,
        "recertification_lead_months": 3,
        "max_suspension_months": 6,
    }
    assert ProgrammePolicy.from_mapping(POLICY.as_dict()) == POLICY
    assert ProgrammePolicy.from_mapping({"surveillance_tolerance_months": 2}) == ProgrammePolicy(
        surveillance_tolerance_months=2
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"expiry_days_less": -1}, "expiry_days_less must be between 0 and 31 days (got -1)."),
        ({"cycle_months": 48}, "cycle_months must be between 3 and 36 months (got 48)."),
        (
            {"first_surveillance_months": 13},
            "first_surveillance_months must be between 1 and 12 months (got 13).",
        ),
        (
            {"surveillance_tolerance_months": -1},
            "surveillance_tolerance_months must be between 0 and 6 months (got -1).",
        ),
        ({"restoration_months": 7}, "restoration_months must be between 0 and 6 months (got 7)."),
        (
            {"major_verification_months": 0},
            "major_verification_months must be between 1 and 6 months (got 0).",
        ),
        (
            {"max_suspension_months": True},
            "max_suspension_months must be a whole number of months (got True).",
        ),
        (
            {"recertification_lead_months": "3"},
            "recertification_lead_months must be a whole number of months (got '3').",
        ),
        (
            {"second_surveillance_months": 12},
            "second_surveillance_months (12) must be later than first_surveillance_months (12).",
        ),
        (
            {"cycle_months": 24},
            "second_surveillance_months (24) must be earlier than the end of the cycle "
            "(cycle_months 24).",
        ),
        (
            {
                "cycle_months": 12,
                "second_surveillance_months": 11,
                "first_surveillance_months": 6,
                "recertification_lead_months": 12,
            },
            "recertification_lead_months (12) must be shorter than the cycle (cycle_months 12).",
        ),
    ],
)
def test_policy_validation(values: dict[str, object], message: str) -> None:
    with pytest.raises(PolicyError) as raised:
        ProgrammePolicy(**values)

    assert str(raised.value) == message


def test_policy_from_mapping_refuses_an_unknown_setting() -> None:
    with pytest.raises(PolicyError, match="surveillance_months is not a programme setting"):
        ProgrammePolicy.from_mapping({"surveillance_months": 12})


# --- Properties over a century of decision dates ---------------------------------------


def decision_dates() -> Iterator[dt.date]:
    """Every day of 2024-2026 (a leap year and the years around it) and, for 2000-2100, the
    first and last day of every month, 2 January, 28 February and 30 December."""
    day = D(2024, 1, 1)
    while day <= D(2026, 12, 31):
        yield day
        day += dt.timedelta(days=1)
    for year in range(2000, 2101):
        yield from (D(year, 1, 2), D(year, 2, 28), D(year, 12, 30))
        for month in range(1, 13):
            first = D(year, month, 1)
            yield from (first, add_months(first, 1) - dt.timedelta(days=1))


def assert_proposals_valid(decision: dt.date, previous: dt.date | None = None) -> None:
    dates = cycle_dates(decision_date=decision, policy=POLICY, previous_expiry=previous)
    proposals = proposed_audits(decision_date=decision, policy=POLICY, previous_expiry=previous)
    for proposal in proposals:
        assert proposal.window.start <= proposal.suggested <= proposal.window.end, proposal
        assert proposal.window.end <= proposal.latest
    for pick in ("start", "end", "suggested"):
        audits = [
            PlannedAudit(p.kind, p.suggested if pick == "suggested" else getattr(p.window, pick))
            for p in proposals
        ]
        violations = check_programme(
            decision_date=decision, audits=audits, policy=POLICY, previous_expiry=previous
        )
        assert violations == [], (decision, previous, pick, violations)
    assert dates.surveillance_1_due_by > decision


def test_every_decision_date_gives_a_consistent_cycle() -> None:
    for decision in decision_dates():
        dates = cycle_dates(decision_date=decision, policy=POLICY)
        assert dates.surveillance_1_due_by <= add_months(decision, 12)
        assert decision < dates.recertification_decision_by < dates.expiry
        assert dates.expiry < dates.restoration_deadline
        assert 1 <= len(dates.surveillance_years) <= 2
        # every surveillance year has a proposed surveillance whose whole window lies in it
        proposals = proposed_audits(decision_date=decision, policy=POLICY)
        for year in dates.surveillance_years:
            assert any(
                p.kind.startswith("surveillance")
                and p.window.start.year == p.window.end.year == year
                and p.window.days > 0
                for p in proposals
            ), (decision, year, proposals)
        assert_proposals_valid(decision)


def test_recertification_and_restoration_cycles_give_valid_proposals() -> None:
    for initial in (D(2025, 1, 1), D(2025, 3, 10), D(2024, 2, 29), D(2025, 8, 31), D(2025, 12, 31)):
        previous = cycle_dates(decision_date=initial, policy=POLICY).expiry
        decision = add_months(previous, -6)
        while decision <= restoration_deadline(previous, POLICY):
            assert_proposals_valid(decision, previous)
            decision += dt.timedelta(days=3)


@pytest.mark.parametrize(
    "policy",
    [
        ProgrammePolicy(surveillance_tolerance_months=0),
        ProgrammePolicy(expiry_days_less=0),
        ProgrammePolicy(surveillance_tolerance_months=6, recertification_lead_months=6),
        ProgrammePolicy(recertification_lead_months=0),
        ProgrammePolicy(first_surveillance_months=10, second_surveillance_months=22),
    ],
)
def test_other_policies_give_valid_proposals(policy: ProgrammePolicy) -> None:
    decision = D(2024, 1, 1)
    while decision <= D(2024, 12, 31):
        proposals = proposed_audits(decision_date=decision, policy=policy)
        audits = [PlannedAudit(p.kind, p.suggested) for p in proposals]
        assert check_programme(decision_date=decision, audits=audits, policy=policy) == []
        decision += dt.timedelta(days=1)
