"""Guards of the documents' workflows: no writes, no side effects.

Each takes keyword-only `obj` and `actor` and returns None when the step may happen, or the
reason in words. Unlike the organizations' guards, some read the record's own relations
(its reviewers' signatures, its approvers, its organization's settings): separation of
duties cannot be judged from the row alone. They never read another record's data.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from .choices import ContentFormat, DocumentStatus, DocumentType, RevisionStatus

if TYPE_CHECKING:
    from .models import Document, DocumentRevision

# Within this many days of its due date a document is "due" for periodic review.
REVIEW_DUE_DAYS = 30


def review_state(next_review_on: date | None, *, today: date | None = None) -> str:
    """ "overdue" (past), "due" (within `REVIEW_DUE_DAYS`), "ok" or "" (no periodic review).

    The one definition of the periodic-review states: the register's badges and filter, the
    review pages and the reminders all read it."""
    from django.utils import timezone

    if next_review_on is None:
        return ""
    today = today or timezone.localdate()
    if next_review_on < today:
        return "overdue"
    if (next_review_on - today).days <= REVIEW_DUE_DAYS:
        return "due"
    return "ok"


def has_content(*, obj: DocumentRevision, actor: Any) -> str | None:
    """A revision goes to review with something to review."""
    if obj.content_format == ContentFormat.FILE and obj.file_id is None:
        return "The revision has no file: upload its file before sending it for review."
    if obj.content_format == ContentFormat.MARKDOWN and not obj.body.strip():
        return "The revision has no text: write its content before sending it for review."
    return None


def has_change_summary(*, obj: DocumentRevision, actor: Any) -> str | None:
    """Every revision after the first says what changed (§7.5.2 review and approval)."""
    if obj.number > 1 and not obj.change_summary.strip():
        return "Say what changed in this revision (change summary) before sending it for review."
    return None


def has_approver(*, obj: DocumentRevision, actor: Any) -> str | None:
    if not obj.approvers.exists():
        return "Assign at least one approver before sending the revision for review."
    return None


def document_is_active(*, obj: DocumentRevision, actor: Any) -> str | None:
    if obj.document.status != DocumentStatus.ACTIVE:
        state = obj.document.get_status_display().lower()
        return f"The document is {state}: it takes no new revision."
    return None


def actor_is_approver(*, obj: DocumentRevision, actor: Any) -> str | None:
    if not obj.approvers.filter(pk=getattr(actor, "pk", None)).exists():
        return "Only an approver assigned to this revision can approve it."
    return None


def not_self_approval(*, obj: DocumentRevision, actor: Any) -> str | None:
    """The author cannot approve their own change, unless the organization (a one-person
    organization, typically) has switched separation of duties off in its settings."""
    if obj.author_id == getattr(actor, "pk", None) and not obj.organization.allow_self_approval:
        return (
            "You wrote this revision, so you cannot approve it: another approver must "
            "(a one-person organization can allow self-approval in its settings)."
        )
    return None


def reviewers_signed(*, obj: DocumentRevision, actor: Any) -> str | None:
    """Every assigned reviewer has signed "reviewed" on the content as it is now."""
    from qms.core.signatures import Meaning, SignatureStatus, signatures_of

    signed = {
        signature.signer_id
        for signature, status in signatures_of(subject=obj)
        if signature.meaning == Meaning.REVIEWED and status == SignatureStatus.VALID
    }
    missing = [user for user in obj.reviewers.all() if user.pk not in signed]
    if missing:
        names = ", ".join(sorted(str(user) for user in missing))
        return f"Waiting for the review signature of {names}."
    return None


def newer_revision_effective(*, obj: DocumentRevision, actor: Any) -> str | None:
    """A revision is superseded only by approving a newer one (never by hand)."""
    newer = obj.document.current_revision_id
    if newer is None or newer == obj.pk:
        return "A revision is superseded when a newer revision of the document is approved."
    return None


def document_made_obsolete(*, obj: DocumentRevision, actor: Any) -> str | None:
    if obj.document.status == DocumentStatus.ACTIVE:
        return "Make the document obsolete to withdraw its effective revision."
    return None


def retention_passed(*, obj: Document, actor: Any) -> str | None:
    """Records are disposed of only after their retention period."""
    from django.utils import timezone

    if obj.document_type != DocumentType.RECORD:
        return "Only records are disposed of; make other documents obsolete instead."
    if obj.retain_until is None:
        return "The record has no retention period or is not yet effective."
    if obj.retain_until > timezone.localdate():
        return f"The record must be kept until {obj.retain_until:%d %b %Y}."
    return None


def is_revision_in_review(*, obj: DocumentRevision, actor: Any) -> str | None:
    if obj.status != RevisionStatus.IN_REVIEW:
        return "Only a revision in review is signed by its reviewers."
    return None
