"""Periodic review of documents (ISO 9001 §7.5.2 "review and update as necessary").

A document with a review interval is due for review on `next_review_on`. Its owner (or a
manager) records a review:

- "no change": the document is still right. Recorded without a new revision: the review is
  kept (who, when, notes), `last_reviewed_on` is set and `next_review_on` moves to the
  review date plus the interval.
- "revision needed": recorded, and a new draft revision is started (through the register's
  `revision_create`) unless one is already open, in which case the caller is told which.
  The due date moves when the new revision is approved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.accounts.models import User
from qms.core.dates import add_months
from qms.core.permissions import has_object_perm
from qms.core.services import model_create, model_update

from .. import events
from ..choices import DocumentStatus, ReviewOutcome, RevisionStatus
from ..models import Document, DocumentReview, DocumentRevision

OPEN_REVISION_STATES = (RevisionStatus.DRAFT, RevisionStatus.IN_REVIEW)


@dataclass(frozen=True)
class ReviewResult:
    review: DocumentReview
    document: Document
    new_revision: DocumentRevision | None = None  # started by this review
    open_revision: DocumentRevision | None = None  # already open: nothing was started


def open_revision_of(document: Document) -> DocumentRevision | None:
    return (
        DocumentRevision.objects.filter(
            organization_id=document.organization_id,
            document=document,
            status__in=OPEN_REVISION_STATES,
        )
        .order_by("-number")
        .first()
    )


def _clean(data: Mapping[str, Any]) -> tuple[date, str, str]:
    unknown = sorted(set(data) - {"reviewed_on", "outcome", "notes"})
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))
    outcome = data.get("outcome")
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the review.")})
    reviewed_on = data.get("reviewed_on") or timezone.localdate()
    if not isinstance(reviewed_on, date):
        raise ValidationError({"reviewed_on": _("Enter a valid date.")})
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": _("A review cannot be recorded in the future.")})
    return reviewed_on, str(outcome), str(data.get("notes") or "").strip()


@transaction.atomic
def document_review_record(
    *, actor: User, document: Document, data: Mapping[str, Any]
) -> ReviewResult:
    """Record a periodic review of `document` (`data`: outcome, reviewed_on, notes).

    Raises `PermissionDenied` for a role without "review" on the document and
    `ValidationError` for bad input or a document that is not active or has no effective
    revision to review.
    """
    if not has_object_perm(actor, document, "review", organization=document.organization_id):
        raise PermissionDenied(_("Your role does not allow you to review this document."))
    reviewed_on, outcome, notes = _clean(data)
    locked = Document.objects.filter(organization_id=document.organization_id).select_for_update()
    current = locked.get(pk=document.pk)
    if current.status != DocumentStatus.ACTIVE:
        raise ValidationError(
            _("The document is %(status)s: it is no longer reviewed.")
            % {"status": current.get_status_display().lower()}
        )
    if current.current_revision_id is None:
        raise ValidationError(_("The document has no effective revision to review yet."))
    if outcome == ReviewOutcome.REVISION_NEEDED and not notes:
        raise ValidationError({"notes": _("Say what needs to change.")})
    review = model_create(
        actor=actor,
        model=DocumentReview,
        organization=current.organization,
        data={
            "document": current,
            "revision": current.current_revision,
            "reviewed_on": reviewed_on,
            "reviewer": actor,
            "outcome": outcome,
            "notes": notes,
        },
        fields=("document", "revision", "reviewed_on", "reviewer", "outcome", "notes"),
        event_type=events.DOCUMENT_REVIEWED,
    )
    changes: dict[str, Any] = {"last_reviewed_on": reviewed_on}
    if outcome == ReviewOutcome.NO_CHANGE and current.review_interval_months:
        changes["next_review_on"] = add_months(reviewed_on, current.review_interval_months)
    updated, _changed = model_update(
        actor=actor,
        instance=current,
        data=changes,
        fields=("last_reviewed_on", "next_review_on"),
        event_type=events.DOCUMENT_REVIEWED,
    )
    if outcome == ReviewOutcome.NO_CHANGE:
        return ReviewResult(review=review, document=updated)
    already = open_revision_of(updated)
    if already is not None:
        return ReviewResult(review=review, document=updated, open_revision=already)
    return ReviewResult(
        review=review, document=updated, new_revision=_start_revision(actor, updated, notes)
    )


def _start_revision(actor: User, document: Document, notes: str) -> DocumentRevision:
    """A new draft through the register's service (helper "docreg"), seeded with the
    review's notes as its change summary."""
    from . import revisions  # the register's services; imported late (built in parallel)

    revision: DocumentRevision = revisions.revision_create(
        actor=actor,
        document=document,
        data={"change_summary": _("Periodic review: %(notes)s") % {"notes": notes}},
    )
    return revision
