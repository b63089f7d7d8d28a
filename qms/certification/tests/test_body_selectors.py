"""Selectors of the certification body on the database: accredited scope, qualified
auditors, qualification problems, the competence check and the policies."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from qms.accounts.tests.factories import MembershipFactory, UserFactory
from qms.certification.body import selectors
from qms.certification.permissions import CB_AUDITOR
from qms.certification.tests.body_world import DAY, Body, build_body, qualify
from qms.core.testing.audit_guard import allow_unaudited_writes

pytestmark = pytest.mark.django_db


@pytest.fixture
def cb(organization: Any) -> Body:
    return build_body(organization)


def _names(users: Any) -> list[str]:
    return [str(user) for user in users]


def test_the_body_of_an_organization_and_none_for_others(cb: Body, other_organization: Any) -> None:
    assert selectors.certification_body_of(cb.organization) == cb.body
    assert selectors.certification_body_of(other_organization) is None
    assert selectors.certification_body_of(None) is None


def test_scope_problems_empty_inside_the_scope(cb: Body) -> None:
    assert (
        selectors.scope_problems(
            organization=cb.organization,
            editions=[cb.qms_2015, cb.ems_2015],
            iaf_codes=[cb.metals],
            on_date=DAY,
        )
        == []
    )


def test_scope_problems_name_each_edition_and_code_outside(cb: Body) -> None:
    problems = selectors.scope_problems(
        organization=cb.organization,
        editions=[cb.ems_2015, cb.ohs_2018],
        iaf_codes=[cb.metals, cb.construction],
        on_date=DAY,
    )
    assert problems == [
        "ISO 14001:2015 in IAF code 28 (Construction) is outside the accredited scope of "
        "UKAS 1234 on 2026-01-15.",
        "ISO 45001:2018 in IAF code 17 (Basic metals) is outside the accredited scope of "
        "UKAS 1234 on 2026-01-15.",
        "ISO 45001:2018 in IAF code 28 (Construction) is outside the accredited scope of "
        "UKAS 1234 on 2026-01-15.",
    ]


def test_scope_problems_take_ids_too(cb: Body) -> None:
    assert selectors.scope_problems(
        organization=cb.organization,
        editions=[cb.qms_2015.pk],
        iaf_codes=[cb.it.pk],
        on_date=DAY,
    ) == [
        "ISO 9001:2015 in IAF code 33 (Information technology) is outside the accredited scope "
        "of UKAS 1234 on 2026-01-15."
    ]


def test_a_suspended_accreditation_covers_nothing(cb: Body) -> None:
    with allow_unaudited_writes():
        type(cb.accreditation).objects.filter(pk=cb.accreditation.pk).update(status="suspended")
    problems = selectors.scope_problems(
        organization=cb.organization, editions=[cb.qms_2015], iaf_codes=[cb.metals], on_date=DAY
    )
    assert problems == [
        "ISO 9001:2015 in IAF code 17 (Basic metals) is outside the accredited scope on "
        "2026-01-15: the accreditation UKAS 1234 is suspended."
    ]


def test_after_the_accreditation_ends_nothing_is_covered(cb: Body) -> None:
    (problem,) = selectors.scope_problems(
        organization=cb.organization,
        editions=[cb.qms_2015],
        iaf_codes=[cb.metals],
        on_date=dt.date(2029, 1, 1),
    )
    assert "valid from 2024-01-01 to 2028-12-31" in problem


def test_another_organizations_accreditation_does_not_count(
    cb: Body, other_organization: Any
) -> None:
    assert selectors.scope_problems(
        organization=other_organization,
        editions=[cb.qms_2015],
        iaf_codes=[cb.metals],
        on_date=DAY,
    ) == [
        "ISO 9001:2015 in IAF code 17 (Basic metals) is not accredited on 2026-01-15: the "
        "certification body has no accreditation."
    ]


def test_qualified_auditors_hold_every_standard_and_code(cb: Body) -> None:
    def found(standards: list[Any], codes: list[Any], **kwargs: Any) -> list[str]:
        return _names(
            selectors.qualified_auditors(
                organization=cb.organization,
                standards=standards,
                iaf_codes=codes,
                on_date=kwargs.pop("on_date", DAY),
                **kwargs,
            )
        )

    # ISO 9001 in 17: the lead, the auditor and the trainee (any grade may audit)
    assert found([cb.qms], [cb.metals]) == ["Dana Reed", "Lee Lead", "Tom Trainee"]
    # in 17 and 28: only the lead holds both codes
    assert found([cb.qms], [cb.metals, cb.construction]) == ["Lee Lead"]
    # lead: the lead auditor only (not the auditor, not the trainee)
    assert found([cb.qms], [cb.metals], lead=True) == ["Lee Lead"]
    # ISO 9001 and ISO 14001 together: only Dana holds both, until 2026-03-31
    assert found([cb.qms, cb.ems], [cb.metals]) == ["Dana Reed"]
    assert found([cb.qms, cb.ems], [cb.metals], on_date=dt.date(2026, 4, 1)) == []
    # nobody for ISO 45001
    assert found([cb.ohs], []) == []


def test_a_qualified_person_without_a_certification_role_is_not_offered(
    cb: Body, organization: Any
) -> None:
    qualify(organization, cb.employee, cb.qms, "lead_auditor", [cb.metals])
    names = _names(
        selectors.qualified_auditors(
            organization=organization, standards=[cb.qms], iaf_codes=[cb.metals], on_date=DAY
        )
    )
    assert "Eve Employee" not in names


def test_qualified_auditors_cost_a_fixed_number_of_queries(
    cb: Body, organization: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(15):
        who = MembershipFactory(
            organization=organization, role=CB_AUDITOR, user=UserFactory(full_name=f"A {n:02d}")
        ).user
        qualify(organization, who, cb.qms, "auditor", [cb.metals])
    with django_assert_max_num_queries(6):
        names = _names(
            selectors.qualified_auditors(
                organization=organization, standards=[cb.qms], iaf_codes=[cb.metals], on_date=DAY
            )
        )
    assert len(names) == 18


def test_qualification_problems_explain_each_refusal(cb: Body) -> None:
    def problems(who: Any, standards: list[Any], codes: list[Any], **kwargs: Any) -> list[str]:
        return selectors.qualification_problems(
            organization=cb.organization,
            person=who,
            standards=standards,
            iaf_codes=codes,
            on_date=kwargs.pop("on_date", dt.date(2026, 5, 1)),
            **kwargs,
        )

    assert problems(cb.lead, [cb.qms], [cb.metals], lead=True) == []
    assert problems(cb.auditor, [cb.ems], [cb.metals]) == [
        "Dana Reed is not qualified for ISO 14001 in IAF code 17 (Basic metals) on 2026-05-01 "
        "(qualification expired 2026-03-31)."
    ]
    assert problems(cb.trainee, [cb.qms], [cb.metals], lead=True) == [
        "Tom Trainee is an auditor in training and cannot lead an audit of ISO 9001."
    ]
    assert problems(cb.auditor, [cb.ohs], []) == ["Dana Reed has no qualification for ISO 45001."]
    assert problems(cb.employee, [cb.qms], []) == [
        "Eve Employee is not a member of this certification body with a certification role "
        "(certification manager, auditor, technical reviewer or decision-maker)."
    ]


def test_the_competence_check_lists_people_per_standard_and_the_scope(cb: Body) -> None:
    check = selectors.competence_check(
        organization=cb.organization,
        editions=[cb.qms_2015, cb.ems_2015],
        iaf_codes=[cb.metals],
        on_date=DAY,
    )
    qms, ems = check["standards"]
    assert qms["edition"] == "ISO 9001:2015"
    assert qms["lead_auditors"] == [{"id": cb.lead.pk, "name": "Lee Lead"}]
    assert qms["auditors"] == [{"id": cb.auditor.pk, "name": "Dana Reed"}]
    assert qms["in_training"] == [{"id": cb.trainee.pk, "name": "Tom Trainee"}]
    assert qms["covered"] is True
    # ISO 14001: an auditor but no lead auditor
    assert ems["covered"] is False
    assert ems["messages"] == [
        "No lead auditor of the certification body is qualified for ISO 14001:2015 on 2026-01-15."
    ]
    assert check["scope_problems"] == []
    assert check["can_cover"] is False
    assert check["messages"] == ems["messages"]
    assert check["iaf_codes"] == [{"code": "17", "title": "Basic metals"}]


def test_the_competence_check_covers_codes_collectively_and_adds_scope_problems(
    cb: Body,
) -> None:
    check = selectors.competence_check(
        organization=cb.organization,
        editions=[cb.qms_2015],
        iaf_codes=[cb.metals, cb.construction, cb.it],
        on_date=DAY,
    )
    (qms,) = check["standards"]
    assert qms["uncovered_codes"] == ["33"]
    assert check["scope_problems"] == [
        "ISO 9001:2015 in IAF code 33 (Information technology) is outside the accredited "
        "scope of UKAS 1234 on 2026-01-15."
    ]
    assert check["can_cover"] is False
    assert len(check["messages"]) == 2


def test_the_competence_check_is_json_ready(cb: Body) -> None:
    import json

    check = selectors.competence_check(
        organization=cb.organization, editions=[cb.qms_2015], iaf_codes=[cb.metals], on_date=DAY
    )
    assert json.loads(json.dumps(check)) == check
    assert check["can_cover"] is True


def test_programme_policy_reads_the_bodys_settings(cb: Body, other_organization: Any) -> None:
    with allow_unaudited_writes():
        type(cb.body).objects.filter(pk=cb.body.pk).update(
            expiry_days_less=0, surveillance_tolerance_months=2, restoration_months=4
        )
    policy = selectors.programme_policy(cb.organization)
    assert (policy.expiry_days_less, policy.surveillance_tolerance_months) == (0, 2)
    assert policy.restoration_months == 4
    assert policy.first_surveillance_months == 12  # not a body setting: the default
    default = selectors.programme_policy(other_organization)
    assert default.expiry_days_less == 1


def test_audit_time_policy_reads_the_bodys_settings(cb: Body, other_organization: Any) -> None:
    from decimal import Decimal

    with allow_unaudited_writes():
        type(cb.body).objects.filter(pk=cb.body.pk).update(
            stage1_percent=Decimal("25"),
            audit_time_interpolation="linear",
            minimum_audit_days=Decimal("1.5"),
            qms_complexity_adjustments={"high": 10},
        )
    policy = selectors.audit_time_policy(cb.organization)
    assert policy.stage1_share == Decimal("0.25")
    assert policy.interpolation == "linear"
    assert policy.surveillance_minimum_days == Decimal("1.5")
    assert policy.qms_complexity_adjustments["high"] == Decimal("10")
    assert selectors.audit_time_policy(other_organization).interpolation == "step"


def test_a_certification_role_held_as_an_additional_role_counts(
    cb: Body, organization: Any
) -> None:
    from qms.core.permissions import Role

    both = MembershipFactory(
        organization=organization,
        role=Role.QUALITY_MANAGER,
        additional_roles=[CB_AUDITOR],
        user=UserFactory(full_name="Bea Both"),
    ).user
    qualify(organization, both, cb.qms, "auditor", [cb.metals])
    names = _names(
        selectors.qualified_auditors(
            organization=organization, standards=[cb.qms], iaf_codes=[cb.metals], on_date=DAY
        )
    )
    assert "Bea Both" in names
