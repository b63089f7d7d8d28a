"""Controlled copies: the effective revision of a document as a PDF an auditor accepts.

Each page carries the organization, the document number and revision and the effective date
in its header, and "Controlled copy — uncontrolled when printed", the printing time and
person and "Page X of Y" in its footer. The first page has the metadata (type, owner,
process, approval), a QR code of the document's live page in the product (where a reader
checks that the copy is still the revision in force) and the URL in words; then the content
(Markdown rendered and sanitised, or, for an uploaded file, a cover page naming the file,
its type and SHA-256 and where to get it), then the electronic signatures with their status.

Only an effective revision gets a controlled copy (`ControlledCopyRefused` otherwise).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.markdown import render_markdown
from qms.core.pdf import render_pdf
from qms.core.qr import qr_svg
from qms.core.signatures import signatures_of

from .choices import ContentFormat, RevisionStatus

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .models import Document, DocumentRevision

TEMPLATE = "documents/pdf/controlled_copy.html"


class ControlledCopyRefused(ValueError):
    """The revision is not the effective one: a copy of it would not be controlled."""


def document_live_url(*, document: Document, request: HttpRequest | None = None) -> str:
    """The absolute address of the document's page in the product (QMS_BASE_URL)."""
    path = document.get_absolute_url()
    base = getattr(settings, "BASE_URL", "")
    if base:
        return f"{base}{path}"
    return request.build_absolute_uri(path) if request is not None else path


def _person(user: Any) -> str:
    if user is None:
        return ""
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return f"{name} ({user.email})" if name else str(user.email)


def controlled_copy_context(
    *, document: Document, revision: DocumentRevision, request: HttpRequest | None = None
) -> dict[str, Any]:
    """What the template shows (kept apart so a test can read it without WeasyPrint)."""
    if revision.document_id != document.pk or revision.status != RevisionStatus.EFFECTIVE:
        raise ControlledCopyRefused(
            _("Only the effective revision of a document has a controlled copy.")
        )
    url = document_live_url(document=document, request=request)
    approved_at = (
        timezone.localtime(revision.approved_at).strftime("%Y-%m-%d %H:%M %Z")
        if revision.approved_at
        else ""
    )
    process = document.process
    metadata = [
        (_("Number"), document.number),
        (_("Title"), document.title),
        (_("Revision"), str(revision.number)),
        (_("Type"), document.get_document_type_display()),
        (_("Confidentiality"), document.get_confidentiality_display()),
        (_("Owner"), _person(document.owner)),
        (_("Process"), f"{process.code} {process.name}".strip() if process else ""),
        (_("Effective from"), revision.effective_on.isoformat() if revision.effective_on else ""),
        (
            _("Approved by"),
            f"{_person(revision.approved_by)}, {approved_at}" if revision.approved_by else "",
        ),
        (_("Author"), _person(revision.author)),
        (_("Change summary"), revision.change_summary or _("First issue")),
    ]
    if document.external_source:
        metadata.append((_("Source"), document.external_source))
        metadata.append((_("External version"), document.external_version))
    signatures = [
        {
            "signer_name": signature.signer_name,
            "signer_email": signature.signer_email,
            "meaning": signature.get_meaning_display(),
            "signed_at": signature.signed_at,
            "hash_prefix": signature.content_hash[:16],
            "status": status.label,
            "valid": status == "valid",
        }
        for signature, status in signatures_of(subject=revision)
    ]
    user = getattr(request, "user", None)
    file = revision.file if revision.content_format == ContentFormat.FILE else None
    return {
        "document": document,
        "revision": revision,
        "metadata": metadata,
        "body": render_markdown(revision.body)
        if revision.content_format == ContentFormat.MARKDOWN
        else "",
        "file": file,
        "signatures": signatures,
        "live_url": url,
        "qr": qr_svg(url, scale=3, title=_("Address of this document in the product")),
        "printed_by": _person(user) if getattr(user, "is_authenticated", False) else "",
        "printed_at": timezone.localtime(timezone.now()),
    }


def controlled_copy_pdf(
    *, document: Document, revision: DocumentRevision, request: HttpRequest | None = None
) -> bytes:
    """The controlled copy of `revision` (the effective revision of `document`) as PDF bytes.
    Raises `ControlledCopyRefused` for any other revision."""
    context = controlled_copy_context(document=document, revision=revision, request=request)
    effective = revision.effective_on.isoformat() if revision.effective_on else ""
    user = getattr(request, "user", None)
    note = _("Controlled copy — uncontrolled when printed")
    if getattr(user, "is_authenticated", False):
        name = user.get_full_name() or user.email  # type: ignore[union-attr]
        note = f"{note}. " + _("Printed by %(person)s") % {"person": name}
    return render_pdf(
        template_name=TEMPLATE,
        context=context,
        title=f"{document.number} {document.title}",
        organization_name=document.organization.name,
        header_right=_("%(number)s rev. %(revision)s, effective %(date)s")
        % {"number": document.number, "revision": revision.number, "date": effective},
        footer_note=note,
    )
