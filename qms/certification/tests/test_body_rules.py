"""Pure rules of the certification body: accredited scope, qualifications, team cover, and
the body's input rules (no database)."""

from __future__ import annotations

import datetime as dt

from qms.certification.body import rules
from qms.certification.body.rules import (
    AccreditationFacts,
    Code,
    QualificationFacts,
    ScopeLineFacts,
)

DAY = dt.date(2026, 5, 1)
UKAS = AccreditationFacts("UKAS 1234", "active", dt.date(2024, 1, 1), dt.date(2028, 12, 31))
CONSTRUCTION = Code("28", "Construction")
METALS = Code("17", "Basic metals")
QMS = 1  # edition id of ISO 9001:2015
EMS = 2


def _line(
    accreditation: AccreditationFacts = UKAS,
    edition: int = QMS,
    codes: tuple[str, ...] = ("17",),
    start: dt.date = dt.date(2024, 1, 1),
    end: dt.date = dt.date(2028, 12, 31),
) -> ScopeLineFacts:
    return ScopeLineFacts(accreditation, edition, frozenset(codes), start, end)


def _scope(lines: list[ScopeLineFacts], accreditations: list[AccreditationFacts]) -> list[str]:
    return rules.scope_problems(
        requests=[(QMS, "ISO 9001:2015", CONSTRUCTION)],
        lines=lines,
        accreditations=accreditations,
        on_date=DAY,
    )


def test_a_code_on_an_active_line_in_force_is_inside_the_scope() -> None:
    assert _scope([_line(codes=("17", "28"))], [UKAS]) == []


def test_a_code_no_line_covers_names_the_standard_the_code_and_the_accreditation() -> None:
    assert _scope([_line(codes=("17",))], [UKAS]) == [
        "ISO 9001:2015 in IAF code 28 (Construction) is outside the accredited scope of "
        "UKAS 1234 on 2026-05-01."
    ]


def test_another_edition_on_the_line_does_not_cover_the_request() -> None:
    problems = _scope([_line(edition=EMS, codes=("28",))], [UKAS])
    assert problems == [
        "ISO 9001:2015 in IAF code 28 (Construction) is outside the accredited scope of "
        "UKAS 1234 on 2026-05-01."
    ]


def test_without_any_accreditation_the_message_says_so() -> None:
    assert _scope([], []) == [
        "ISO 9001:2015 in IAF code 28 (Construction) is not accredited on 2026-05-01: the "
        "certification body has no accreditation."
    ]


def test_a_suspended_accreditation_does_not_cover_and_the_message_says_it_is_suspended() -> None:
    suspended = AccreditationFacts("UKAS 1234", "suspended", UKAS.valid_from, UKAS.valid_until)
    assert _scope([_line(suspended, codes=("28",))], [suspended]) == [
        "ISO 9001:2015 in IAF code 28 (Construction) is outside the accredited scope on "
        "2026-05-01: the accreditation UKAS 1234 is suspended."
    ]


def test_a_withdrawn_accreditation_does_not_cover() -> None:
    withdrawn = AccreditationFacts("UKAS 1234", "withdrawn", UKAS.valid_from, UKAS.valid_until)
    (problem,) = _scope([_line(withdrawn, codes=("28",))], [withdrawn])
    assert problem.endswith("the accreditation UKAS 1234 was withdrawn.")


def test_an_expired_accreditation_does_not_cover_and_gives_its_dates() -> None:
    old = AccreditationFacts("UKAS 1234", "active", dt.date(2020, 1, 1), dt.date(2025, 12, 31))
    (problem,) = _scope([_line(old, codes=("28",))], [old])
    assert problem.endswith("the accreditation UKAS 1234 is valid from 2020-01-01 to 2025-12-31.")


def test_an_expired_scope_line_does_not_cover_though_the_accreditation_does() -> None:
    line = _line(codes=("28",), end=dt.date(2026, 4, 30))
    (problem,) = _scope([line], [UKAS])
    assert problem.endswith("this line of UKAS 1234 is valid from 2024-01-01 to 2026-04-30.")


def test_one_line_in_force_is_enough_when_another_has_lapsed() -> None:
    lapsed = _line(codes=("28",), end=dt.date(2025, 1, 1))
    assert _scope([lapsed, _line(codes=("28",))], [UKAS]) == []


def test_no_accreditation_in_force_on_the_day() -> None:
    old = AccreditationFacts("UKAS 1234", "active", dt.date(2020, 1, 1), dt.date(2025, 12, 31))
    assert _scope([_line(old, codes=("17",))], [old]) == [
        "ISO 9001:2015 in IAF code 28 (Construction) is outside the accredited scope on "
        "2026-05-01: no accreditation of the certification body is in force on that day."
    ]


def _held(
    grade: str = "auditor",
    until: dt.date = dt.date(2027, 1, 1),
    codes: tuple[str, ...] = ("17",),
) -> QualificationFacts:
    return QualificationFacts(1, grade, dt.date(2024, 1, 1), until, frozenset(codes))


def _problems(
    held: list[QualificationFacts], lead: bool = False, codes: tuple[Code, ...] = (METALS,)
) -> list[str]:
    return rules.qualification_problems(
        person="Dana Reed",
        qualifications=held,
        standards=[(1, "ISO 14001")],
        codes=list(codes),
        on_date=DAY,
        lead=lead,
    )


def test_a_valid_qualification_with_the_code_has_no_problem() -> None:
    assert _problems([_held()]) == []


def test_an_expired_qualification_gives_its_expiry_date() -> None:
    assert _problems([_held(until=dt.date(2026, 3, 31))]) == [
        "Dana Reed is not qualified for ISO 14001 in IAF code 17 (Basic metals) on 2026-05-01 "
        "(qualification expired 2026-03-31)."
    ]


def test_no_qualification_for_the_standard() -> None:
    assert _problems([]) == ["Dana Reed has no qualification for ISO 14001."]


def test_a_missing_code_is_named() -> None:
    assert _problems([_held()], codes=(METALS, CONSTRUCTION)) == [
        "Dana Reed is not qualified for ISO 14001 in IAF code 28 (Construction)."
    ]


def test_an_auditor_in_training_cannot_lead_but_may_audit() -> None:
    assert _problems([_held("in_training")]) == []
    assert _problems([_held("in_training")], lead=True) == [
        "Dana Reed is an auditor in training and cannot lead an audit of ISO 14001."
    ]


def test_an_auditor_is_not_a_lead_auditor() -> None:
    assert _problems([_held("auditor")], lead=True) == [
        "Dana Reed is not a lead auditor for ISO 14001 and cannot lead an audit of it."
    ]
    assert _problems([_held("lead_auditor")], lead=True) == []


def test_is_qualified_matches_the_messages() -> None:
    for held, lead in (
        ([_held()], False),
        ([_held("lead_auditor")], True),
        ([_held(until=dt.date(2026, 3, 31))], False),
        ([_held("in_training")], True),
        ([], False),
    ):
        expected = not _problems(held, lead=lead)
        assert (
            rules.is_qualified(
                qualifications=held, standard_ids=[1], codes=["17"], on_date=DAY, lead=lead
            )
            is expected
        )


def test_the_team_covers_codes_collectively_with_one_lead_auditor() -> None:
    team = [_held("lead_auditor", codes=("17",)), _held("auditor", codes=("28",))]
    cover = rules.team_cover(
        label="ISO 9001:2015", qualifications=team, codes=[METALS, CONSTRUCTION], on_date=DAY
    )
    assert cover.covered
    assert cover.messages == ()


def test_trainees_and_expired_qualifications_do_not_cover_a_team() -> None:
    team = [_held("in_training", codes=("28",)), _held("auditor", until=dt.date(2026, 1, 1))]
    cover = rules.team_cover(
        label="ISO 9001:2015", qualifications=team, codes=[CONSTRUCTION], on_date=DAY
    )
    assert not cover.covered
    assert cover.messages == (
        "No lead auditor of the certification body is qualified for ISO 9001:2015 on 2026-05-01.",
        "No auditor of the certification body is qualified for ISO 9001:2015 in IAF code 28 "
        "(Construction) on 2026-05-01.",
    )


def test_complexity_adjustments_are_categories_with_bounded_percentages() -> None:
    assert rules.complexity_adjustments_problem({"high": 10, "low": -10}) is None
    assert rules.complexity_adjustments_problem({}) is None
    assert "not a complexity category" in str(rules.complexity_adjustments_problem({"x": 1}))
    assert "between -50 and 50" in str(rules.complexity_adjustments_problem({"high": 80}))
    assert "number" in str(rules.complexity_adjustments_problem({"high": "ten"}))
    assert "object" in str(rules.complexity_adjustments_problem([1, 2]))


def test_a_certificate_pattern_needs_known_placeholders_and_the_sequence() -> None:
    assert rules.certificate_pattern_problem("{prefix}-{year}-{seq:04d}") is None
    assert "not a placeholder" in str(rules.certificate_pattern_problem("{client}-{seq}"))
    assert "must contain {seq}" in str(rules.certificate_pattern_problem("{prefix}-{year}"))
    assert "not valid" in str(rules.certificate_pattern_problem("{prefix"))


def test_expiring_and_expired() -> None:
    today = dt.date(2026, 1, 1)
    assert rules.expiring(valid_until=dt.date(2026, 3, 1), today=today, within_days=60)
    assert not rules.expiring(valid_until=dt.date(2026, 3, 3), today=today, within_days=60)
    assert not rules.expiring(valid_until=dt.date(2025, 12, 31), today=today, within_days=60)
    assert rules.expired(valid_until=dt.date(2025, 12, 31), today=today)
