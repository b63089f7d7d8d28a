"""Reads of periodic review (documents due or overdue) and retention (records past their
retention period, or soon)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from ..choices import DocumentStatus, DocumentType
from ..models import Document, DocumentReview
from ..rules import REVIEW_DUE_DAYS

RETENTION_SOON_DAYS = 90


def review_overdue_on(queryset: QuerySet[Document], day: date) -> QuerySet[Document]:
    """The active documents of `queryset` whose next periodic review date is before `day`:
    the register's "Review overdue" filter (day: today) and the indicator (day: the
    period's end). Read from the documents' current review dates."""
    return queryset.filter(status=DocumentStatus.ACTIVE, next_review_on__lt=day)


def documents_review_due(
    *, user: Any, organization: Any, today: date | None = None, within: int = REVIEW_DUE_DAYS
) -> QuerySet[Document]:
    """Active documents in force whose periodic review is overdue or due within `within`
    days, most overdue first (one query, with the owner and process)."""
    today = today or timezone.localdate()
    return (
        Document.objects.for_user(user, "view", organization=organization)
        .filter(
            status=DocumentStatus.ACTIVE,
            current_revision__isnull=False,
            next_review_on__isnull=False,
            next_review_on__lte=today + timedelta(days=within),
        )
        .select_related("owner", "process", "current_revision")
        .order_by("next_review_on", "number", "id")
    )


def reviews_of(*, document: Document, limit: int = 20) -> list[DocumentReview]:
    """The document's periodic reviews, newest first (one query)."""
    return list(
        DocumentReview.objects.filter(organization_id=document.organization_id, document=document)
        .select_related("reviewer", "revision")
        .order_by("-reviewed_on", "-id")[:limit]
    )


@dataclass(frozen=True)
class RetentionReport:
    past: list[Document]  # may be disposed of now
    soon: list[Document]  # retention ends within RETENTION_SOON_DAYS
    disposed: list[Document]  # the latest disposals, for the record


def retention_report(*, user: Any, organization: Any, today: date | None = None) -> RetentionReport:
    """Records not yet disposed of whose retention has ended or ends within 90 days, and
    the latest disposals (three queries)."""
    today = today or timezone.localdate()
    records = (
        Document.objects.for_user(user, "view", organization=organization)
        .filter(document_type=DocumentType.RECORD)
        .select_related("owner", "process")
    )
    kept = records.exclude(status=DocumentStatus.DISPOSED).filter(retain_until__isnull=False)
    return RetentionReport(
        past=list(kept.filter(retain_until__lte=today).order_by("retain_until", "number")),
        soon=list(
            kept.filter(
                retain_until__gt=today,
                retain_until__lte=today + timedelta(days=RETENTION_SOON_DAYS),
            ).order_by("retain_until", "number")
        ),
        disposed=list(
            records.filter(status=DocumentStatus.DISPOSED).order_by("-disposed_on", "-id")[:20]
        ),
    )


def documents_review_reminders(*, within: date) -> Iterator[Document]:
    """Across organizations, for the reminder rule: active documents in force whose review is
    due on or before `within`, with their owner and organization."""
    queryset = (
        Document.objects.filter(
            organization__isnull=False,
            status=DocumentStatus.ACTIVE,
            current_revision__isnull=False,
            next_review_on__lte=within,
        )
        .select_related("owner", "organization")
        .order_by("organization_id", "next_review_on", "id")
    )
    yield from queryset.iterator(chunk_size=500)
