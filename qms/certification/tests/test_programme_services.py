"""Services of the audit programme: creation inside the accredited scope, the decision date
scheduling the cycle, planning checked against every date rule (hard rules refused with the
rule's message, soft ones with a justification), the auditors' qualifications, and the
audit's workflow steps."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qms.certification.models import CertAudit
from qms.certification.programme import services
from qms.certification.tests.factories import ApplicationFactory
from qms.core.audit import AuditEvent
from qms.core.errors import TransitionRefused
from qms.core.testing.audit_guard import allow_unaudited_writes

from .programme_world import World, build_world

pytestmark = pytest.mark.django_db

D0 = dt.date(2024, 7, 15)  # expiry 2027-07-14; surveillance needed in 2025 and 2026


@pytest.fixture
def world(organization: Any) -> World:
    return build_world(organization)


def _messages(error: ValidationError, field: str) -> str:
    return " ".join(error.message_dict.get(field, []))


# --- Creating a programme ------------------------------------------------------------------


def test_an_initial_programme_is_numbered_and_gets_stage_1_and_stage_2(world: World) -> None:
    programme = world.programme()

    assert programme.number == f"CP-{timezone.localdate().year}-0001"
    assert programme.status == "planning"
    kinds = sorted(
        CertAudit.objects.filter(organization=world.organization).values_list("kind", flat=True)
    )
    assert kinds == ["stage1", "stage2"]
    assert AuditEvent.objects.filter(event_type="certification.programme_created").count() == 1
    assert AuditEvent.objects.filter(event_type="certification.cert_audit_added").count() == 2


def test_a_programme_outside_the_accredited_scope_is_refused_with_a_clear_message(
    world: World,
) -> None:
    with pytest.raises(ValidationError) as refused:
        world.programme(iaf_codes=[world.code, world.other_code])

    message = _messages(refused.value, "iaf_codes")
    assert "IAF code 28" in message
    assert "outside the accredited scope" in message
    assert not CertAudit.objects.filter(organization=world.organization).exists()


def test_a_non_accredited_application_may_go_outside_the_scope(world: World) -> None:
    with allow_unaudited_writes():
        application = ApplicationFactory(
            organization=world.organization,
            client=world.client,
            non_accredited=True,
            non_accredited_reason="Sector not accredited yet.",
        )
        application.status = "accepted"
        application.save()

    programme = world.programme(iaf_codes=[world.other_code], application=application)

    assert programme.application == application


def test_a_programme_from_an_application_not_accepted_is_refused(world: World) -> None:
    with allow_unaudited_writes():
        application = ApplicationFactory(organization=world.organization, client=world.client)

    with pytest.raises(ValidationError) as refused:
        world.programme(application=application)

    assert "accepted" in _messages(refused.value, "application")


def test_a_recertification_cycle_gets_its_recertification_audit_before_the_old_expiry(
    world: World,
) -> None:
    expiry = dt.date(2027, 5, 31)

    programme = world.programme(kind="recertification", previous_expiry=expiry, stage1=True)

    audits = {a.kind: a for a in CertAudit.objects.filter(organization=world.organization)}
    assert set(audits) == {"stage1", "recertification"}
    recertification = audits["recertification"]
    assert recertification.due_by == dt.date(2027, 2, 28)  # 3 months before, clamped
    assert recertification.due_from == dt.date(2026, 11, 30)
    assert programme.previous_expiry == expiry


def test_a_transfer_continues_the_issuing_bodys_schedule(world: World) -> None:
    today = timezone.localdate()
    expiry = dt.date(today.year + 2, 6, 30)

    world.programme(kind="transfer", previous_expiry=expiry)

    audits = list(CertAudit.objects.filter(organization=world.organization).order_by("due_by"))
    assert audits, "the remaining audits of the cycle are scheduled"
    assert all(audit.due_by and audit.due_by >= today for audit in audits)
    assert audits[-1].kind == "recertification"
    assert audits[-1].due_by < expiry


def test_a_cycle_without_the_previous_expiry_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        world.programme(kind="recertification")

    assert "expiry" in _messages(refused.value, "previous_expiry")


# --- The decision ---------------------------------------------------------------------------


def test_the_decision_schedules_the_cycle_with_due_windows(world: World) -> None:
    programme = world.certified(D0)

    assert programme.status == "certified"
    assert programme.decision_date == D0
    assert programme.expiry == dt.date(2027, 7, 14)
    windows = {
        a.kind: (a.due_from, a.due_by)
        for a in CertAudit.objects.filter(organization=world.organization, programme=programme)
    }
    assert windows["surveillance_1"] == (dt.date(2025, 4, 15), dt.date(2025, 7, 15))
    assert windows["surveillance_2"][0].year == 2026
    assert windows["recertification"][1] == dt.date(2027, 4, 14)
    assert AuditEvent.objects.filter(event_type="certification.programme_certified").count() == 1


def test_the_decision_needs_stage_2_done(world: World) -> None:
    programme = world.programme()

    with pytest.raises(ValidationError) as refused:
        services.programme_set_decision(
            actor=world.manager, programme=programme, decision_date=D0, reason="Granted."
        )

    assert "Stage 2" in _messages(refused.value, "decision_date")
    programme.refresh_from_db()
    assert programme.status == "planning"


def test_completing_stage_2_records_its_last_day_for_the_majors_deadline(world: World) -> None:
    programme = world.programme()
    world.plan(programme, "stage1", dt.date(2024, 5, 1))
    stage2 = world.plan(programme, "stage2", dt.date(2024, 6, 3), end_date=dt.date(2024, 6, 5))

    services.cert_audit_complete(actor=world.manager, audit=stage2)

    programme.refresh_from_db()
    assert programme.stage2_last_day == dt.date(2024, 6, 5)


# --- Hard rules: refused with the rule's message -------------------------------------------


def test_a_first_surveillance_more_than_12_months_after_the_decision_is_refused(
    world: World,
) -> None:
    programme = world.certified(D0)

    with pytest.raises(ValidationError) as refused:
        world.plan(programme, "surveillance_1", dt.date(2025, 8, 1))

    message = _messages(refused.value, "start_date")
    assert "more than 12 months after the certification decision of 2024-07-15" in message
    assert "first surveillance due by 2025-07-15" in message
    assert world.audit(programme, "surveillance_1").start_date is None


def test_a_calendar_year_without_surveillance_is_refused(world: World) -> None:
    programme = world.certified(D0)
    world.plan(programme, "surveillance_1", dt.date(2025, 6, 2))

    with pytest.raises(ValidationError) as refused:
        world.plan(
            programme,
            "surveillance_2",
            dt.date(2025, 12, 1),
            override_justification="The client closes in 2026.",
        )

    message = _messages(refused.value, "start_date")
    assert "No surveillance in calendar year 2026" in message
    assert "every calendar year of the cycle except the recertification year" in message


def test_stage_2_before_stage_1_is_refused(world: World) -> None:
    programme = world.programme()
    world.plan(programme, "stage1", dt.date(2024, 5, 10))

    with pytest.raises(ValidationError) as refused:
        world.plan(programme, "stage2", dt.date(2024, 5, 1))

    assert "Stage 1 comes first" in _messages(refused.value, "start_date")


# --- Soft rules: a justification, kept as a warning ------------------------------------------


def test_a_surveillance_outside_the_window_needs_a_justification_naming_the_rule(
    world: World,
) -> None:
    programme = world.certified(D0)

    with pytest.raises(ValidationError) as refused:
        world.plan(programme, "surveillance_1", dt.date(2025, 3, 3))

    message = _messages(refused.value, "override_justification")
    assert "outside the certification body's window" in message
    assert "surveillance_tolerance_window" in message


def test_a_surveillance_outside_the_window_with_a_justification_is_kept_with_a_warning(
    world: World,
) -> None:
    programme = world.certified(D0)

    audit = world.plan(
        programme,
        "surveillance_1",
        dt.date(2025, 3, 3),
        override_justification="Seasonal production: the plant runs only in spring.",
    )

    assert audit.start_date == dt.date(2025, 3, 3)
    assert [w["rule"] for w in audit.warnings] == ["surveillance_tolerance_window"]
    assert audit.warnings[0]["justification"].startswith("Seasonal production")
    assert audit.override_justification.startswith("Seasonal production")


# --- Auditors and scope ---------------------------------------------------------------------


def test_an_unqualified_lead_auditor_is_refused_with_a_clear_message(world: World) -> None:
    programme = world.certified(D0)

    with pytest.raises(ValidationError) as refused:
        world.plan(programme, "surveillance_1", dt.date(2025, 6, 2), lead_auditor=world.unqualified)

    message = _messages(refused.value, "lead_auditor")
    assert "Nia New" in message
    assert "no qualification for ISO 9001" in message
    assert world.audit(programme, "surveillance_1").lead_auditor is None


def test_an_unqualified_team_member_is_refused(world: World) -> None:
    programme = world.certified(D0)

    with pytest.raises(ValidationError) as refused:
        world.plan(programme, "surveillance_1", dt.date(2025, 6, 2), team=[world.unqualified])

    assert "Nia New" in _messages(refused.value, "team")


def test_an_audit_on_a_day_outside_the_accreditation_is_refused(world: World) -> None:
    programme = world.programme()

    with pytest.raises(ValidationError) as refused:
        world.plan(programme, "stage1", dt.date(2036, 2, 2))

    assert "outside the accredited scope" in _messages(refused.value, "start_date")


def test_a_site_of_another_client_is_refused(world: World) -> None:
    from qms.certification.tests.factories import ClientSiteFactory

    programme = world.programme()
    with allow_unaudited_writes():
        foreign = ClientSiteFactory(organization=world.organization, name="Elsewhere")

    with pytest.raises(ValidationError) as refused:
        world.plan(programme, "stage1", dt.date(2024, 5, 10), sites=[foreign])

    assert "Elsewhere" in _messages(refused.value, "sites")


def test_a_planned_audit_records_its_team_sites_and_an_event(world: World) -> None:
    programme = world.programme()

    audit = world.plan(
        programme,
        "stage1",
        dt.date(2024, 5, 10),
        end_date=dt.date(2024, 5, 11),
        sites=[world.site],
    )

    assert audit.lead_auditor == world.lead
    assert list(audit.sites.all()) == [world.site]
    assert audit.warnings == []
    assert AuditEvent.objects.filter(event_type="certification.cert_audit_planned").exists()


# --- Workflow --------------------------------------------------------------------------------


def test_an_audit_is_confirmed_only_once_planned(world: World) -> None:
    programme = world.programme()
    audit = world.audit(programme, "stage1")

    with pytest.raises(TransitionRefused):
        services.cert_audit_confirm(actor=world.manager, audit=audit)

    planned = world.plan(programme, "stage1", dt.date(2024, 5, 10))
    confirmed = services.cert_audit_confirm(actor=world.manager, audit=planned)
    assert confirmed.status == "confirmed"


def test_an_audit_cannot_be_done_before_its_last_day(world: World) -> None:
    programme = world.programme()
    future = timezone.localdate() + dt.timedelta(days=20)
    audit = world.plan(programme, "stage1", future)

    with pytest.raises(TransitionRefused):
        services.cert_audit_complete(actor=world.manager, audit=audit)


def test_a_cancelled_audit_needs_a_reason_and_stays_on_record(world: World) -> None:
    programme = world.programme()
    audit = world.audit(programme, "stage1")

    with pytest.raises(TransitionRefused):
        services.cert_audit_cancel(actor=world.manager, audit=audit, reason="")
    cancelled = services.cert_audit_cancel(
        actor=world.manager, audit=audit, reason="Client postponed."
    )

    assert cancelled.status == "cancelled"
    assert CertAudit.objects.filter(organization=world.organization, pk=audit.pk).exists()


def test_a_special_audit_needs_a_purpose(world: World) -> None:
    programme = world.certified(D0)

    with pytest.raises(ValidationError):
        services.cert_audit_add_special(actor=world.manager, programme=programme, purpose=" ")
    audit = services.cert_audit_add_special(
        actor=world.manager,
        programme=programme,
        purpose="Short-notice audit after a complaint.",
        due_by=dt.date(2025, 9, 1),
    )

    assert audit.kind == "special"
    assert audit.due_by == dt.date(2025, 9, 1)
