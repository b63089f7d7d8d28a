"""Importing an existing document set: a ZIP of files plus an index sheet (CSV or XLSX), or
the index alone when every document's text is in its `body` column.

One row per document, matched by number (case ignored), or by title and type when the
number is empty (the number is then taken from the type's numbering scheme). A new document
is registered with revision 1 (its file from the ZIP, or its Markdown `body`); with an
`effective_on` date, revision 1 is made effective as imported: approved by the importing
user on that date, "Imported" in its change summary, and the audit event says that it was
imported, not signed through the review workflow. An existing document gets its register
details updated; its content is never replaced by an import (that takes a new revision).
The same file imported twice changes nothing the second time.

Registered from the documents AppConfig.ready(); the page is /imports/documents.documents/.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.accounts.models import User
from qms.core.audit import record_event
from qms.core.dates import add_months
from qms.core.imports import (
    Column,
    ImportContext,
    Importer,
    RowError,
    choice,
    date_value,
    integer,
    register_importer,
    text,
)
from qms.core.imports.framework import Outcome
from qms.core.services import lock_for_change, model_update
from qms.organizations.models import Process

from . import events
from .choices import Confidentiality, ContentFormat, DocumentType, RevisionStatus
from .models import Document, DocumentRevision

_CLAUSE = re.compile(r"^(?P<standard>[\w./-]+?)(?::(?P<edition>\d{4}))?:(?P<number>[\w.]+)$")


class DocumentImporter(Importer):
    kind = "documents.documents"
    label = _("Documents")
    description = _(
        "One row per document. Upload a ZIP holding the files and an index sheet (CSV or "
        "XLSX), or the sheet alone with the text in “body”. An existing document (same "
        "number) has its register details updated; its content is not replaced."
    )
    permission = ("documents.document", "import")
    columns = (
        Column("number", help=_("Empty: numbered by the type's scheme."), default=""),
        Column("title", required=True, parse=text(max_length=200)),
        Column(
            "type",
            required=True,
            help=_("policy, manual, procedure, work_instruction, form, record, external."),
            parse=choice(DocumentType.choices),
        ),
        Column("owner", required=True, help=_("E-mail address of a member.")),
        Column("process", help=_("Code or name of a process."), default=""),
        Column(
            "confidentiality",
            parse=choice(Confidentiality.choices),
            default=Confidentiality.INTERNAL,
        ),
        Column("review_interval_months", parse=integer(minimum=1, maximum=120)),
        Column("retention_months", parse=integer(minimum=1, maximum=1200)),
        Column("clauses", help=_("E.g. 9001:7.5.1; 9001:8.4"), default=""),
        Column("file", help=_("Name of the file inside the ZIP."), default=""),
        Column("body", help=_("The text, in Markdown (instead of a file)."), default=""),
        Column(
            "effective_on",
            help=_("Date it took effect: imported as the effective revision 1."),
            parse=date_value(),
        ),
    )
    key_columns = ()
    files_column = "file"
    field_columns = {"document_type": "type", "number": "number"}

    # --- Checking a row ----------------------------------------------------------------

    def validate_row(self, row: dict[str, Any], *, context: ImportContext) -> dict[str, Any]:
        errors: dict[str, str] = {}
        organization = context.organization
        owner = (
            User.objects.filter(
                email__iexact=row["owner"], memberships__organization=organization
            ).first()
            if row.get("owner")
            else None
        )
        if owner is None:
            errors["owner"] = f"“{row.get('owner')}” is not a member of the organization."
        process = None
        if row.get("process"):
            process = (
                Process.objects.for_organization(organization)
                .filter(Q(code__iexact=row["process"]) | Q(name__iexact=row["process"]))
                .first()
            )
            if process is None:
                errors["process"] = f"No process has the code or name “{row['process']}”."
        if bool(row.get("file")) == bool(row.get("body")):
            errors["file"] = "Give either a file (in the ZIP) or a body (Markdown), not both."
        effective_on = row.get("effective_on")
        if effective_on is not None and effective_on > timezone.localdate():
            errors["effective_on"] = "An effective date cannot be in the future."
        clauses: list[Any] = []
        try:
            clauses = _clauses(row.get("clauses") or "", organization)
        except ValueError as problem:
            errors["clauses"] = str(problem)
        number = (row.get("number") or "").strip()
        if number:
            key = ("number", number.casefold())
            first = context.seen_keys.get(key)
            if first is not None:
                errors["number"] = f"The same number as row {first}: each row must differ."
            context.seen_keys[key] = context.row_number
        if errors:
            raise RowError(errors)
        return {**row, "number": number, "owner": owner, "process": process, "clauses": clauses}

    # --- Applying a row ----------------------------------------------------------------

    def apply_row(self, cleaned: dict[str, Any], *, context: ImportContext) -> Outcome:
        organization = context.organization
        documents = Document.objects.for_organization(organization)
        if cleaned["number"]:
            existing = documents.filter(number__iexact=cleaned["number"]).first()
        else:
            existing = documents.filter(
                title__iexact=cleaned["title"], document_type=cleaned["type"]
            ).first()
        details = {
            "title": cleaned["title"],
            "document_type": cleaned["type"],
            "owner": cleaned["owner"],
            "process": cleaned["process"],
            "confidentiality": cleaned["confidentiality"],
            "review_interval_months": cleaned.get("review_interval_months"),
            "retention_months": cleaned.get("retention_months"),
        }
        if existing is not None:
            return self._update(existing, details, cleaned, context=context)
        return self._create(details, cleaned, context=context)

    def _update(
        self,
        document: Document,
        details: dict[str, Any],
        cleaned: dict[str, Any],
        *,
        context: ImportContext,
    ) -> Outcome:
        from qms.standards.selectors import clauses_for_subject

        from .services.documents import document_update

        changed = {
            name: value for name, value in details.items() if getattr(document, name) != value
        }
        linked = {clause.pk for clause in clauses_for_subject(subject=document)}
        wanted = {clause.pk for clause in cleaned["clauses"]}
        if cleaned["clauses"] and linked != wanted:
            changed["clauses"] = cleaned["clauses"]
        if not changed:
            return "unchanged"
        document_update(actor=context.actor, instance=document, data=changed)
        return "updated"

    def _create(
        self, details: dict[str, Any], cleaned: dict[str, Any], *, context: ImportContext
    ) -> Outcome:
        from .services.documents import document_create
        from .services.revisions import revision_attach_file

        document = document_create(
            actor=context.actor,
            organization=context.organization,
            data={
                **details,
                "number": cleaned["number"],
                "body": cleaned.get("body") or "",
                "clauses": cleaned["clauses"] or None,
            },
        )
        revision = DocumentRevision.objects.for_organization(context.organization).get(
            document=document, number=1
        )
        if cleaned.get("file"):
            revision = revision_attach_file(
                actor=context.actor, revision=revision, upload=context.file(cleaned["file"])
            )
        if cleaned.get("effective_on") is not None:
            revision_import_effective(
                actor=context.actor, revision=revision, effective_on=cleaned["effective_on"]
            )
        return "created"


def _clauses(value: str, organization: Any) -> list[Any]:
    """ "9001:7.5.1; 9001:2015:8.4" → clauses of the editions the organization adopted."""
    from qms.standards.selectors import clause_choices

    wanted = [part.strip() for part in re.split(r"[;,\n]", value) if part.strip()]
    if not wanted:
        return []
    choices = list(clause_choices(organization=organization))
    found = []
    for item in wanted:
        match = _CLAUSE.match(item.replace(" ", ""))
        if match is None:
            raise ValueError(f"“{item}”: write a clause as standard:number, e.g. 9001:7.5.1.")
        standard, edition, number = match.group("standard", "edition", "number")
        candidates = [
            clause
            for clause in choices
            if clause.number == number
            and clause.edition.standard.code.replace(" ", "").lower().endswith(standard.lower())
            and (edition is None or clause.edition.edition == edition)
        ]
        if not candidates:
            raise ValueError(f"“{item}” is not a clause of a standard your organization adopted.")
        if len(candidates) > 1:
            raise ValueError(f"“{item}” is in more than one edition: write e.g. 9001:2015:7.5.1.")
        found.append(candidates[0])
    return found


def revision_import_effective(
    *, actor: Any, revision: DocumentRevision, effective_on: date
) -> None:
    """Make revision 1 of an imported document effective as of `effective_on`, approved by
    the importing user. Not a workflow approval (nobody reviewed or signed it in qms): the
    audit event says it was imported. Inside the import's transaction."""
    from .services.documents import document_reindex

    locked = lock_for_change(revision, version=None)
    if locked.status != RevisionStatus.DRAFT or locked.number != 1:
        raise RowError("Only a newly imported document's first revision is made effective.")
    if locked.content_format == ContentFormat.MARKDOWN and not locked.body.strip():
        raise RowError({"body": "An effective document needs its content."})
    summary = f"Imported from the existing document set (in effect since {effective_on:%Y-%m-%d})."
    now = timezone.now()
    before = {"status": locked.status, "change_summary": locked.change_summary}
    locked.status = RevisionStatus.EFFECTIVE
    locked.change_summary = summary
    locked.approved_by = actor
    locked.approved_at = now
    locked.effective_on = effective_on
    locked.version += 1
    locked.save(
        update_fields=[
            "status",
            "change_summary",
            "approved_by",
            "approved_at",
            "effective_on",
            "version",
            "updated_at",
        ]
    )
    record_event(
        actor=actor,
        event_type=events.REVISION_APPROVED,
        subject=locked,
        before=before,
        after={
            "status": locked.status,
            "change_summary": summary,
            "approved_by": actor.pk,
            "effective_on": effective_on.isoformat(),
        },
        data={
            "imported": True,
            "note": "Imported as effective by the importing user; not reviewed or signed "
            "through the qms approval workflow.",
            "version": locked.version,
        },
    )
    document = locked.document
    changes: dict[str, Any] = {"current_revision": locked}
    if document.review_interval_months:
        changes["next_review_on"] = add_months(effective_on, document.review_interval_months)
    if document.document_type == DocumentType.RECORD and document.retention_months:
        changes["retain_until"] = add_months(effective_on, document.retention_months)
    stored, _changed = model_update(
        actor=actor,
        instance=document,
        data=changes,
        fields=tuple(changes),
        event_type=events.DOCUMENT_UPDATED,
    )
    document_reindex(document=stored, revision=locked)


def register() -> None:
    register_importer(DocumentImporter)
