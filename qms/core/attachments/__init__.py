"""Attachments: a file attached to any record of any module.

A module attaches files through the generic link (content type + id) and these functions;
it never stores files itself:

    from qms.core.attachments import attachment_add, attachments_for

    attachment_add(actor=user, subject=nonconformity, upload=request.FILES["file"])
    attachments_for(subject=nonconformity)  # newest first, removed ones left out

- `validate_upload(upload)` (validation.py) is the one check of a file, pure (no database,
  no storage), also for imports: content sniffed, extension must agree, programs refused,
  size limit (`QMS_ATTACHMENT_MAX_BYTES`).
- `attachment_add` / `attachment_remove` (services.py) write with an audit event on the
  record; removal keeps the row and the file.
- `attachments_for`, `attachments_for_many`, `attachment_get`, `attachment_open`
  (selectors.py) read; `attachment_open` re-checks the SHA-256 of the stored file.
- Pages: `{% load qms_attachments %}{% attachments_panel object %}` on a detail page (list,
  upload form and removal with a reason); API: /api/v1/attachments/.

Permissions are the record's: viewing and downloading need "view" on the record, adding and
removing "change" on it.
"""

from .models import Attachment, AttachmentQuerySet, attachment_path
from .selectors import (
    AttachmentIntegrityError,
    attachment_get,
    attachment_list,
    attachment_open,
    attachment_subject,
    attachments_for,
    attachments_for_many,
    subject_model,
)
from .services import (
    ATTACHMENT_ADDED,
    ATTACHMENT_INTEGRITY_FAILED,
    ATTACHMENT_REMOVED,
    attachment_add,
    attachment_remove,
    attachment_report_integrity,
    attachment_storage,
)
from .validation import (
    KINDS,
    CheckedUpload,
    FileKind,
    UploadRefused,
    max_upload_bytes,
    validate_upload,
)

__all__ = [
    "ATTACHMENT_ADDED",
    "ATTACHMENT_INTEGRITY_FAILED",
    "ATTACHMENT_REMOVED",
    "KINDS",
    "Attachment",
    "AttachmentIntegrityError",
    "AttachmentQuerySet",
    "CheckedUpload",
    "FileKind",
    "UploadRefused",
    "attachment_add",
    "attachment_get",
    "attachment_list",
    "attachment_open",
    "attachment_path",
    "attachment_remove",
    "attachment_report_integrity",
    "attachment_storage",
    "attachment_subject",
    "attachments_for",
    "attachments_for_many",
    "max_upload_bytes",
    "subject_model",
    "validate_upload",
]
