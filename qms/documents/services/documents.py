"""The document register: registering a document (with its first, draft revision), editing
its details and linked clauses, and what making it obsolete implies.

Each service is one transaction and writes through the core helpers (row, audit event and
version check together); the full-text index is kept current in the same transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from qms.core.search import register_search_indexer, search_index
from qms.core.services import model_create, model_update
from qms.core.workflow import model_transition
from qms.standards.services import evidence_set

from .. import events
from ..choices import ContentFormat, RevisionStatus
from ..models import Document, DocumentRevision
from ..specs import DOCUMENT
from .numbering import document_number_next, number_taken

if TYPE_CHECKING:
    from qms.accounts.models import User
    from qms.organizations.models import Organization

# Fields of the first revision a new document gets.
_FIRST_REVISION_FIELDS = (
    "document",
    "number",
    "author",
    "content_format",
    "body",
    "content_sha256",
)


def body_sha256(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def search_text(document: Document, revision: DocumentRevision | None = None) -> tuple[str, str]:
    """(title, body) of the document's index entry: number and title, and the native text of
    its effective revision (or, before the first approval, of its latest one)."""
    if revision is None:
        revision = document.current_revision
    if revision is None and document.pk is not None:
        revision = (
            DocumentRevision.objects.for_organization(document.organization_id)
            .filter(document=document)
            .order_by("-number")
            .first()
        )
    body = revision.body if revision is not None and revision.content_format == "markdown" else ""
    return f"{document.number} {document.title}", body


def document_reindex(*, document: Document, revision: DocumentRevision | None = None) -> None:
    title, body = search_text(document, revision)
    search_index(obj=document, title=title, body=body)


def document_search_indexer_register() -> None:
    """Let `qms search-reindex` rebuild the register's entries (from the app's ready())."""
    register_search_indexer(
        Document, search_text, lambda: Document._base_manager.select_related("current_revision")
    )


def _clean_number(organization: Organization, number: str, exclude_pk: Any = None) -> str:
    number = number.strip()
    if number and number_taken(organization=organization, number=number, exclude_pk=exclude_pk):
        raise ValidationError(
            {
                "number": ValidationError(
                    f"A document numbered {number} already exists.", code="unique"
                )
            }
        )
    return number


def _set_clauses(*, actor: Any, document: Document, clauses: Iterable[Any] | None) -> None:
    """Make the document's linked clauses exactly `clauses` (standards evidence links)."""
    if clauses is None:
        return
    evidence_set(
        actor=actor, subject=document, clauses=list(clauses), organization=document.organization
    )


@transaction.atomic
def document_create(
    *, actor: User, organization: Organization, data: Mapping[str, Any]
) -> Document:
    """Register a document and start its revision 1 as a draft.

    `data` holds the spec's fields; an empty `number` is taken from the type's numbering
    scheme. Optional extras: `body` (the first revision's Markdown text) and `clauses` (the
    clauses the document evidences).
    """
    values = dict(data)
    body = str(values.pop("body", "") or "")
    clauses = values.pop("clauses", None)
    number = _clean_number(organization, str(values.get("number") or ""))
    if not number:
        number = document_number_next(
            organization=organization,
            document_type=str(values.get("document_type") or ""),
            process=values.get("process"),
        )
    values["number"] = number
    document = model_create(
        actor=actor,
        model=Document,
        organization=organization,
        data=values,
        fields=DOCUMENT.fields,
        event_type=events.DOCUMENT_CREATED,
    )
    revision = model_create(
        actor=actor,
        model=DocumentRevision,
        organization=organization,
        data={
            "document": document,
            "number": 1,
            "author": actor,
            "content_format": ContentFormat.MARKDOWN,
            "body": body,
            "content_sha256": body_sha256(body) if body else "",
        },
        fields=_FIRST_REVISION_FIELDS,
        event_type=events.REVISION_CREATED,
    )
    _set_clauses(actor=actor, document=document, clauses=clauses)
    document_reindex(document=document, revision=revision)
    return document


@transaction.atomic
def document_update(
    *,
    actor: User,
    instance: Document,
    data: Mapping[str, Any],
    version: int | None = None,
) -> Document:
    """Edit the register entry (not its content: that is a revision's). `clauses`, when
    given, replaces the linked clauses."""
    values = dict(data)
    clauses = values.pop("clauses", None)
    if "number" in values:
        values["number"] = _clean_number(
            instance.organization, str(values["number"] or ""), exclude_pk=instance.pk
        )
        if not values["number"]:
            raise ValidationError({"number": "A document keeps a number."})
    document, changed = model_update(
        actor=actor,
        instance=instance,
        data=values,
        fields=DOCUMENT.fields,
        event_type=events.DOCUMENT_UPDATED,
        version=version,
    )
    _set_clauses(actor=actor, document=document, clauses=clauses)
    if changed and ({"number", "title"} & set(values)):
        document_reindex(document=document)
    return document


# --- Workflow effects (qms.documents.workflows) --------------------------------------------


def document_obsolete_effect(*, obj: Document, actor: Any, reason: str, signature: Any) -> None:
    """The document was made obsolete: its effective revision is withdrawn (with the same
    reason) and the index entry follows."""
    current = (
        DocumentRevision.objects.for_organization(obj.organization_id)
        .filter(document=obj, status=RevisionStatus.EFFECTIVE)
        .first()
    )
    if current is not None:
        model_transition(
            actor=actor, instance=current, transition="withdraw", reason=reason or "Obsolete"
        )
    document_reindex(document=obj)
