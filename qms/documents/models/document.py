"""Documents, their revisions and the numbering schemes behind their numbers (§7.5)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.core.models import OrganizationScoped

from .. import rules
from ..choices import (
    Confidentiality,
    ContentFormat,
    DocumentStatus,
    DocumentType,
    RevisionStatus,
)

# A periodic review is "due" this many days before its date, "overdue" after it.


class NumberingScheme(OrganizationScoped):
    """How an organization numbers one type of document, e.g. `QP-{process}-{seq:03}`.

    Tokens: `{seq}` (the next number of the type's counter, `{seq:03}` zero-padded to three
    digits), `{year}`, `{process}` (the code of the document's process, e.g. 07).
    """

    document_type = models.CharField(_("document type"), max_length=20, choices=DocumentType)
    pattern = models.CharField(
        _("pattern"),
        max_length=60,
        help_text=_("Tokens: {seq}, {seq:03} (zero-padded), {year}, {process}. E.g. QP-{seq:03}."),
    )

    class Meta:
        ordering = ["document_type", "id"]
        verbose_name = _("numbering scheme")
        verbose_name_plural = _("numbering schemes")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "document_type"],
                name="documents_numberingscheme_unique_type",
                violation_error_code="unique",
                violation_error_message=_("This document type already has a numbering scheme."),
            )
        ]
        indexes = [
            models.Index(fields=["organization", "document_type", "id"], name="doc_scheme_org_type")
        ]

    def __str__(self) -> str:
        return f"{self.get_document_type_display()}: {self.pattern}"

    def get_absolute_url(self) -> str:
        return reverse("documents:numberingscheme_detail", args=[self.pk])


class Document(OrganizationScoped):
    """An entry of the document register: what is controlled, not its content.

    The content lives in revisions; `current_revision` points at the one effective revision
    (none before the first approval). Records (`document_type="record"`) carry a retention
    period and are disposed of through a logged transition, never deleted.
    """

    number = models.CharField(_("number"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    document_type = models.CharField(_("type"), max_length=20, choices=DocumentType)
    owner = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    process = models.ForeignKey(
        "organizations.Process",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("process"),
    )
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=20,
        choices=Confidentiality,
        default=Confidentiality.INTERNAL,
    )
    description = models.TextField(_("purpose and scope"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DocumentStatus,
        default=DocumentStatus.ACTIVE,
        editable=False,
        help_text=_("Changed only through the document workflow (make obsolete, dispose)."),
    )
    current_revision = models.ForeignKey(
        "documents.DocumentRevision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("effective revision"),
    )
    # Periodic review (§7.5.2): none when the interval is empty.
    review_interval_months = models.PositiveSmallIntegerField(
        _("review interval (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no periodic review."),
    )
    last_reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True, editable=False)
    next_review_on = models.DateField(_("next review due"), null=True, blank=True, editable=False)
    # Records (§7.5.3.2 retention and disposition).
    retention_months = models.PositiveSmallIntegerField(
        _("retention period (months)"),
        null=True,
        blank=True,
        help_text=_("For records: how long they are kept after they became effective."),
    )
    retain_until = models.DateField(_("retain until"), null=True, blank=True, editable=False)
    disposed_on = models.DateField(_("disposed on"), null=True, blank=True, editable=False)
    # External documents (customer specifications, standards, regulations).
    external_source = models.CharField(_("source"), max_length=200, blank=True)
    external_version = models.CharField(_("external version"), max_length=60, blank=True)
    external_checked_on = models.DateField(
        _("last checked for a newer version"), null=True, blank=True
    )

    audit_exclude: ClassVar[tuple[str, ...]] = ()

    class Meta:
        ordering = ["number", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                "organization",
                Lower("number"),
                name="documents_document_unique_number_ci",
                violation_error_code="unique",
                violation_error_message=_("A document with this number already exists."),
            )
        ]
        indexes = [
            models.Index(fields=["organization", "number", "id"], name="doc_document_org_number"),
            models.Index(
                fields=["organization", "next_review_on", "id"], name="doc_document_org_review"
            ),
            models.Index(
                fields=["organization", "retain_until", "id"], name="doc_document_org_retain"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("documents:document_detail", args=[self.pk])

    def review_state(self, today: date | None = None) -> str:
        """The periodic review of an active document ("overdue", "due", "ok" or "")."""
        if self.status != DocumentStatus.ACTIVE:
            return ""
        return rules.review_state(self.next_review_on, today=today)


class DocumentRevision(OrganizationScoped):
    """One revision of a document's content, written in qms or uploaded, moving through
    draft → in review → effective → superseded/obsolete. At most one is effective."""

    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="revisions", verbose_name=_("document")
    )
    number = models.PositiveIntegerField(_("revision"), editable=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RevisionStatus,
        default=RevisionStatus.DRAFT,
        editable=False,
        help_text=_("Changed only through the revision workflow."),
    )
    change_summary = models.TextField(_("change summary"), blank=True)
    content_format = models.CharField(
        _("content"), max_length=20, choices=ContentFormat, default=ContentFormat.MARKDOWN
    )
    body = models.TextField(_("text (Markdown)"), blank=True)
    file = models.ForeignKey(
        "core.Attachment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("file"),
    )
    content_sha256 = models.CharField(
        _("content SHA-256"), max_length=64, blank=True, editable=False
    )
    author = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    reviewers = models.ManyToManyField(
        "accounts.User", blank=True, related_name="+", verbose_name=_("reviewers")
    )
    approvers = models.ManyToManyField(
        "accounts.User", blank=True, related_name="+", verbose_name=_("approvers")
    )
    submitted_at = models.DateTimeField(_("sent for review"), null=True, editable=False)
    approved_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, editable=False)
    effective_on = models.DateField(_("effective from"), null=True, editable=False)
    superseded_on = models.DateField(_("superseded on"), null=True, editable=False)

    # What a review or approval signature vouches for: the content (by its hash), not the
    # workflow bookkeeping around it.
    signature_fields: ClassVar[tuple[str, ...]] = (
        "document",
        "number",
        "change_summary",
        "content_format",
        "body",
        "file",
        "content_sha256",
    )

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("document revision")
        verbose_name_plural = _("document revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="documents_documentrevision_unique_number"
            ),
            # At most one approved effective revision per document. The approval's state is
            # written before its effects (qms.core.workflow), so the new revision enters this
            # index only when its approval is recorded (approved_at), after the effects have
            # superseded the previous one, all in the approval's transaction.
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(status=RevisionStatus.EFFECTIVE, approved_at__isnull=False),
                name="documents_documentrevision_one_effective",
                violation_error_code="unique",
                violation_error_message=_("A document has exactly one effective revision."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "document", "number"], name="doc_revision_org_doc"
            ),
            models.Index(fields=["organization", "status", "id"], name="doc_revision_org_status"),
        ]

    def __str__(self) -> str:
        return f"{self.document.number} rev. {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("documents:documentrevision_detail", args=[self.pk])
