"""Revisions: starting one, editing its content, attaching its file, reviewers' signatures,
and the effects of the revision workflow's steps (qms.documents.workflows).

A revision's content is edited only while it is a draft. Its `content_sha256` is the hash of
what is controlled: the SHA-256 of the Markdown text, or of the uploaded file. Review and
approval signatures cover that content (`DocumentRevision.signature_fields`), so any change
after signing shows the signature as broken.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from qms.accounts.models import Membership
from qms.core.attachments import attachment_add, validate_upload
from qms.core.attachments.validation import UploadRefused
from qms.core.dates import add_months
from qms.core.errors import Conflict, TransitionRefused
from qms.core.notifications import notify
from qms.core.services import lock_for_change, model_create, model_update
from qms.core.signatures import Meaning, Signature, SignatureStatus, signature_sign, signatures_of
from qms.core.workflow import model_transition

from .. import events, rules
from ..choices import ContentFormat, DocumentStatus, DocumentType, RevisionStatus
from ..models import Document, DocumentRevision
from ..specs import REVISION
from .documents import body_sha256, document_reindex

if TYPE_CHECKING:
    from qms.accounts.models import User

# Types a revision's file may have (PDF, Word, Excel, images): keys of core.attachments.KINDS.
REVISION_FILE_KINDS = frozenset({"pdf", "docx", "xlsx", "png", "jpeg", "gif", "webp"})
OPEN_STATES = (RevisionStatus.DRAFT, RevisionStatus.IN_REVIEW)


def _people(revision: DocumentRevision, field: str) -> list[Any]:
    return list(getattr(revision, field).all())


def _check_members(organization_id: int, data: Mapping[str, Any]) -> None:
    """Reviewers and approvers are members of the revision's organization."""
    for name in ("reviewers", "approvers"):
        people = data.get(name)
        if people is None:
            continue
        ids = {getattr(person, "pk", person) for person in people}
        members = set(
            Membership.objects.for_organization(organization_id)
            .filter(user_id__in=ids)
            .values_list("user_id", flat=True)
        )
        if ids - members:
            raise ValidationError({name: "Choose members of your organization."})


def content_sha256(*, content_format: str, body: str, file: Any) -> str:
    """The hash of what a revision controls: its file's SHA-256, or its text's."""
    if content_format == ContentFormat.FILE:
        return str(file.sha256) if file is not None else ""
    return body_sha256(body) if body else ""


@transaction.atomic
def revision_create(
    *, actor: User, document: Document, data: Mapping[str, Any] | None = None
) -> DocumentRevision:
    """Start the next revision of `document` as a draft, copying the content (text or file),
    reviewers and approvers of its effective revision (or of its latest one).

    Refused while another revision is still a draft or in review, and for a document that is
    no longer active. `data` may set the spec's fields (change summary, body, reviewers…).
    """
    locked = lock_for_change(document, version=None)  # one new revision at a time
    if locked.status != DocumentStatus.ACTIVE:
        raise Conflict(
            f"The document is {locked.get_status_display().lower()}: it takes no new revision."
        )
    revisions = DocumentRevision.objects.for_organization(locked.organization_id).filter(
        document=locked
    )
    open_revision = revisions.filter(status__in=OPEN_STATES).order_by("-number").first()
    if open_revision is not None:
        state = open_revision.get_status_display().lower()
        raise Conflict(
            f"Revision {open_revision.number} is still {state}: finish it (or have it sent "
            "back and edit it) before starting another one."
        )
    base = (
        revisions.filter(pk=locked.current_revision_id).first()
        if locked.current_revision_id
        else revisions.order_by("-number").first()
    )
    values: dict[str, Any] = {
        "content_format": base.content_format if base else ContentFormat.MARKDOWN,
        "body": base.body if base else "",
        "reviewers": _people(base, "reviewers") if base else [],
        "approvers": _people(base, "approvers") if base else [],
        **dict(data or {}),
    }
    _check_members(locked.organization_id, values)
    number = (revisions.aggregate(top=Max("number"))["top"] or 0) + 1
    file = base.file if base is not None and values["content_format"] == "file" else None
    return model_create(
        actor=actor,
        model=DocumentRevision,
        organization=locked.organization,
        data={
            **values,
            "document": locked,
            "number": number,
            "author": actor,
            "file": file,
            "content_sha256": content_sha256(
                content_format=values["content_format"], body=values["body"], file=file
            ),
        },
        fields=(*REVISION.fields, "document", "number", "author", "file", "content_sha256"),
        event_type=events.REVISION_CREATED,
    )


def _require_draft(revision: DocumentRevision) -> None:
    if revision.status != RevisionStatus.DRAFT:
        raise Conflict(
            f"Only a draft revision can be edited; this one is "
            f"{revision.get_status_display().lower()}. Nothing was changed."
        )


@transaction.atomic
def revision_update(
    *,
    actor: User,
    instance: DocumentRevision,
    data: Mapping[str, Any],
    version: int | None = None,
) -> DocumentRevision:
    """Edit a draft revision (text, change summary, format, reviewers, approvers); the
    content hash follows the content. A revision in review or later is refused (409)."""
    locked = lock_for_change(instance, version=version)
    _require_draft(locked)
    values = dict(data)
    _check_members(locked.organization_id, values)
    values["content_sha256"] = content_sha256(
        content_format=values.get("content_format", locked.content_format),
        body=values.get("body", locked.body),
        file=locked.file,
    )
    revision, changed = model_update(
        actor=actor,
        instance=locked,
        data=values,
        fields=(*REVISION.fields, "content_sha256"),
        event_type=events.REVISION_UPDATED,
        version=version,
    )
    if changed and revision.document.current_revision_id is None:
        document_reindex(document=revision.document, revision=revision)
    return revision


@transaction.atomic
def revision_attach_file(
    *, actor: User, revision: DocumentRevision, upload: Any
) -> DocumentRevision:
    """Make an uploaded file (PDF, DOCX, XLSX or an image) the draft revision's content.

    The file is checked and stored through core attachments (content sniffed, size limit,
    SHA-256); a refused file is a ValidationError on `file` and nothing is stored.
    """
    locked = lock_for_change(revision, version=None)
    _require_draft(locked)
    try:
        checked = validate_upload(upload)
    except UploadRefused as refused:
        raise ValidationError({"file": refused.message}) from None
    if checked.kind.key not in REVISION_FILE_KINDS:
        raise ValidationError(
            {
                "file": f"{checked.name} is {checked.kind.label}: a revision's file must be a PDF, "
                "Word (DOCX) or Excel (XLSX) document, or an image."
            }
        )
    attachment = attachment_add(actor=actor, subject=locked, upload=upload)
    stored, _changed = model_update(
        actor=actor,
        instance=locked,
        data={
            "file": attachment,
            "content_format": ContentFormat.FILE,
            "content_sha256": attachment.sha256,
        },
        fields=("file", "content_format", "content_sha256"),
        event_type=events.REVISION_UPDATED,
    )
    return stored


def revision_sign_review(*, actor: User, revision: DocumentRevision, password: str) -> Signature:
    """An assigned reviewer signs "reviewed" on the revision's content (password re-entered).

    Not one transaction of its own on purpose: the password is checked before the signature
    is written, so a wrong password is logged and survives the refusal (core.signatures).
    Refused (TransitionRefused, 409): not in review, not an assigned reviewer, already signed
    this content, or a wrong password; nothing about the revision changes.
    """
    current = DocumentRevision.objects.for_organization(revision.organization_id).get(
        pk=revision.pk
    )
    problem = rules.is_revision_in_review(obj=current, actor=actor)
    if problem:
        raise TransitionRefused(problem)
    if not current.reviewers.filter(pk=actor.pk).exists():
        raise TransitionRefused("Only a reviewer assigned to this revision can sign its review.")
    for signature, status in signatures_of(subject=current):
        if (
            signature.signer_id == actor.pk
            and signature.meaning == Meaning.REVIEWED
            and status == SignatureStatus.VALID
        ):
            raise TransitionRefused("You have already signed the review of this content.")
    signature = signature_sign(
        signer=actor, obj=current, meaning=Meaning.REVIEWED, password=password or ""
    )
    if rules.reviewers_signed(obj=current, actor=actor) is None:
        with transaction.atomic():
            notify(
                recipients=_people(current, "approvers"),
                organization=current.organization,
                kind="document.approval_requested",
                title=f"{current}: reviewed, ready for your approval",
                url=current.get_absolute_url(),
            )
    return signature


# --- Effects of the workflow's steps ------------------------------------------------------


def _set(actor: Any, revision: DocumentRevision, **values: Any) -> DocumentRevision:
    stored, _changed = model_update(
        actor=actor,
        instance=revision,
        data=values,
        fields=tuple(values),
        event_type=events.REVISION_UPDATED,
    )
    return stored


def revision_submitted_effect(
    *, obj: DocumentRevision, actor: Any, reason: str, signature: Any
) -> None:
    """Sent for review: the time is kept, reviewers are asked to review and approvers told."""
    revision = _set(actor, obj, submitted_at=timezone.now())
    url = revision.get_absolute_url()
    notify(
        recipients=_people(revision, "reviewers"),
        organization=revision.organization,
        kind="document.review_requested",
        title=f"{revision}: please review",
        body=revision.change_summary,
        url=url,
    )
    notify(
        recipients=_people(revision, "approvers"),
        organization=revision.organization,
        kind="document.approval_requested",
        title=f"{revision}: sent for review, then for your approval",
        body=revision.change_summary,
        url=url,
    )


def revision_changes_requested_effect(
    *, obj: DocumentRevision, actor: Any, reason: str, signature: Any
) -> None:
    """Sent back to draft: the author learns why."""
    notify(
        recipients=[obj.author],
        organization=obj.organization,
        kind="document.changes_requested",
        title=f"{obj}: changes requested",
        body=reason,
        url=obj.get_absolute_url(),
    )


def revision_approved_effect(
    *, obj: DocumentRevision, actor: Any, reason: str, signature: Any
) -> None:
    """Approved: the revision becomes the document's effective one.

    In order: the document points at it (with its retention and next review dates), the
    previous effective revision is superseded (its own workflow step), the approval is
    recorded on the revision (which only then counts in the one-effective constraint), the
    index is refreshed, readers are asked to acknowledge (docread) and the author is told.
    """
    today = timezone.localdate()
    document = lock_for_change(obj.document, version=None)
    previous = (
        DocumentRevision.objects.for_organization(obj.organization_id)
        .filter(document=document, status=RevisionStatus.EFFECTIVE)
        .exclude(pk=obj.pk)
        .first()
    )
    changes: dict[str, Any] = {"current_revision": obj}
    if document.review_interval_months:
        changes["next_review_on"] = add_months(today, document.review_interval_months)
    if document.document_type == DocumentType.RECORD and document.retention_months:
        changes["retain_until"] = add_months(today, document.retention_months)
    document, _changed = model_update(
        actor=actor,
        instance=document,
        data=changes,
        fields=tuple(changes),
        event_type=events.DOCUMENT_UPDATED,
    )
    if previous is not None:
        model_transition(actor=actor, instance=previous, transition="supersede")
    revision = _set(actor, obj, approved_by=actor, approved_at=timezone.now(), effective_on=today)
    document_reindex(document=document, revision=revision)
    _request_acknowledgements(actor=actor, revision=revision)
    if revision.author_id != getattr(actor, "pk", None):
        notify(
            recipients=[revision.author],
            organization=revision.organization,
            kind="document.revision_approved",
            title=f"{revision}: approved, effective from {today:%d %b %Y}",
            url=revision.get_absolute_url(),
        )


def _request_acknowledgements(*, actor: Any, revision: DocumentRevision) -> None:
    """Ask the document's readers to acknowledge the new revision (imported here: the reading
    services import the revision services)."""
    from .reading import acknowledgements_request

    acknowledgements_request(actor=actor, revision=revision)


def revision_superseded_effect(
    *, obj: DocumentRevision, actor: Any, reason: str, signature: Any
) -> None:
    _set(actor, obj, superseded_on=timezone.localdate())


def revision_withdrawn_effect(
    *, obj: DocumentRevision, actor: Any, reason: str, signature: Any
) -> None:
    """Withdrawn with its document: the document no longer points at an effective revision."""
    document = lock_for_change(obj.document, version=None)
    if document.current_revision_id == obj.pk:
        model_update(
            actor=actor,
            instance=document,
            data={"current_revision": None},
            fields=("current_revision",),
            event_type=events.DOCUMENT_UPDATED,
        )
