"""The certificate's life: each declared step valid and invalid (a refused step changes
nothing and writes no event), history entries, numbering, recertification, restoration and
scope revisions with their dates, the daily job, and the public registry."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from qms.certification.certificates import rules, services
from qms.certification.certificates.services import issuing
from qms.certification.models import (
    CertAudit,
    Certificate,
    CertificateStatusChange,
    CertificationProgramme,
    ClientContact,
)
from qms.certification.programme import services as programme_services
from qms.core.audit import AuditEvent
from qms.core.dates import add_months
from qms.core.errors import TransitionRefused
from qms.core.testing.audit_guard import allow_unaudited_writes

from .factories_certificates import PASSWORD, CertWorld, build_cert_world

pytestmark = pytest.mark.django_db
SCOPE = "Design and manufacture of pressure gauges."


@pytest.fixture
def world(organization: Any) -> CertWorld:
    built = build_cert_world(organization)
    with allow_unaudited_writes():
        ClientContact.objects.create(
            organization=organization,
            client=built.base.client,
            name="Quinn Quality",
            email="quinn@client.test",
            is_primary=True,
        )
    return built


def _issued(world: CertWorld) -> Certificate:
    programme = world.audited_programme()
    decision = services.decision_open(actor=world.manager, programme=programme, kind="initial")
    return services.decision_grant(
        actor=world.decider,
        decision=decision,
        reasons="Requirements met.",
        password=PASSWORD,
        scope=SCOPE,
    )


def _fresh(certificate: Certificate) -> Certificate:
    return Certificate.objects.get(pk=certificate.pk)


def _move(certificate: Certificate, expiry: dt.date) -> None:
    """Backdate a certificate's cycle so that it expires on `expiry`."""
    start = add_months(expiry, -36)
    Certificate.objects.filter(pk=certificate.pk).update(
        expiry_date=expiry,
        issue_date=start,
        effective_date=start,
        cycle_start=start,
        initial_certification_date=start,
    )


def _history(certificate: Certificate) -> list[tuple[str, str, str]]:
    return [
        (c.change, c.from_status, c.to_status)
        for c in CertificateStatusChange.objects.filter(certificate=certificate).order_by("id")
    ]


# --- Numbering ---------------------------------------------------------------------------------


def test_the_number_pattern_is_filled_in() -> None:
    number = rules.certificate_number(
        pattern="{prefix}/{standard}/{year}/{seq:05d}",
        prefix="MC",
        year=2026,
        standard="ISO 9001",
        seq=7,
    )
    assert number == "MC/9001/2026/00007"
    with pytest.raises(ValueError, match="needs"):
        rules.certificate_number(pattern="{prefix}-{owner}", prefix="", year=1, standard="", seq=1)


def test_numbers_are_unique_and_skip_a_number_already_used(world: CertWorld) -> None:
    year = timezone.localdate().year
    first = _issued(world)
    with allow_unaudited_writes():  # a certificate imported with the next number
        Certificate.objects.filter(pk=first.pk).update(number=f"CERT-{year}-0002")
    number = issuing.next_number(
        organization=world.organization, editions=[world.base.edition], on_date=timezone.localdate()
    )
    assert number == f"CERT-{year}-0003"


# --- Suspension, restoration, withdrawal, cancellation -------------------------------------------


def test_suspending_records_the_reason_deadline_history_and_tells_the_client(
    world: CertWorld,
) -> None:
    certificate = _issued(world)
    mail.outbox.clear()

    with pytest.raises(ValidationError):  # no reason code
        services.certificate_suspend(
            actor=world.manager, certificate=certificate, reason_code="", reason="x"
        )
    suspended = services.certificate_suspend(
        actor=world.manager, certificate=certificate, reason_code="r3", reason="Client asked."
    )

    today = timezone.localdate()
    assert suspended.status == "suspended"
    assert suspended.suspension_reason == "r3"
    assert suspended.suspended_until == add_months(today, 6)
    assert _history(certificate)[-1] == ("suspended", "active", "suspended")
    assert AuditEvent.objects.filter(event_type="certification.certificate_suspended").exists()


def test_a_suspension_longer_than_the_maximum_needs_a_justification(world: CertWorld) -> None:
    certificate = _issued(world)
    until = add_months(timezone.localdate(), 8)
    with pytest.raises(ValidationError) as refused:
        services.certificate_suspend(
            actor=world.manager,
            certificate=certificate,
            reason_code="r1",
            reason="Systemic failure.",
            until=until,
        )
    assert "justification" in refused.value.message_dict
    assert _fresh(certificate).status == "active"

    suspended = services.certificate_suspend(
        actor=world.manager,
        certificate=certificate,
        reason_code="r1",
        reason="Systemic failure.",
        until=until,
        justification="Plant rebuilt after a fire; follow-up audit booked.",
    )
    assert suspended.suspended_until == until


def test_restore_before_the_deadline_clears_the_suspension(world: CertWorld) -> None:
    certificate = _issued(world)
    services.certificate_suspend(
        actor=world.manager, certificate=certificate, reason_code="r2", reason="No audit."
    )

    restored = services.certificate_restore(
        actor=world.manager, certificate=certificate, reason="Audit held."
    )

    assert restored.status == "active"
    assert restored.suspension_reason == "" and restored.suspended_until is None
    assert _history(certificate)[-1] == ("restored", "suspended", "active")


def test_restoring_a_withdrawn_certificate_is_refused_and_writes_nothing(
    world: CertWorld,
) -> None:
    certificate = _issued(world)
    services.certificate_withdraw(actor=world.manager, certificate=certificate, reason="Fraud.")
    before = AuditEvent.objects.count()
    changes = CertificateStatusChange.objects.count()

    with pytest.raises(TransitionRefused) as refused:
        services.certificate_restore(actor=world.manager, certificate=certificate, reason="?")

    assert "Only a suspended certificate can be restored" in refused.value.message
    assert _fresh(certificate).status == "withdrawn"
    assert AuditEvent.objects.count() == before
    assert CertificateStatusChange.objects.count() == changes


def test_cancel_only_from_active_and_suspend_only_from_active(world: CertWorld) -> None:
    certificate = _issued(world)
    services.certificate_cancel(actor=world.manager, certificate=certificate, reason="Transfer.")
    before = AuditEvent.objects.count()

    with pytest.raises(TransitionRefused):
        services.certificate_suspend(
            actor=world.manager, certificate=certificate, reason_code="r3", reason="x"
        )
    with pytest.raises(TransitionRefused):
        services.certificate_cancel(actor=world.manager, certificate=certificate, reason="x")

    assert _fresh(certificate).status == "cancelled"
    assert AuditEvent.objects.count() == before


def test_expire_by_hand_is_refused_before_the_expiry_date(world: CertWorld) -> None:
    certificate = _issued(world)
    with pytest.raises(TransitionRefused, match="has not expired"):
        services.certificate_expire(actor=world.manager, certificate=certificate)


def test_a_certificate_is_superseded_only_by_a_new_revision(world: CertWorld) -> None:
    from qms.core.workflow import model_transition

    certificate = _issued(world)
    with pytest.raises(TransitionRefused, match="new revision"):
        model_transition(actor=world.manager, instance=certificate, transition="supersede")


def test_reissue_makes_the_next_revision_and_supersedes_the_old(world: CertWorld) -> None:
    certificate = _issued(world)

    new = services.certificate_reissue(
        actor=world.manager,
        certificate=certificate,
        reason="Address corrected.",
        data={"holder_address": "2 Works Road, Sheffield"},
    )

    assert (new.number, new.revision, new.status) == (certificate.number, 2, "active")
    assert new.holder_address == "2 Works Road, Sheffield"
    assert new.expiry_date == certificate.expiry_date
    assert _fresh(certificate).status == "superseded"
    assert _history(new) == [("reissued", "draft", "active")]
    assert _history(certificate)[-1] == ("superseded", "active", "superseded")


# --- The daily job ----------------------------------------------------------------------------


def test_the_daily_job_expires_lapsed_certificates_and_withdraws_overdue_suspensions(
    world: CertWorld,
) -> None:
    lapsed = _issued(world)
    today = timezone.localdate()
    with allow_unaudited_writes():
        _move(lapsed, today - dt.timedelta(days=1))

    done = services.certificate_expire_due(today=today)

    assert [c.pk for c in done["expired"]] == [lapsed.pk]
    assert _fresh(lapsed).status == "expired"
    assert _history(lapsed)[-1] == ("expired", "active", "expired")
    assert services.certificate_expire_due(today=today) == {"expired": [], "withdrawn": []}


def test_the_daily_job_withdraws_a_suspension_past_its_deadline(world: CertWorld) -> None:
    certificate = _issued(world)
    services.certificate_suspend(
        actor=world.manager, certificate=certificate, reason_code="r2", reason="No audit."
    )
    later = add_months(timezone.localdate(), 6) + dt.timedelta(days=1)

    done = services.certificate_expire_due(today=later)

    assert [c.pk for c in done["withdrawn"]] == [certificate.pk]
    assert _fresh(certificate).status == "withdrawn"
    assert AuditEvent.objects.filter(
        event_type="certification.certificate_withdrawn", actor__isnull=True
    ).exists()


# --- Recertification, restoration and scope ------------------------------------------------------


def _recert_programme(world: CertWorld, previous_expiry: dt.date) -> CertificationProgramme:
    today = timezone.localdate()
    programme = programme_services.programme_create(
        actor=world.manager,
        client=world.base.client,
        kind="recertification",
        editions=[world.base.edition],
        iaf_codes=[world.base.code],
        previous_expiry=previous_expiry,
    )
    audit = CertAudit.objects.get(programme=programme, kind="recertification")
    with allow_unaudited_writes():
        CertAudit.objects.filter(pk=audit.pk).update(
            start_date=today - dt.timedelta(days=10),
            end_date=today - dt.timedelta(days=9),
            lead_auditor=world.lead,
            status="done",
            conclusion="Objectives met.",
            recommendation="renew",
        )
    return programme


def test_recertification_before_expiry_renews_from_the_old_expiry(world: CertWorld) -> None:
    certificate = _issued(world)
    today = timezone.localdate()
    old_expiry = today + dt.timedelta(days=40)
    with allow_unaudited_writes():
        _move(certificate, old_expiry)
    programme = _recert_programme(world, old_expiry)
    decision = services.decision_open(
        actor=world.manager, programme=programme, kind="recertification"
    )

    renewed = services.decision_grant(
        actor=world.decider, decision=decision, reasons="Renewed.", password=PASSWORD
    )

    assert (renewed.number, renewed.revision) == (certificate.number, 2)
    assert renewed.expiry_date == add_months(old_expiry, 36)
    assert renewed.cycle_start == today
    assert renewed.initial_certification_date == add_months(old_expiry, -36)
    assert _fresh(certificate).status == "superseded"
    assert _history(renewed) == [("renewed", "draft", "active")]


def test_restoration_within_the_window_keeps_the_prior_cycle(world: CertWorld) -> None:
    certificate = _issued(world)
    today = timezone.localdate()
    old_expiry = today - dt.timedelta(days=20)
    with allow_unaudited_writes():
        _move(certificate, old_expiry)
    services.certificate_expire_due(today=today)
    programme = _recert_programme(world, old_expiry)
    with pytest.raises(ValidationError):  # an expired certificate is not recertified
        services.decision_open(actor=world.manager, programme=programme, kind="recertification")
    decision = services.decision_open(actor=world.manager, programme=programme, kind="restoration")

    restored = services.decision_grant(
        actor=world.decider, decision=decision, reasons="Restored.", password=PASSWORD
    )

    assert restored.status == "active"
    assert restored.revision == 2
    assert restored.expiry_date == add_months(old_expiry, 36)
    assert restored.effective_date == today
    assert _fresh(certificate).status == "superseded"
    assert _history(restored) == [("restored", "draft", "active")]


def test_a_scope_reduction_from_suspension_is_a_new_active_revision(world: CertWorld) -> None:
    certificate = _issued(world)
    services.certificate_suspend(
        actor=world.manager, certificate=certificate, reason_code="r1", reason="Site closed."
    )
    decision = services.decision_open(
        actor=world.manager, programme=certificate.programme, kind="scope_reduction"
    )
    with pytest.raises(ValidationError):  # nothing changes
        services.decision_grant(
            actor=world.decider, decision=decision, reasons="Reduced.", password=PASSWORD
        )

    reduced = services.decision_grant(
        actor=world.decider,
        decision=decision,
        reasons="Reduced.",
        password=PASSWORD,
        scope="Manufacture of pressure gauges.",
    )

    assert (reduced.revision, reduced.status) == (2, "active")
    assert reduced.scope == "Manufacture of pressure gauges."
    assert reduced.expiry_date == certificate.expiry_date
    assert _fresh(certificate).status == "superseded"
    assert _history(reduced) == [("scope_reduced", "draft", "active")]


# --- The public registry -------------------------------------------------------------------------


@pytest.mark.skipif(
    not apps.is_installed("qms.registry"), reason="qms.registry not installed yet (R1)"
)
def test_issue_and_suspension_are_published_to_the_registry(world: CertWorld) -> None:
    from qms.registry.models import PublicCertificate

    certificate = _issued(world)
    row = PublicCertificate.objects.get(number=certificate.number)
    assert row.status == "active"
    services.certificate_suspend(
        actor=world.manager, certificate=certificate, reason_code="r3", reason="Asked."
    )
    row.refresh_from_db()
    assert row.status == "suspended"


def test_the_client_is_told_to_stop_using_the_marks_on_suspension(
    world: CertWorld, django_capture_on_commit_callbacks: Any
) -> None:
    certificate = _issued(world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_suspend(
            actor=world.manager, certificate=certificate, reason_code="r3", reason="Asked."
        )
    sent = [m for m in mail.outbox if "quinn@client.test" in m.to]
    assert sent and "stop using the certification marks" in sent[0].body
