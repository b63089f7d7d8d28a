"""The certification demo: Meridian Certification Ltd with its people (password `demo`) and
roles, its accreditation and qualifications, Acme Gauges mid-way through its first cycle,
at least twenty more clients in varied states, a calendar with audits due and overdue; and
loading it twice changes nothing."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from qms.accounts.models import Membership
from qms.certification import demo, demo_data
from qms.certification.choices import ApplicationStatus, AuditKind, CertAuditStatus
from qms.certification.models import (
    Accreditation,
    Application,
    AuditorQualification,
    AuditTimeCalculation,
    CertAudit,
    CertificationBody,
    CertificationProgramme,
    Client,
    TransferReview,
)
from qms.certification.programme import selectors as programme_selectors
from qms.core.audit import AuditEvent
from qms.core.permissions import has_perm, roles_in
from qms.organizations import demo as organizations_demo
from qms.organizations.models import Organization
from qms.standards import demo as standards_demo

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_app_config("certification").get_models()
    }


@pytest.fixture(scope="module")
def loaded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """The demo loaded once for the module (it takes a while), rolled back at its end; each
    test runs in its own savepoint inside."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        # Nothing commits here: append the audit events when each service's atomic() exits,
        # as the commit would (qms/core/db/audit_hook.py, qms/conftest.py).
        previous = connection.audit_flush_depth
        connection.audit_flush_depth = len(connection.savepoint_ids)
        try:
            organizations_demo.load(stdout=io.StringIO())
            standards_demo.load(stdout=io.StringIO())
            stdout = io.StringIO()
            demo.load(stdout=stdout)
            yield stdout.getvalue()
        finally:
            connection.audit_flush_depth = previous
            transaction.set_rollback(True)


def test_loading_twice_changes_nothing(loaded: str) -> None:
    # given
    counts, events = _counts(), AuditEvent.objects.count()
    stdout = io.StringIO()
    # when
    demo.load(stdout=stdout)
    # then
    assert _counts() == counts
    assert AuditEvent.objects.count() == events
    assert stdout.getvalue() == ""
    assert "Meridian Certification Ltd" in loaded


def test_meridian_people_sign_in_with_demo_and_hold_their_roles(loaded: str, client: Any) -> None:
    meridian = Organization.objects.get(slug="meridian")
    expected = {email: {role, *more} for email, _name, role, more in demo_data.PEOPLE}
    memberships = Membership.objects.filter(organization=meridian).select_related("user")
    assert {m.user.email: set(roles_in(m.user, meridian)) for m in memberships} == expected
    for email in expected:
        assert client.login(username=email, password="demo"), email
        client.logout()
    manager = memberships.get(user__email=demo_data.MANAGER).user
    assert has_perm(manager, "certification.change_client", organization=meridian)
    reviewer = memberships.get(user__email=demo_data.REVIEWER).user
    assert has_perm(reviewer, "certification.accept_application", organization=meridian)
    assert not has_perm(reviewer, "certification.add_client", organization=meridian)


def test_the_body_is_accredited_with_qualified_people(loaded: str) -> None:
    meridian = Organization.objects.get(slug="meridian")
    body = CertificationBody.objects.get(organization=meridian)
    assert body.certificate_prefix == "MCL"
    accreditation = Accreditation.objects.get(organization=meridian)
    lines = {
        line.edition.urn: sorted(int(code.code) for code in line.iaf_codes.all())
        for line in accreditation.scopes.all()
    }
    assert lines == {
        demo_data.ISO_9001: [14, 17, 18, 19, 28, 29, 33, 35],
        demo_data.ISO_14001: [17, 18, 28, 29],
        demo_data.ISO_45001: [17, 28],
    }
    today = timezone.localdate()
    assert accreditation.valid_from < today < accreditation.valid_until
    qualifications = AuditorQualification.objects.filter(organization=meridian)
    assert qualifications.filter(person__email=demo_data.LEAD, grade="lead_auditor").count() == 3
    assert qualifications.filter(
        valid_until__gt=today, valid_until__lte=today + dt.timedelta(days=60)
    ).exists()


def test_acme_is_mid_way_through_its_first_cycle(loaded: str) -> None:
    meridian = Organization.objects.get(slug="meridian")
    today = timezone.localdate()
    acme = Client.objects.get(organization=meridian, legal_name="Acme Gauges Ltd")
    assert acme.linked_organization == Organization.objects.get(slug="acme")
    assert acme.public_listing_consent
    assert sorted(acme.sites.values_list("personnel", flat=True)) == [9, 64]
    application = Application.objects.get(client=acme)
    assert application.status == ApplicationStatus.ACCEPTED
    calculation = AuditTimeCalculation.objects.get(application=application)
    assert calculation.enp == 70 and calculation.t_final > 0
    programme = CertificationProgramme.objects.get(client=acme)
    assert programme.status == "certified"
    assert programme.decision_date is not None
    assert 230 <= (today - programme.decision_date).days <= 280
    audits = {audit.kind: audit for audit in programme.audits.all()}
    assert audits[AuditKind.STAGE1].status == CertAuditStatus.DONE
    assert audits[AuditKind.STAGE2].status == CertAuditStatus.DONE
    surveillance = audits[AuditKind.SURVEILLANCE_1]
    assert surveillance.status in (CertAuditStatus.PLANNED, CertAuditStatus.CONFIRMED)
    assert surveillance.due_by is not None
    assert today < surveillance.due_by <= today + dt.timedelta(days=130)
    assert surveillance.lead_auditor is not None
    assert surveillance.lead_auditor.email == demo_data.LEAD


def test_twenty_more_clients_in_varied_states(loaded: str) -> None:
    meridian = Organization.objects.get(slug="meridian")
    clients = Client.objects.filter(organization=meridian).exclude(legal_name="Acme Gauges Ltd")
    assert clients.count() >= 20
    statuses = set(
        Application.objects.filter(organization=meridian).values_list("status", flat=True)
    )
    assert statuses == set(ApplicationStatus.values)
    declined = Application.objects.get(organization=meridian, status=ApplicationStatus.DECLINED)
    assert declined.decision_reason
    assert TransferReview.objects.filter(organization=meridian).exists()
    assert Application.objects.filter(organization=meridian, non_accredited=True).exists()
    assert clients.filter(public_listing_consent=False, notes__icontains="refused").exists()
    programmes = CertificationProgramme.objects.filter(organization=meridian)
    assert programmes.filter(kind="recertification", status="certified").exists()
    assert programmes.filter(status="closed").exists()
    multi_site = clients.get(legal_name="Albion Facilities Services Ltd")
    assert multi_site.sites.filter(is_central_function=True).count() == 1
    assert multi_site.sites.count() == 7
    kinds = set(
        CertAudit.objects.filter(organization=meridian)
        .exclude(status=CertAuditStatus.CANCELLED)
        .values_list("kind", "status")
    )
    assert (AuditKind.STAGE1, CertAuditStatus.PLANNED) in kinds or (
        AuditKind.STAGE1,
        CertAuditStatus.CONFIRMED,
    ) in kinds
    assert (AuditKind.SURVEILLANCE_2, CertAuditStatus.DONE) in kinds
    assert (AuditKind.RECERTIFICATION, CertAuditStatus.DONE) in kinds


def test_the_calendar_has_audits_due_and_overdue(loaded: str) -> None:
    meridian = Organization.objects.get(slug="meridian")
    manager = Membership.objects.get(organization=meridian, user__email=demo_data.MANAGER).user
    today = timezone.localdate()
    audits = programme_selectors.calendar_audits(user=manager, organization=meridian, today=today)
    overdue = [a for a in audits if programme_selectors.is_overdue(a, today)]
    coming = [a for a in audits if not programme_selectors.is_overdue(a, today)]
    assert len(overdue) >= 2
    assert len(coming) >= 6
    lead = Membership.objects.get(organization=meridian, user__email=demo_data.LEAD).user
    assert programme_selectors.audits_of_user(user=lead)


def test_acme_first_cycle_goes_from_stage1_to_its_certificate(loaded: str) -> None:
    from qms.certification.models import (
        AuditPlanIssue,
        CertFinding,
        Certificate,
        CertificationDecision,
        FindingResponse,
        PortalAccess,
    )

    meridian = Organization.objects.get(slug="meridian")
    programme = CertificationProgramme.objects.get(
        organization=meridian, client__legal_name="Acme Gauges Ltd"
    )
    audits = {audit.kind: audit for audit in programme.audits.all()}
    stage1, stage2 = audits[AuditKind.STAGE1], audits[AuditKind.STAGE2]
    assert stage1.stage1_conclusion == "ready" and stage1.concluded_at is not None
    assert stage2.recommendation == "grant_after_ncs" and stage2.days_spent is not None
    # each past audit was concluded on its last day, so its report predates the decision
    for held in (stage1, stage2):
        assert held.concluded_at is not None
        assert timezone.localtime(held.concluded_at).date() == (held.end_date or held.start_date)
    assert timezone.localtime(stage2.concluded_at).date() < programme.decision_date
    assert AuditPlanIssue.objects.filter(plan__audit=stage2, version=1).exists()
    findings = {f.number: f for f in CertFinding.objects.filter(audit=stage2)}
    grades = sorted(f.grade for f in findings.values())
    assert grades == ["major", "minor", "minor", "observation"]
    major = next(f for f in findings.values() if f.grade == "major")
    assert major.status == "verified" and major.verified_on is not None
    assert major.verified_on < programme.decision_date
    assert {f.status for f in findings.values() if f.grade == "minor"} == {"accepted"}
    access = PortalAccess.objects.get(client=programme.client)
    assert access.user.email == "quality@acme.example"
    responses = FindingResponse.objects.filter(finding__audit=stage2)
    assert responses.count() == 3
    assert {r.submitted_by.email for r in responses} == {"quality@acme.example"}
    assert {r.review for r in responses} == {"accepted"}
    decision = CertificationDecision.objects.get(programme=programme)
    assert decision.status == "granted"
    assert decision.decided_by.email == demo_data.DECISION
    assert decision.decided_on == programme.decision_date
    team = {
        stage1.lead_auditor_id,
        stage2.lead_auditor_id,
        *stage2.team.values_list("pk", flat=True),
    }
    assert decision.decided_by_id not in team
    certificate = Certificate.objects.get(programme=programme)
    assert certificate.status == "active"
    assert certificate.effective_date == programme.decision_date
    assert certificate.number.startswith("MCL-")
    surveillance = audits[AuditKind.SURVEILLANCE_1]
    assert surveillance.status in (CertAuditStatus.PLANNED, CertAuditStatus.CONFIRMED)


def test_certificates_in_varied_states(loaded: str) -> None:
    from qms.certification.models import Certificate

    meridian = Organization.objects.get(slug="meridian")
    states = {
        (c.client.legal_name, c.revision): c.status
        for c in Certificate.objects.filter(organization=meridian).select_related("client")
    }
    assert set(states.values()) >= {
        "active",
        "suspended",
        "withdrawn",
        "cancelled",
        "superseded",
        "expired",
    }
    assert states[("Pennine Metal Finishers Ltd", 1)] == "expired"
    assert states[("Kestrel Trade Supplies Ltd", 1)] == "suspended"
    assert states[("Humber Steel Fabrications Ltd", 1)] == "withdrawn"
    assert states[("Dales Civil Engineering Ltd", 1)] == "superseded"
    assert states[("Dales Civil Engineering Ltd", 2)] == "active"
    reduced = Certificate.objects.get(
        organization=meridian, client__legal_name="Dales Civil Engineering Ltd", revision=2
    )
    assert reduced.scope == "Civil engineering and drainage for highways and utilities."
    # Every certificate comes from a decision by the decision-maker, outside the team.
    assert not Certificate.objects.filter(organization=meridian, decision__isnull=True).exists()
    assert set(
        Certificate.objects.filter(organization=meridian).values_list(
            "decision__decided_by__email", flat=True
        )
    ) == {demo_data.DECISION}
