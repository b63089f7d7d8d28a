"""The fields of numbering schemes, documents and revisions, declared once.

Forms, serializers, services (their allow-lists), list columns, exports and detail pages read
these. A revision's workflow fields (status, dates, approver) and its content hash are never
set by a client: the workflow and the services write them.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.specs import ModelSpec
from qms.core.tables import Column

from .models import (
    Acknowledgement,
    Document,
    DocumentDistribution,
    DocumentReview,
    DocumentRevision,
    NumberingScheme,
)

NUMBERING_SCHEME = ModelSpec(
    model=NumberingScheme,
    fields=("document_type", "pattern"),
    columns=(Column("document_type", link=True), Column("pattern")),
)

DOCUMENT = ModelSpec(
    model=Document,
    fields=(
        "number",
        "title",
        "document_type",
        "owner",
        "process",
        "confidentiality",
        "description",
        "review_interval_months",
        "retention_months",
        "external_source",
        "external_version",
        "external_checked_on",
    ),
    read_only=(
        "status",
        "current_revision",
        "last_reviewed_on",
        "next_review_on",
        "retain_until",
        "disposed_on",
        "version",
        "created_at",
        "updated_at",
    ),
    columns=(
        Column("number", link=True),
        Column("title", link=True),
        Column("document_type"),
        Column("current_revision.number", _("Revision"), sort=False),
        Column("status"),
        Column("owner", sort="owner__email"),
        Column("process", sort="process__name"),
        Column("next_review_on"),
    ),
    widgets={
        "description": forms.Textarea(attrs={"rows": 3}),
        "external_checked_on": forms.DateInput(attrs={"type": "date"}),
    },
)

# What an author edits on a draft revision (reviewers and approvers included).
REVISION = ModelSpec(
    model=DocumentRevision,
    fields=("change_summary", "content_format", "body", "reviewers", "approvers"),
    read_only=(
        "document",
        "number",
        "status",
        "file",
        "content_sha256",
        "author",
        "submitted_at",
        "approved_by",
        "approved_at",
        "effective_on",
        "superseded_on",
        "version",
        "created_at",
        "updated_at",
    ),
    columns=(
        Column("document.number", _("Document"), sort="document__number", link=True),
        Column("number", _("Revision"), link=True),
        Column("document.title", _("Title"), sort="document__title"),
        Column("status"),
        Column("author", sort="author__email"),
        Column("effective_on"),
    ),
    # The text, reviewers and approvers have their own sections on the revision page.
    detail=(
        Column("document", _("Document")),
        Column("number", _("Revision")),
        Column("status"),
        Column("author"),
        Column("content_format"),
        Column("submitted_at"),
        Column("approved_by"),
        Column("approved_at"),
        Column("effective_on"),
        Column("superseded_on"),
        Column("updated_at"),
    ),
    widgets={
        "change_summary": forms.Textarea(attrs={"rows": 2}),
        "body": forms.Textarea(attrs={"rows": 20, "class": "markdown-editor"}),
    },
)

# --- Distribution, acknowledgements and periodic reviews: registers and their pages -------

# A distribution line is added (document and one target of its kind) and removed on the
# document's page; it is never edited.
DISTRIBUTION = ModelSpec(
    model=DocumentDistribution,
    fields=("document", "kind", "role", "user", "process"),
    read_only=("version", "created_at"),
    columns=(
        Column("document.number", _("Document"), sort="document__number", link=True),
        Column("document.title", _("Title"), sort="document__title"),
        Column("kind"),
        # Annotated by the register's queryset: the role's label, not its code.
        Column("role_label", _("Role"), sort="role"),
        Column("user", _("Person"), sort="user__email"),
        Column("process", sort="process__name"),
        Column("created_at", _("Since")),
    ),
    detail=(
        Column("document", _("Document")),
        Column("kind"),
        Column("role_label", _("Role")),
        Column("user", _("Person")),
        Column("process"),
        Column("created_at", _("Since")),
    ),
)

# Acknowledgements are created by the services and signed by the reader: nothing is set by
# a client besides the signature's password.
ACKNOWLEDGEMENT = ModelSpec(
    model=Acknowledgement,
    fields=(),
    read_only=("revision", "user", "requested_at", "due_on", "acknowledged_at", "signature"),
    columns=(
        Column(
            "revision.document.number",
            _("Document"),
            sort="revision__document__number",
            link=True,
        ),
        Column("revision.number", _("Revision"), sort="revision__number"),
        Column("revision.document.title", _("Title"), sort="revision__document__title"),
        Column("user", _("Reader"), sort="user__email"),
        Column("requested_at"),
        Column("due_on"),
        Column("acknowledged_at"),
        # Annotated by the list's queryset, as selectors.reading.acknowledgement_status says.
        Column("status_label", _("Status"), sort=False),
    ),
)

# A periodic review is recorded once (on the document's review page) and kept as it is.
REVIEW = ModelSpec(
    model=DocumentReview,
    fields=("reviewed_on", "outcome", "notes"),
    read_only=("document", "revision", "reviewer", "version", "created_at"),
    columns=(
        Column("document.number", _("Document"), sort="document__number", link=True),
        Column("document.title", _("Title"), sort="document__title"),
        Column("revision.number", _("Revision"), sort="revision__number"),
        Column("reviewed_on"),
        Column("reviewer", sort="reviewer__email"),
        Column("outcome"),
    ),
    detail=(
        Column("document", _("Document")),
        Column("revision", _("Revision reviewed")),
        Column("reviewed_on"),
        Column("reviewer"),
        Column("outcome"),
        Column("notes"),
        Column("created_at", _("Recorded")),
    ),
)
