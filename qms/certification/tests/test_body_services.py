"""Services of the certification body: setting up and changing the body, accreditations and
their status steps, scope lines and qualifications; each writes its audit event or nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qms.certification.body import services
from qms.certification.models import (
    Accreditation,
    AccreditationScope,
    AuditorQualification,
    CertificationBody,
)
from qms.certification.permissions import CERTIFICATION_MANAGER
from qms.certification.tests.body_world import Body, build_body, person
from qms.core.audit import AuditEvent
from qms.core.errors import Conflict, StaleVersion, TransitionRefused

pytestmark = pytest.mark.django_db


@pytest.fixture
def cb(organization: Any) -> Body:
    return build_body(organization)


def _events(name: str) -> int:
    return AuditEvent.objects.filter(event_type=name).count()


def test_setting_up_a_body_records_it_with_defaults_and_an_event(
    other_organization: Any,
) -> None:
    manager = person(other_organization, CERTIFICATION_MANAGER, "m@nw.test", "Nora")
    body = services.certification_body_setup(
        actor=manager, organization=other_organization, data={"name": "Northwind Cert"}
    )
    assert body.organization == other_organization
    assert (body.expiry_days_less, body.restoration_months) == (1, 6)
    assert _events("certification.body.set_up") == 1


def test_an_organization_is_one_body_at_most(cb: Body) -> None:
    with pytest.raises(Conflict, match="already a certification body"):
        services.certification_body_setup(
            actor=cb.manager, organization=cb.organization, data={"name": "Again"}
        )
    assert CertificationBody.objects.filter(organization=cb.organization).count() == 1


def test_a_policy_beyond_iso_17021_limits_is_refused_beside_the_field(cb: Body) -> None:
    with pytest.raises(ValidationError) as caught:
        services.certification_body_update(
            actor=cb.manager, instance=cb.body, data={"restoration_months": 9}
        )
    assert list(caught.value.message_dict) == ["restoration_months"]
    assert "between 0 and 6 months" in caught.value.message_dict["restoration_months"][0]
    cb.body.refresh_from_db()
    assert cb.body.restoration_months == 6
    assert _events("certification.body.changed") == 0


def test_bad_complexity_adjustments_and_pattern_are_refused_beside_their_fields(
    cb: Body,
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.certification_body_update(
            actor=cb.manager,
            instance=cb.body,
            data={
                "qms_complexity_adjustments": {"extreme": 5},
                "certificate_number_pattern": "{prefix}-{year}",
            },
        )
    assert set(caught.value.message_dict) == {
        "qms_complexity_adjustments",
        "certificate_number_pattern",
    }


def test_changing_policies_records_before_and_after(cb: Body) -> None:
    body = services.certification_body_update(
        actor=cb.manager,
        instance=cb.body,
        data={"surveillance_tolerance_months": 2, "qms_complexity_adjustments": {"high": 10}},
        version=cb.body.version,
    )
    assert body.surveillance_tolerance_months == 2
    event = AuditEvent.objects.get(event_type="certification.body.changed")
    assert event.before["surveillance_tolerance_months"] == 3
    assert event.after["surveillance_tolerance_months"] == 2


def test_a_stale_change_is_refused(cb: Body) -> None:
    services.certification_body_update(
        actor=cb.manager, instance=cb.body, data={"name": "First"}, version=cb.body.version
    )
    with pytest.raises(StaleVersion):
        services.certification_body_update(
            actor=cb.manager, instance=cb.body, data={"name": "Second"}, version=1
        )


def test_an_accreditation_ending_before_it_starts_is_refused_beside_valid_until(
    cb: Body,
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.accreditation_create(
            actor=cb.manager,
            organization=cb.organization,
            data={
                "accreditation_body": "DAkkS",
                "number": "D-ZM-1",
                "valid_from": dt.date(2026, 1, 1),
                "valid_until": dt.date(2025, 1, 1),
            },
        )
    assert caught.value.message_dict == {
        "valid_until": ["The accreditation ends before it starts."]
    }
    assert not Accreditation.objects.filter(number="D-ZM-1").exists()


def test_creating_and_changing_an_accreditation_record_events(cb: Body) -> None:
    made = services.accreditation_create(
        actor=cb.manager,
        organization=cb.organization,
        data={
            "accreditation_body": "DAkkS",
            "number": "D-ZM-1",
            "valid_from": dt.date(2026, 1, 1),
            "valid_until": dt.date(2030, 1, 1),
        },
    )
    assert made.status == "active"
    services.accreditation_update(
        actor=cb.manager, instance=made, data={"notes": "Renewed."}, version=made.version
    )
    assert _events("certification.accreditation.created") == 1
    assert _events("certification.accreditation.changed") == 1
    with pytest.raises(ValidationError) as caught:
        services.accreditation_update(
            actor=cb.manager, instance=made, data={"valid_until": dt.date(2025, 1, 1)}
        )
    assert list(caught.value.message_dict) == ["valid_until"]


def test_suspend_reinstate_withdraw_are_transitions_with_a_reason(cb: Body) -> None:
    with pytest.raises(TransitionRefused):
        services.accreditation_suspend(actor=cb.manager, instance=cb.accreditation, reason="")
    suspended = services.accreditation_suspend(
        actor=cb.manager, instance=cb.accreditation, reason="Assessment findings open."
    )
    assert suspended.status == "suspended"
    with pytest.raises(TransitionRefused):
        services.accreditation_suspend(actor=cb.manager, instance=suspended, reason="Again.")
    reinstated = services.accreditation_reinstate(
        actor=cb.manager, instance=suspended, reason="Findings closed."
    )
    assert reinstated.status == "active"
    withdrawn = services.accreditation_withdraw(
        actor=cb.manager, instance=reinstated, reason="Scheme left."
    )
    assert withdrawn.status == "withdrawn"
    with pytest.raises(TransitionRefused):
        services.accreditation_reinstate(actor=cb.manager, instance=withdrawn, reason="No.")
    event = AuditEvent.objects.get(event_type="certification.accreditation.suspended")
    assert event.data["reason"] == "Assessment findings open."
    assert _events("certification.accreditation.withdrawn") == 1


def test_an_ended_accreditation_cannot_be_reinstated(cb: Body) -> None:
    services.accreditation_update(
        actor=cb.manager,
        instance=cb.accreditation,
        data={"valid_until": timezone.localdate() - dt.timedelta(days=1)},
    )
    suspended = services.accreditation_suspend(
        actor=cb.manager, instance=cb.accreditation, reason="Lapsed."
    )
    with pytest.raises(TransitionRefused, match="record the renewed accreditation"):
        services.accreditation_reinstate(actor=cb.manager, instance=suspended, reason="Back.")


def test_only_a_certification_manager_takes_the_steps(cb: Body) -> None:
    with pytest.raises(TransitionRefused):
        services.accreditation_suspend(actor=cb.lead, instance=cb.accreditation, reason="x")
    cb.accreditation.refresh_from_db()
    assert cb.accreditation.status == "active"


def test_a_scope_line_needs_iaf_codes_and_takes_the_accreditations_dates(cb: Body) -> None:
    with pytest.raises(ValidationError) as caught:
        services.accreditation_scope_create(
            actor=cb.manager,
            organization=cb.organization,
            data={"accreditation": cb.accreditation, "edition": cb.ohs_2018, "iaf_codes": []},
        )
    assert list(caught.value.message_dict) == ["iaf_codes"]
    line = services.accreditation_scope_create(
        actor=cb.manager,
        organization=cb.organization,
        data={
            "accreditation": cb.accreditation,
            "edition": cb.ohs_2018,
            "iaf_codes": [cb.it],
        },
    )
    assert (line.valid_from, line.valid_until) == (
        cb.accreditation.valid_from,
        cb.accreditation.valid_until,
    )
    assert list(line.iaf_codes.all()) == [cb.it]
    assert _events("certification.accreditation_scope.added") == 1


def test_a_scope_line_stays_on_its_accreditation_and_keeps_a_code(
    cb: Body, organization: Any
) -> None:
    other = services.accreditation_create(
        actor=cb.manager,
        organization=organization,
        data={
            "accreditation_body": "DAkkS",
            "number": "9",
            "valid_from": dt.date(2024, 1, 1),
            "valid_until": dt.date(2029, 1, 1),
        },
    )
    with pytest.raises(ValidationError) as caught:
        services.accreditation_scope_update(
            actor=cb.manager, instance=cb.qms_line, data={"accreditation": other}
        )
    assert list(caught.value.message_dict) == ["accreditation"]
    with pytest.raises(ValidationError) as caught:
        services.accreditation_scope_update(
            actor=cb.manager, instance=cb.qms_line, data={"iaf_codes": []}
        )
    assert list(caught.value.message_dict) == ["iaf_codes"]
    line = services.accreditation_scope_update(
        actor=cb.manager,
        instance=cb.qms_line,
        data={"iaf_codes": [cb.metals, cb.construction, cb.it], "exclusions": "NACE 43.9"},
    )
    assert {c.code for c in line.iaf_codes.all()} == {"17", "28", "33"}
    event = AuditEvent.objects.get(event_type="certification.accreditation_scope.changed")
    assert event.after["iaf_codes"] == sorted([cb.metals.pk, cb.construction.pk, cb.it.pk])


def test_another_organizations_accreditation_cannot_take_a_line(
    cb: Body, other_organization: Any
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.accreditation_scope_create(
            actor=cb.manager,
            organization=other_organization,
            data={
                "accreditation": cb.accreditation,
                "edition": cb.ohs_2018,
                "iaf_codes": [cb.it],
            },
        )
    assert list(caught.value.message_dict) == ["accreditation"]


def test_a_qualification_is_for_a_member_with_a_certification_role(cb: Body) -> None:
    data = {
        "standard": cb.ohs,
        "grade": "auditor",
        "iaf_codes": [cb.metals],
        "valid_from": dt.date(2026, 1, 1),
        "valid_until": dt.date(2029, 1, 1),
    }
    with pytest.raises(ValidationError) as caught:
        services.qualification_create(
            actor=cb.manager, organization=cb.organization, data={**data, "person": cb.employee}
        )
    assert list(caught.value.message_dict) == ["person"]
    assert (
        "Eve Employee is not a member of this organization with a certification-body role"
        in (caught.value.message_dict["person"][0])
    )
    made = services.qualification_create(
        actor=cb.manager, organization=cb.organization, data={**data, "person": cb.reviewer}
    )
    assert list(made.iaf_codes.all()) == [cb.metals]
    assert _events("certification.qualification.created") == 1


def test_a_qualification_ending_before_it_starts_is_refused_beside_valid_until(
    cb: Body,
) -> None:
    qualification = AuditorQualification.objects.filter(organization=cb.organization).first()
    assert qualification is not None
    with pytest.raises(ValidationError) as caught:
        services.qualification_update(
            actor=cb.manager, instance=qualification, data={"valid_until": dt.date(2020, 1, 1)}
        )
    assert caught.value.message_dict == {
        "valid_until": ["The qualification ends before it starts."]
    }
    changed = services.qualification_update(
        actor=cb.manager,
        instance=qualification,
        data={"valid_until": dt.date(2029, 6, 30), "grade": "lead_auditor"},
        version=qualification.version,
    )
    assert changed.valid_until == dt.date(2029, 6, 30)
    assert _events("certification.qualification.changed") == 1


def test_a_refused_write_leaves_nothing(cb: Body) -> None:
    before = (
        AuditEvent.objects.count(),
        AccreditationScope.objects.count(),
        AuditorQualification.objects.count(),
    )
    with pytest.raises(ValidationError):
        services.accreditation_scope_create(
            actor=cb.manager,
            organization=cb.organization,
            data={
                "accreditation": cb.accreditation,
                "edition": cb.qms_2015,  # already on the accreditation: unique
                "iaf_codes": [cb.metals],
            },
        )
    after = (
        AuditEvent.objects.count(),
        AccreditationScope.objects.count(),
        AuditorQualification.objects.count(),
    )
    assert before == after
