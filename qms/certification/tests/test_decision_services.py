"""The technical review and the certification decision: independence, open majors and
minors, the 6-month rule, the accredited scope, the effective date; a grant issues the
certificate and records the programme's decision; a refusal or refused attempt writes
nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qms.certification.certificates import services
from qms.certification.models import Certificate, CertificateStatusChange, CertificationDecision
from qms.core.audit import AuditEvent
from qms.core.errors import TransitionRefused
from qms.core.testing.audit_guard import allow_unaudited_writes

from .factories_certificates import PASSWORD, CertWorld, build_cert_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organization: Any) -> CertWorld:
    return build_cert_world(organization)


def _open(world: CertWorld, **kwargs: Any) -> CertificationDecision:
    programme = world.audited_programme(**kwargs)
    return services.decision_open(actor=world.manager, programme=programme, kind="initial")


def _grant(world: CertWorld, decision: CertificationDecision, **kwargs: Any) -> Certificate:
    values: dict[str, Any] = {
        "actor": world.decider,
        "decision": decision,
        "reasons": "All requirements met.",
        "password": PASSWORD,
        "scope": "Design and manufacture of pressure gauges.",
        **kwargs,
    }
    return services.decision_grant(**values)


def _events() -> int:
    return AuditEvent.objects.count()


def test_opening_a_decision_numbers_it_and_computes_the_review(world: CertWorld) -> None:
    decision = _open(world)

    assert decision.number.startswith("DEC-")
    assert decision.status == "pending"
    assert {audit.kind for audit in decision.audits.all()} == {"stage1", "stage2"}
    keys = {item["key"]: item for item in decision.review["items"]}
    assert keys["majors"]["ok"] and keys["minors"]["ok"] and keys["scope"]["ok"]
    assert keys["audit_time"]["ok"], keys["audit_time"]
    assert decision.review["ok"] is True


def test_an_initial_grant_issues_an_active_certificate_and_certifies_the_programme(
    world: CertWorld,
) -> None:
    decision = _open(world)

    certificate = _grant(world, decision)

    today = timezone.localdate()
    certificate.refresh_from_db()
    decision.refresh_from_db()
    assert decision.status == "granted"
    assert decision.decided_by == world.decider
    assert decision.decided_on == today
    assert certificate.status == "active"
    assert certificate.revision == 1
    assert certificate.number == f"CERT-{today.year}-0001"
    assert certificate.effective_date == today
    assert certificate.initial_certification_date == today
    assert certificate.expiry_date == decision.programme.expiry
    assert certificate.expiry_date is not None
    assert certificate.holder_name == "Gauges Client Ltd"
    assert certificate.accredited and certificate.accreditation is not None
    assert [e.pk for e in certificate.editions.all()] == [world.base.edition.pk]
    assert [c.code for c in certificate.iaf_codes.all()] == ["17"]
    assert certificate.sites_text
    programme = decision.programme
    programme.refresh_from_db()
    assert programme.status == "certified"
    assert programme.decision_date == today
    changes = list(CertificateStatusChange.objects.filter(certificate=certificate))
    assert [(c.change, c.from_status, c.to_status) for c in changes] == [
        ("issued", "draft", "active")
    ]
    assert AuditEvent.objects.filter(event_type="certification.decision_granted").count() == 1
    assert AuditEvent.objects.filter(event_type="certification.certificate_granted").count() == 1


def test_a_decision_maker_who_was_on_the_audit_team_is_refused(world: CertWorld) -> None:
    decision = _open(world)
    with allow_unaudited_writes():
        decision.audits.get(kind="stage2").team.add(world.decider)
    before = _events()

    with pytest.raises(TransitionRefused) as refused:
        _grant(world, decision)

    assert "A decision-maker who was on the audit team is refused" in refused.value.message
    decision.refresh_from_db()
    assert decision.status == "pending"
    assert not Certificate.objects.exists()
    assert _events() == before


def test_a_grant_with_an_unverified_major_is_refused_and_writes_nothing(world: CertWorld) -> None:
    programme = world.audited_programme()
    world.finding(world.stage2(programme), grade="major", status="accepted", number="F-01")
    world.finding(world.stage2(programme), grade="minor", status="open", number="F-02")
    decision = services.decision_open(actor=world.manager, programme=programme, kind="initial")
    before = _events()

    with pytest.raises(TransitionRefused) as refused:
        _grant(world, decision)

    assert "Major nonconformities not verified: F-01" in refused.value.message
    assert "Minor nonconformities without an accepted plan: F-02" in refused.value.message
    assert not Certificate.objects.exists()
    assert _events() == before
    assert decision.review["ok"] is False


def test_a_major_verified_after_the_six_months_needs_a_new_stage_2(world: CertWorld) -> None:
    programme = world.audited_programme(stage2_ago=250)
    stage2 = world.stage2(programme)
    world.finding(
        stage2, grade="major", status="verified", verified_on=timezone.localdate(), number="F-01"
    )
    decision = services.decision_open(actor=world.manager, programme=programme, kind="initial")

    with pytest.raises(TransitionRefused) as refused:
        _grant(world, decision)

    assert "a new Stage 2 audit is needed" in refused.value.message


def test_an_effective_date_before_the_decision_is_refused(world: CertWorld) -> None:
    decision = _open(world)

    with pytest.raises(ValidationError) as refused:
        _grant(world, decision, effective_date=timezone.localdate() - dt.timedelta(days=1))

    assert "effective_date" in refused.value.message_dict
    assert not Certificate.objects.exists()


def test_a_certificate_outside_the_accredited_scope_is_refused(world: CertWorld) -> None:
    decision = _open(world)

    with pytest.raises(TransitionRefused) as refused:
        _grant(world, decision, iaf_codes=[world.base.code, world.base.other_code])

    assert "outside the accredited scope" in refused.value.message
    assert not Certificate.objects.exists()


def test_a_grant_without_the_password_is_refused(world: CertWorld) -> None:
    decision = _open(world)

    with pytest.raises(TransitionRefused):
        _grant(world, decision, password=None)

    assert not Certificate.objects.exists()
    decision.refresh_from_db()
    assert decision.status == "pending"


def test_a_refusal_needs_reasons_and_is_signed(world: CertWorld) -> None:
    decision = _open(world)
    with pytest.raises(ValidationError):
        services.decision_refuse(actor=world.decider, decision=decision, reasons=" ")

    refused = services.decision_refuse(
        actor=world.decider, decision=decision, reasons="Scope unclear.", password=PASSWORD
    )

    assert refused.status == "refused"
    assert refused.reasons == "Scope unclear."
    assert refused.decided_by == world.decider
    assert not Certificate.objects.exists()
