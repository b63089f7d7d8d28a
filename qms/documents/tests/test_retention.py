"""Retention and disposal of records: the report, refusal before the end of retention, a
reason required, and the row, revisions and history kept."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from qms.core.audit import AuditEvent
from qms.core.errors import TransitionRefused
from qms.core.search import SearchEntry
from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.documents import events
from qms.documents.choices import DocumentStatus, DocumentType
from qms.documents.models import Document, DocumentRevision
from qms.documents.selectors.reviews import retention_report
from qms.documents.services.retention import document_dispose

from .test_reading_helpers import effective_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(organization: Any, process_owner: Any, quality_manager: Any) -> Document:
    return effective_document(
        organization=organization,
        author=process_owner,
        approver=quality_manager,
        title="Calibration certificates 2019",
        document_type=DocumentType.RECORD,
        retention_months=60,
    )


def _retain_until(document: Document, days_from_today: int) -> Document:
    with allow_unaudited_writes():
        Document.objects.filter(organization_id=document.organization_id, pk=document.pk).update(
            retain_until=timezone.localdate() + timedelta(days=days_from_today)
        )
    return Document.objects.for_organization(document.organization_id).get(pk=document.pk)


def test_approval_sets_retain_until(record: Document) -> None:
    assert record.retain_until is not None
    assert record.retain_until > timezone.localdate()


def test_disposal_is_refused_before_retain_until(record: Document, quality_manager: Any) -> None:
    with pytest.raises(TransitionRefused) as refused:
        document_dispose(actor=quality_manager, document=record, reason="Tidy up")
    assert "must be kept until" in str(refused.value)
    record.refresh_from_db()
    assert record.status == DocumentStatus.ACTIVE


def test_a_reason_is_required(record: Document, quality_manager: Any) -> None:
    record = _retain_until(record, -1)
    with pytest.raises(TransitionRefused):
        document_dispose(actor=quality_manager, document=record, reason="  ")


def test_disposal_keeps_the_row_and_its_revisions(
    record: Document, organization: Any, quality_manager: Any
) -> None:
    record = _retain_until(record, -1)
    entries = SearchEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Document), object_id=record.pk
    )
    assert entries.exists()
    disposed = document_dispose(
        actor=quality_manager, document=record, reason="Retention ended; shredded."
    )
    assert disposed.status == DocumentStatus.DISPOSED
    assert disposed.disposed_on == timezone.localdate()
    assert Document.objects.for_organization(organization).filter(pk=record.pk).exists()
    assert DocumentRevision.objects.for_organization(organization).filter(document=record).exists()
    event = AuditEvent.objects.filter(event_type=events.DOCUMENT_DISPOSED.name).get()
    assert event.data["reason"] == "Retention ended; shredded."
    assert not entries.exists()  # out of search


def test_the_report_lists_past_and_soon(
    record: Document, organization: Any, process_owner: Any, quality_manager: Any
) -> None:
    soon = effective_document(
        organization=organization,
        author=process_owner,
        approver=quality_manager,
        title="Training records 2021",
        document_type=DocumentType.RECORD,
        retention_months=60,
    )
    record = _retain_until(record, -1)
    soon = _retain_until(soon, 30)
    report = retention_report(user=quality_manager, organization=organization)
    assert [row.pk for row in report.past] == [record.pk]
    assert [row.pk for row in report.soon] == [soon.pk]


def test_the_pages(record: Document, quality_manager: Any, employee: Any, client_for: Any) -> None:
    record = _retain_until(record, -1)
    client = client_for(quality_manager)
    page = client.get(reverse("documents:retention"))
    assert page.status_code == 200
    assert record.number in page.content.decode()
    url = reverse("documents:document_dispose", args=[record.pk])
    assert client_for(employee).get(url).status_code == 403
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 400
    done = client.post(url, {"reason": "Retention period ended."})
    assert done.status_code == 302
    record.refresh_from_db()
    assert record.status == DocumentStatus.DISPOSED
    again = client.post(url, {"reason": "Twice"})
    assert again.status_code == 409
