"""The revision workflow end to end through the services: write, send for review, the
reviewer signs, the approver signs, the revision becomes effective and supersedes the
previous one; and every refusal (self-approval, wrong password, not an approver, editing in
review) changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from qms.accounts.tests.factories import PASSWORD
from qms.core.audit import AuditEvent
from qms.core.dates import add_months
from qms.core.errors import Conflict, TransitionRefused
from qms.core.signatures import Meaning, Signature, SignatureStatus, signatures_of
from qms.core.workflow import model_transition
from qms.documents.choices import RevisionStatus
from qms.documents.models import Document, DocumentRevision
from qms.documents.services.documents import document_create
from qms.documents.services.revisions import (
    revision_create,
    revision_sign_review,
    revision_update,
)
from qms.organizations.services import organization_update

pytestmark = pytest.mark.django_db


def fresh(revision: DocumentRevision) -> DocumentRevision:
    return DocumentRevision.objects.for_organization(revision.organization_id).get(pk=revision.pk)


def fresh_document(document: Document) -> Document:
    return Document.objects.for_organization(document.organization_id).get(pk=document.pk)


def first_revision(document: Document) -> DocumentRevision:
    return DocumentRevision.objects.for_organization(document.organization_id).get(
        document=document, number=1
    )


def snapshot(revision: DocumentRevision) -> tuple[Any, ...]:
    row = fresh(revision)
    return (
        row.status,
        row.version,
        row.body,
        AuditEvent.objects.for_subject(row).filter(event_type__startswith="document.").count(),
        Signature.objects.for_organization(row.organization_id).count(),
    )


@pytest.fixture
def document(organization: Any, quality_manager: Any) -> Document:
    return document_create(
        actor=quality_manager,
        organization=organization,
        data={
            "title": "Control of documented information",
            "document_type": "procedure",
            "owner": quality_manager,
            "review_interval_months": 12,
            "body": "# Purpose\n\nHow documents are controlled.",
        },
    )


def prepared(
    revision: DocumentRevision, author: Any, reviewer: Any, approver: Any
) -> DocumentRevision:
    return revision_update(
        actor=author,
        instance=revision,
        data={"reviewers": [reviewer], "approvers": [approver]},
    )


def to_review(
    revision: DocumentRevision, author: Any, reviewer: Any, approver: Any
) -> DocumentRevision:
    prepared(revision, author, reviewer, approver)
    return model_transition(actor=author, instance=fresh(revision), transition="submit")


def approve_fully(
    revision: DocumentRevision, author: Any, reviewer: Any, approver: Any
) -> DocumentRevision:
    to_review(revision, author, reviewer, approver)
    revision_sign_review(actor=reviewer, revision=fresh(revision), password=PASSWORD)
    return model_transition(
        actor=approver, instance=fresh(revision), transition="approve", password=PASSWORD
    )


def test_a_new_document_gets_a_number_and_a_draft_revision_1(
    document: Document, quality_manager: Any
) -> None:
    assert document.number == "QP-001"
    revision = first_revision(document)
    assert revision.status == RevisionStatus.DRAFT
    assert revision.author == quality_manager
    assert len(revision.content_sha256) == 64
    assert document.current_revision is None


def test_write_review_approve_then_revise_supersedes_the_previous_revision(
    document: Document, quality_manager: Any, employee: Any, owner: Any
) -> None:
    # given revision 1 approved through review and approval signatures
    rev1 = approve_fully(first_revision(document), quality_manager, employee, owner)
    # then it is effective and the document points at it
    rev1 = fresh(rev1)
    today = timezone.localdate()
    assert rev1.status == RevisionStatus.EFFECTIVE
    assert rev1.approved_by == owner
    assert rev1.effective_on == today
    doc = fresh_document(document)
    assert doc.current_revision_id == rev1.pk
    assert doc.next_review_on == add_months(today, 12)
    meanings = {s.meaning: status for s, status in signatures_of(subject=rev1)}
    assert meanings == {
        Meaning.REVIEWED: SignatureStatus.VALID,
        Meaning.APPROVED: SignatureStatus.VALID,
    }

    # when revision 2 is started, it copies the effective text, and goes the same way
    rev2 = revision_create(actor=quality_manager, document=doc, data={"change_summary": "Scope"})
    assert rev2.number == 2
    assert rev2.body == rev1.body
    assert set(rev2.reviewers.all()) == {employee}
    rev2 = revision_update(
        actor=quality_manager, instance=rev2, data={"body": rev1.body + "\n\nNew scope."}
    )
    approve_fully(rev2, quality_manager, employee, owner)

    # then revision 2 is effective, revision 1 superseded, and exactly one is effective
    assert fresh(rev2).status == RevisionStatus.EFFECTIVE
    rev1 = fresh(rev1)
    assert rev1.status == RevisionStatus.SUPERSEDED
    assert rev1.superseded_on == today
    assert fresh_document(document).current_revision_id == rev2.pk
    effective = DocumentRevision.objects.for_organization(document.organization_id).filter(
        document=document, status=RevisionStatus.EFFECTIVE
    )
    assert effective.count() == 1
    # and the audit trail holds each step, with the approval's signature hash
    approved = AuditEvent.objects.for_subject(rev2).filter(event_type="document.revision_approved")
    assert approved.get().data["signature_hash"]
    assert (
        AuditEvent.objects.for_subject(rev1)
        .filter(event_type="document.revision_superseded")
        .exists()
    )


def test_only_one_open_revision_at_a_time(document: Document, quality_manager: Any) -> None:
    with pytest.raises(Conflict, match="Revision 1 is still draft"):
        revision_create(actor=quality_manager, document=document)


def test_self_approval_is_refused_until_the_organization_allows_it(
    document: Document, quality_manager: Any, employee: Any, organization: Any
) -> None:
    # given the author is also the approver
    revision = first_revision(document)
    to_review(revision, quality_manager, employee, quality_manager)
    revision_sign_review(actor=employee, revision=fresh(revision), password=PASSWORD)
    before = snapshot(revision)
    # when the author approves: refused with the message, nothing changes
    with pytest.raises(TransitionRefused, match="You wrote this revision, so you cannot approve"):
        model_transition(
            actor=quality_manager, instance=fresh(revision), transition="approve", password=PASSWORD
        )
    assert snapshot(revision) == before
    # when the organization switches self-approval on (audited), the author may approve
    organization_update(
        actor=quality_manager, instance=organization, data={"allow_self_approval": True}
    )
    switch = (
        AuditEvent.objects.for_subject(organization)
        .filter(event_type="organization.updated")
        .order_by("-id")
        .first()
    )
    assert switch is not None
    assert switch.after == {"allow_self_approval": True}
    model_transition(
        actor=quality_manager, instance=fresh(revision), transition="approve", password=PASSWORD
    )
    assert fresh(revision).status == RevisionStatus.EFFECTIVE


def test_a_wrong_password_is_refused_and_changes_nothing(
    document: Document, quality_manager: Any, employee: Any, owner: Any
) -> None:
    revision = first_revision(document)
    to_review(revision, quality_manager, employee, owner)
    before = snapshot(revision)
    with pytest.raises(TransitionRefused, match="password is not correct"):
        revision_sign_review(actor=employee, revision=fresh(revision), password="wrong")
    assert snapshot(revision) == before
    revision_sign_review(actor=employee, revision=fresh(revision), password=PASSWORD)
    before = snapshot(revision)
    with pytest.raises(TransitionRefused, match="password is not correct"):
        model_transition(actor=owner, instance=fresh(revision), transition="approve", password="x")
    assert snapshot(revision) == before


def test_a_non_approver_and_a_non_reviewer_are_refused(
    document: Document,
    quality_manager: Any,
    employee: Any,
    owner: Any,
    auditor: Any,
    process_owner: Any,
) -> None:
    revision = first_revision(document)
    to_review(revision, quality_manager, employee, owner)
    with pytest.raises(TransitionRefused, match="Only a reviewer assigned"):
        revision_sign_review(actor=auditor, revision=fresh(revision), password=PASSWORD)
    revision_sign_review(actor=employee, revision=fresh(revision), password=PASSWORD)
    before = snapshot(revision)
    with pytest.raises(TransitionRefused, match="Only an approver assigned"):
        model_transition(
            actor=process_owner, instance=fresh(revision), transition="approve", password=PASSWORD
        )
    assert snapshot(revision) == before


def test_approval_waits_for_every_reviewer(
    document: Document, quality_manager: Any, employee: Any, owner: Any
) -> None:
    revision = first_revision(document)
    to_review(revision, quality_manager, employee, owner)
    with pytest.raises(TransitionRefused, match="Waiting for the review signature"):
        model_transition(
            actor=owner, instance=fresh(revision), transition="approve", password=PASSWORD
        )


def test_a_revision_in_review_cannot_be_edited(
    document: Document, quality_manager: Any, employee: Any, owner: Any
) -> None:
    revision = to_review(first_revision(document), quality_manager, employee, owner)
    before = snapshot(revision)
    with pytest.raises(Conflict, match="Only a draft revision can be edited"):
        revision_update(actor=quality_manager, instance=fresh(revision), data={"body": "Changed"})
    assert snapshot(revision) == before


def test_changes_requested_send_it_back_and_notify_the_author(
    document: Document, quality_manager: Any, employee: Any, owner: Any
) -> None:
    from qms.core.notifications import Notification

    revision = to_review(first_revision(document), quality_manager, employee, owner)
    model_transition(
        actor=owner, instance=fresh(revision), transition="request_changes", reason="Add scope."
    )
    assert fresh(revision).status == RevisionStatus.DRAFT
    note = Notification.objects.for_recipient(quality_manager).get(
        kind="document.changes_requested"
    )
    assert note.body == "Add scope."


def test_a_signature_shows_broken_when_the_content_changes(
    document: Document, quality_manager: Any, employee: Any, owner: Any
) -> None:
    revision = approve_fully(first_revision(document), quality_manager, employee, owner)
    assert all(
        status == SignatureStatus.VALID for _s, status in signatures_of(subject=fresh(revision))
    )
    # when someone edits the body directly in the database
    from qms.core.testing.audit_guard import allow_unaudited_writes

    with allow_unaudited_writes():
        DocumentRevision.objects.for_organization(revision.organization_id).filter(
            pk=revision.pk
        ).update(body="Tampered")
    # then every signature of the revision shows broken
    statuses = [status for _s, status in signatures_of(subject=fresh(revision))]
    assert statuses and all(status == SignatureStatus.BROKEN for status in statuses)


def test_making_the_document_obsolete_withdraws_its_effective_revision(
    document: Document, quality_manager: Any, employee: Any, owner: Any
) -> None:
    revision = approve_fully(first_revision(document), quality_manager, employee, owner)
    model_transition(
        actor=quality_manager,
        instance=fresh_document(document),
        transition="make_obsolete",
        reason="Replaced by QP-002.",
    )
    assert fresh(revision).status == RevisionStatus.OBSOLETE
    assert fresh_document(document).current_revision_id is None


def test_approval_asks_the_distribution_to_acknowledge_and_tells_the_author(
    document: Document, quality_manager: Any, employee: Any, owner: Any, organization: Any
) -> None:
    from qms.core.notifications import Notification
    from qms.documents.models import Acknowledgement
    from qms.documents.tests.factories import DocumentDistributionFactory

    DocumentDistributionFactory(organization=organization, document=document, role="employee")
    revision = approve_fully(first_revision(document), quality_manager, employee, owner)
    asked = Acknowledgement.objects.for_organization(organization).filter(revision=revision)
    assert list(asked.values_list("user_id", flat=True)) == [employee.pk]
    assert (
        Notification.objects.for_recipient(quality_manager)
        .filter(kind="document.revision_approved")
        .exists()
    )


def test_a_record_gets_its_retention_date_on_approval(
    organization: Any, quality_manager: Any, employee: Any, owner: Any
) -> None:
    record = document_create(
        actor=quality_manager,
        organization=organization,
        data={
            "title": "Calibration record",
            "document_type": "record",
            "owner": quality_manager,
            "retention_months": 36,
            "body": "Gauge 12: OK",
        },
    )
    approve_fully(first_revision(record), quality_manager, employee, owner)
    assert fresh_document(record).retain_until == add_months(timezone.localdate(), 36)
