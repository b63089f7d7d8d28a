"""Periodic review: due states, "no change" without a new revision, "revision needed", the
pages and the reminder rules delivered once by `qms remind`."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from qms.core.dates import add_months
from qms.core.notifications import Notification
from qms.core.reminders import ReminderDelivery
from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.documents.choices import RevisionStatus
from qms.documents.models import Document, DocumentReview, DocumentRevision
from qms.documents.rules import review_state
from qms.documents.services.reading import distribution_add
from qms.documents.services.reviews import document_review_record

from .test_reading_helpers import effective_document

pytestmark = pytest.mark.django_db


def test_review_states() -> None:
    today = date(2026, 11, 27)
    assert review_state(None, today=today) == ""
    assert review_state(date(2026, 11, 26), today=today) == "overdue"
    assert review_state(date(2026, 12, 20), today=today) == "due"
    assert review_state(date(2027, 3, 1), today=today) == "ok"


@pytest.fixture
def document(organization: Any, process_owner: Any, quality_manager: Any) -> Document:
    return effective_document(
        organization=organization,
        author=process_owner,
        approver=quality_manager,
        review_interval_months=12,
    )


def _overdue(document: Document, days: int = 3) -> Document:
    with allow_unaudited_writes():
        Document.objects.filter(organization_id=document.organization_id, pk=document.pk).update(
            next_review_on=timezone.localdate() - timedelta(days=days)
        )
    return Document.objects.for_organization(document.organization_id).get(pk=document.pk)


def test_no_change_moves_the_date_without_a_new_revision(
    document: Document, process_owner: Any
) -> None:
    document = _overdue(document)
    today = timezone.localdate()
    result = document_review_record(
        actor=process_owner, document=document, data={"outcome": "no_change", "notes": "Fine."}
    )
    assert result.new_revision is None
    assert result.document.last_reviewed_on == today
    assert result.document.next_review_on == add_months(today, 12)
    assert DocumentRevision.objects.filter(document=document).count() == 1
    assert DocumentReview.objects.filter(document=document, outcome="no_change").count() == 1


def test_revision_needed_starts_a_draft_or_names_the_open_one(
    document: Document, process_owner: Any
) -> None:
    result = document_review_record(
        actor=process_owner,
        document=document,
        data={"outcome": "revision_needed", "notes": "Scope changed."},
    )
    assert result.new_revision is not None
    assert result.new_revision.status == RevisionStatus.DRAFT
    assert "Scope changed." in result.new_revision.change_summary
    again = document_review_record(
        actor=process_owner,
        document=document,
        data={"outcome": "revision_needed", "notes": "Still."},
    )
    assert again.new_revision is None
    assert again.open_revision is not None
    assert again.open_revision.pk == result.new_revision.pk


def test_bad_input_and_roles_are_refused(
    document: Document, employee: Any, process_owner: Any
) -> None:
    with pytest.raises(PermissionDenied):
        document_review_record(actor=employee, document=document, data={"outcome": "no_change"})
    with pytest.raises(ValidationError):
        document_review_record(actor=process_owner, document=document, data={"outcome": "maybe"})
    with pytest.raises(ValidationError):
        document_review_record(
            actor=process_owner, document=document, data={"outcome": "revision_needed"}
        )
    future = timezone.localdate() + timedelta(days=2)
    with pytest.raises(ValidationError):
        document_review_record(
            actor=process_owner,
            document=document,
            data={"outcome": "no_change", "reviewed_on": future},
        )


def test_the_review_pages(document: Document, process_owner: Any, client_for: Any) -> None:
    document = _overdue(document)
    client = client_for(process_owner)
    due = client.get(reverse("documents:review_due"))
    assert due.status_code == 200
    assert document.number in due.content.decode()
    url = reverse("documents:document_review", args=[document.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"outcome": "no_change"})
    assert bad.status_code == 400
    done = client.post(
        url, {"outcome": "no_change", "reviewed_on": timezone.localdate().isoformat()}
    )
    assert done.status_code == 302
    document.refresh_from_db()
    assert document.last_reviewed_on == timezone.localdate()


def _remind(day: date) -> None:
    call_command("remind", "--date", day.isoformat(), stdout=open("/dev/null", "w"))


def test_the_reminder_rules_are_delivered_once(
    document: Document, organization: Any, process_owner: Any, quality_manager: Any, employee: Any
) -> None:
    document = _overdue(document)
    distribution_add(
        actor=quality_manager, document=document, data={"kind": "user", "user": employee}
    )
    today = timezone.localdate()
    later = today + timedelta(days=13)  # the acknowledgement (due in 14 days) is within 3 days
    _remind(later)
    _remind(later)
    review = ReminderDelivery.objects.filter(rule="documents.review_due")
    ack = ReminderDelivery.objects.filter(rule="documents.acknowledgement_due")
    assert [(row.key, row.recipient_id) for row in review] == [
        (f"document:{document.pk}:review:{document.next_review_on}", process_owner.pk)
    ]
    assert ack.count() == 1
    assert ack.get().recipient_id == employee.pk
    assert Notification.objects.filter(kind="documents.review_due").count() == 1
    assert Notification.objects.filter(kind="documents.acknowledgement_due").count() == 1
