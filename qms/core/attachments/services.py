"""Adding and removing attachments: checked, stored, logged, in one transaction each."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import Storage
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..audit import record_event, register_event_type
from ..errors import Conflict
from ..models import OrganizationScoped
from ..permissions import has_object_perm
from .models import Attachment, attachment_path
from .selectors import AttachmentIntegrityError
from .validation import UploadRefused, validate_upload

logger = logging.getLogger(__name__)

ATTACHMENT_ADDED = register_event_type("attachment.added", gettext_lazy("File attached"))
ATTACHMENT_REMOVED = register_event_type("attachment.removed", gettext_lazy("Attachment removed"))
ATTACHMENT_INTEGRITY_FAILED = register_event_type(
    "attachment.integrity_failed",
    gettext_lazy("Attachment refused: the stored file is missing or was changed"),
)

DESCRIPTION_MAX = 500
REASON_MAX = 2000


def attachment_storage() -> Storage:
    """The storage attachments are written to (Django's default storage: local or S3)."""
    storage: Storage = Attachment._meta.get_field("file").storage
    return storage


def _check_subject(subject: Any) -> OrganizationScoped:
    if not isinstance(subject, OrganizationScoped) or subject.pk is None:
        raise TypeError("Files can only be attached to a saved record of an organization.")
    return subject


def _require(actor: Any, subject: OrganizationScoped, action: str) -> None:
    if not has_object_perm(actor, subject, action, organization=subject.organization_id):
        raise PermissionDenied(
            _("Your role does not allow changing the attachments of this record.")
        )


def attachment_add(
    *,
    actor: Any,
    subject: models.Model,
    upload: Any,
    description: str = "",
    name: str | None = None,
    authorized: bool = False,
) -> Attachment:
    """Attach `upload` (a Django `UploadedFile` or a binary file) to `subject`.

    The actor needs "change" on the subject (`PermissionDenied` otherwise). The file is
    checked first (`validate_upload`; a refusal is a `ValidationError` on `file` naming the
    file and the reason) and written to storage only once accepted, under the tenant's path;
    the row and the `attachment.added` event (name, size, SHA-256, on the subject, in the
    subject's organization) are saved together. If saving the row fails, the stored file is
    deleted again, so a refused or failed upload leaves nothing behind. (Call it as its own
    transaction: Django offers no hook when an *outer* transaction rolls back later, so a
    file stored inside a caller's transaction that then fails would stay in storage,
    unreferenced, under its random name.)

    `authorized=True` skips the role check for a caller whose own service has decided the
    actor may attach to this record though they hold no role in its organization (a
    certification client answering its finding through the client portal).
    """
    record = _check_subject(subject)
    if not authorized:
        _require(actor, record, "change")
    description = (description or "").strip()
    if len(description) > DESCRIPTION_MAX:
        raise ValidationError(
            {"description": _("At most %(max)d characters.") % {"max": DESCRIPTION_MAX}}
        )
    try:
        checked = validate_upload(upload, name=name)
    except UploadRefused as refused:
        raise ValidationError(
            {"file": ValidationError(refused.message, code=refused.code)}
        ) from None

    storage = attachment_storage()
    content_type = ContentType.objects.get_for_model(record, for_concrete_model=False)
    path = attachment_path(
        organization_id=record.organization_id,
        app_label=record._meta.app_label,
        extension=checked.extension,
    )
    stored: str | None = None
    try:
        with transaction.atomic():
            if hasattr(upload, "seek"):
                upload.seek(0)
            content = upload if isinstance(upload, File) else File(upload, name=checked.name)
            stored = storage.save(path, content)
            attachment = Attachment(
                organization_id=record.organization_id,
                content_type=content_type,
                object_id=record.pk,
                file=stored,
                name=checked.name,
                mime_type=checked.mime_type,
                size=checked.size,
                sha256=checked.sha256,
                uploaded_by=actor,
                description=description,
            )
            attachment.full_clean()
            attachment.save(force_insert=True)
            record_event(
                actor=actor,
                event_type=ATTACHMENT_ADDED,
                subject=record,
                data={
                    "attachment": attachment.pk,
                    "name": checked.name,
                    "mime_type": checked.mime_type,
                    "size": checked.size,
                    "sha256": checked.sha256,
                    "description": description,
                },
            )
    except BaseException:
        if stored is not None:
            _discard(storage, stored)
        raise
    return attachment


def _discard(storage: Storage, name: str) -> None:
    """Delete a file written by a transaction that did not commit."""
    try:
        storage.delete(name)
    except Exception:  # the original error matters more; this one is logged
        logger.exception("Could not delete the stored file %s after a failed upload.", name)


def attachment_remove(
    *, actor: Any, attachment: Attachment, reason: str, version: int | None = None
) -> Attachment:
    """Remove an attachment from its record's list: a logged action with a reason.

    Nothing is deleted: the row and the file stay (who removed it, when and why are stored,
    and the `attachment.removed` event on the record carries the same). The actor needs
    "change" on the record. Removing twice, or based on an older `version`, is a conflict.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for removing this file.")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("At most %(max)d characters.") % {"max": REASON_MAX}})
    record = _check_subject(attachment.subject)
    _require(actor, record, "change")
    from ..services import lock_for_change  # services imports the models that import us

    with transaction.atomic():
        locked = lock_for_change(attachment, version=version)
        if locked.removed_at is not None:
            raise Conflict(_("%(name)s was already removed.") % {"name": locked.name})
        locked.removed_at = timezone.now()
        locked.removed_by = actor
        locked.removal_reason = reason
        locked.version += 1
        locked.save(update_fields=["removed_at", "removed_by", "removal_reason", "version"])
        record_event(
            actor=actor,
            event_type=ATTACHMENT_REMOVED,
            subject=record,
            data={
                "attachment": locked.pk,
                "name": locked.name,
                "sha256": locked.sha256,
                "reason": reason,
                "version": locked.version,
            },
        )
    return locked


def attachment_report_integrity(
    *, actor: Any, attachment: Attachment, error: AttachmentIntegrityError
) -> None:
    """Log that a stored file is missing or no longer matches its SHA-256 (in its own
    transaction, so the refusal of the download is on record)."""
    with contextlib.suppress(Exception), transaction.atomic():
        record_event(
            actor=actor,
            event_type=ATTACHMENT_INTEGRITY_FAILED,
            subject=attachment,
            data={
                "attachment": attachment.pk,
                "name": attachment.name,
                "expected_sha256": attachment.sha256,
                "found_sha256": error.found_sha256,
                "problem": error.problem,
            },
        )
    logger.error(
        "Attachment %s (%s) failed its integrity check: %s",
        attachment.pk,
        attachment.file.name,
        error.problem,
    )
