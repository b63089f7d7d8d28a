"""Set-up shared by the reading, review, retention and controlled-copy tests: documents
brought to an effective revision through the register's real services and workflow (the
approval signs, supersedes and asks readers to acknowledge, as in production)."""

from __future__ import annotations

from itertools import count
from typing import Any

from qms.accounts.tests.factories import PASSWORD
from qms.core.workflow import model_transition
from qms.documents.choices import DocumentType
from qms.documents.models import Document, DocumentRevision
from qms.documents.services.documents import document_create
from qms.documents.services.revisions import revision_create, revision_update

_numbers = count(1)


def effective_document(
    *,
    organization: Any,
    author: Any,
    approver: Any,
    title: str = "Control of documented information",
    body: str = "# Purpose\n\nHow we control documents.",
    document_type: str = DocumentType.PROCEDURE,
    **extra: Any,
) -> Document:
    """A document whose revision 1, written by `author`, is approved by `approver`."""
    document = document_create(
        actor=author,
        organization=organization,
        data={
            "number": extra.pop("number", f"QP-T{next(_numbers):03d}"),
            "title": title,
            "document_type": document_type,
            "owner": extra.pop("owner", author),
            "body": body,
            **extra,
        },
    )
    revision = DocumentRevision.objects.for_organization(organization).get(
        document=document, number=1
    )
    approve(revision, author=author, approver=approver)
    return Document.objects.for_organization(organization).get(pk=document.pk)


def approve(revision: DocumentRevision, *, author: Any, approver: Any) -> DocumentRevision:
    revision = revision_update(actor=author, instance=revision, data={"approvers": [approver]})
    model_transition(actor=author, instance=revision, transition="submit")
    return model_transition(
        actor=approver, instance=revision, transition="approve", password=PASSWORD
    )


def new_revision(
    document: Document, *, author: Any, approver: Any, body: str = "Changed text."
) -> DocumentRevision:
    """Revision n+1 of `document`, approved: the previous one is superseded."""
    revision = revision_create(
        actor=author, document=document, data={"change_summary": "Updated.", "body": body}
    )
    return approve(revision, author=author, approver=approver)
