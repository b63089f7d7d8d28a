"""Services of the client portal: granting and revoking access, the client's responses
and the auditor's review steps (accept, return, verify), with what a refused step leaves
(nothing written, no event)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qms.certification.models import FindingResponse, PortalAccess
from qms.certification.portal import services
from qms.certification.tests.factories import ClientContactFactory
from qms.core.attachments.selectors import attachments_for
from qms.core.audit import AuditEvent
from qms.core.errors import TransitionRefused
from qms.core.notifications import Notification

from .factories_portal import PortalWorld, build_portal_world

pytestmark = pytest.mark.django_db

ANSWER = {
    "correction": "Gauge G-12 calibrated on 3 March.",
    "root_cause": "The calibration plan did not list gauges bought after 2024.",
    "corrective_action": "New gauges are added to the plan on receipt; checked monthly.",
}


@pytest.fixture
def pw(organization: Any) -> PortalWorld:
    return build_portal_world(organization)


def _events(obj: Any) -> list[str]:
    return list(AuditEvent.objects.for_subject(obj).values_list("event_type", flat=True))


def test_granting_access_creates_the_account_and_mails_a_set_password_link_after_commit(
    pw: PortalWorld, django_capture_on_commit_callbacks: Any
) -> None:
    contact = ClientContactFactory(
        organization=pw.world.organization, client=pw.world.client, email="New@Gauges.test"
    )
    with django_capture_on_commit_callbacks(execute=True):
        access = services.portal_access_grant(
            actor=pw.world.manager, client=pw.world.client, contact=contact
        )
    assert access.user.email == "new@gauges.test"
    assert not access.user.has_usable_password()
    assert access.status == "active" and access.granted_by == pw.world.manager
    assert "certification.portal_access_granted" in _events(access)
    assert len(mail.outbox) == 1
    assert "/accounts/" in mail.outbox[0].body and "new@gauges.test" in mail.outbox[0].to


def test_an_active_access_is_not_granted_twice(pw: PortalWorld) -> None:
    with pytest.raises(ValidationError) as error:
        services.portal_access_grant(
            actor=pw.world.manager, client=pw.world.client, contact=pw.contact
        )
    assert "email" in error.value.message_dict
    assert PortalAccess.objects.filter(client=pw.world.client).count() == 1


def test_a_member_of_the_body_is_not_made_a_portal_user(pw: PortalWorld) -> None:
    contact = ClientContactFactory(
        organization=pw.world.organization, client=pw.world.client, email=pw.world.lead.email
    )
    with pytest.raises(ValidationError):
        services.portal_access_grant(
            actor=pw.world.manager, client=pw.world.client, contact=contact
        )


def test_revoking_needs_a_reason_and_granting_again_restores_the_access(pw: PortalWorld) -> None:
    with pytest.raises(TransitionRefused):
        services.portal_access_revoke(actor=pw.world.manager, access=pw.access, reason="")
    revoked = services.portal_access_revoke(
        actor=pw.world.manager, access=pw.access, reason="Left the company."
    )
    assert revoked.status == "revoked"
    restored = services.portal_access_grant(
        actor=pw.world.manager, client=pw.world.client, contact=pw.contact
    )
    assert restored.pk == pw.access.pk and restored.status == "active"
    assert "certification.portal_access_restored" in _events(restored)


def test_the_client_submits_a_response_with_evidence_and_the_lead_auditor_is_told(
    pw: PortalWorld,
) -> None:
    upload = SimpleUploadedFile("calibration.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    response = services.response_submit(
        actor=pw.portal_user, finding=pw.major, data=ANSWER, files=[upload]
    )
    pw.major.refresh_from_db()
    assert pw.major.status == "submitted"
    assert response.round == 1 and response.review == "pending"
    assert [a.name for a in attachments_for(subject=response)] == ["calibration.pdf"]
    assert "certification.finding_response_submitted" in _events(pw.major)
    assert Notification.objects.filter(
        recipient=pw.world.lead, kind="certification.finding_response_submitted"
    ).exists()


def test_a_response_missing_a_field_writes_nothing(pw: PortalWorld) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.response_submit(
            actor=pw.portal_user, finding=pw.major, data={**ANSWER, "root_cause": " "}
        )
    assert set(error.value.message_dict) == {"root_cause"}
    pw.major.refresh_from_db()
    assert pw.major.status == "open"
    assert not FindingResponse.objects.exists()
    assert AuditEvent.objects.count() == before


def test_another_clients_portal_user_or_a_revoked_one_cannot_respond(pw: PortalWorld) -> None:
    with pytest.raises(PermissionDenied):
        services.response_submit(actor=pw.portal_user, finding=pw.other_finding, data=ANSWER)
    services.portal_access_revoke(actor=pw.world.manager, access=pw.access, reason="Left.")
    with pytest.raises(PermissionDenied):
        services.response_submit(actor=pw.portal_user, finding=pw.major, data=ANSWER)
    assert not FindingResponse.objects.exists()


def test_a_submitted_finding_is_not_answered_again(pw: PortalWorld) -> None:
    services.response_submit(actor=pw.portal_user, finding=pw.major, data=ANSWER)
    before = AuditEvent.objects.count()
    with pytest.raises(TransitionRefused):
        services.response_submit(actor=pw.portal_user, finding=pw.major, data=ANSWER)
    assert FindingResponse.objects.count() == 1
    assert AuditEvent.objects.count() == before


def test_returning_needs_a_comment_then_the_client_answers_a_second_round(
    pw: PortalWorld,
) -> None:
    response = services.response_submit(actor=pw.portal_user, finding=pw.minor, data=ANSWER)
    with pytest.raises(ValidationError):
        services.response_return(actor=pw.world.lead, response=response, comment=" ")
    returned = services.response_return(
        actor=pw.world.lead, response=response, comment="Give dates for the plan."
    )
    assert returned.review == "returned" and returned.review_comment == "Give dates for the plan."
    pw.minor.refresh_from_db()
    assert pw.minor.status == "open"
    assert Notification.objects.filter(
        recipient=pw.portal_user, kind="certification.finding_response_returned"
    ).exists()
    second = services.response_submit(actor=pw.portal_user, finding=pw.minor, data=ANSWER)
    assert second.round == 2


def test_an_auditor_off_the_team_cannot_review_and_nothing_changes(pw: PortalWorld) -> None:
    response = services.response_submit(actor=pw.portal_user, finding=pw.minor, data=ANSWER)
    before = AuditEvent.objects.count()
    with pytest.raises(TransitionRefused) as error:
        services.response_accept(actor=pw.world.unqualified, response=response)
    assert "team" in str(error.value)
    response.refresh_from_db()
    assert response.review == "pending"
    assert AuditEvent.objects.count() == before


def test_a_minor_ends_at_accepted_and_is_not_verified(pw: PortalWorld) -> None:
    response = services.response_submit(actor=pw.portal_user, finding=pw.minor, data=ANSWER)
    services.response_accept(actor=pw.world.manager, response=response, comment="Plan accepted.")
    pw.minor.refresh_from_db()
    assert pw.minor.status == "accepted"
    with pytest.raises(TransitionRefused):
        services.finding_verify(
            actor=pw.world.lead, finding=pw.minor, method="document_review", notes="Seen."
        )
    pw.minor.refresh_from_db()
    assert pw.minor.status == "accepted" and pw.minor.verified_on is None


def test_a_major_is_verified_after_acceptance_with_method_and_notes(pw: PortalWorld) -> None:
    response = services.response_submit(actor=pw.portal_user, finding=pw.major, data=ANSWER)
    with pytest.raises(TransitionRefused):  # not accepted yet
        services.finding_verify(
            actor=pw.world.lead, finding=pw.major, method="document_review", notes="Seen."
        )
    services.response_accept(actor=pw.world.lead, response=response)
    with pytest.raises(ValidationError) as error:
        services.finding_verify(actor=pw.world.lead, finding=pw.major, method="phone", notes="")
    assert set(error.value.message_dict) == {"method", "notes"}
    verified = services.finding_verify(
        actor=pw.world.lead, finding=pw.major, method="follow_up", notes="Records seen on site."
    )
    assert verified.status == "verified" and verified.verification_method == "follow_up"
    assert verified.verified_on is not None
    assert "certification.finding_verified" in _events(verified)
