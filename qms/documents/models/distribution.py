"""Who must read a document (distribution), who has (acknowledgements), and the periodic
reviews that confirmed a document is still right without a new revision."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.core.models import OrganizationScoped

from ..choices import DistributionKind, ReviewOutcome
from .document import Document, DocumentRevision


class DocumentDistribution(OrganizationScoped):
    """One line of a document's distribution: a role, a person or a process's people.

    When a revision becomes effective, everyone the distribution resolves to at that moment
    is asked to acknowledge it (one `Acknowledgement` each); people added later are asked
    for the revision in force.
    """

    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="distribution", verbose_name=_("document")
    )
    kind = models.CharField(_("distribute to"), max_length=20, choices=DistributionKind)
    role = models.CharField(_("role"), max_length=40, blank=True)
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    process = models.ForeignKey(
        "organizations.Process",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("process"),
    )

    class Meta:
        ordering = ["document", "kind", "id"]
        verbose_name = _("distribution")
        verbose_name_plural = _("distribution")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=DistributionKind.ROLE, user__isnull=True, process__isnull=True)
                    & ~Q(role="")
                )
                | Q(kind=DistributionKind.USER, user__isnull=False, process__isnull=True, role="")
                | Q(
                    kind=DistributionKind.PROCESS, process__isnull=False, user__isnull=True, role=""
                ),
                name="documents_documentdistribution_one_target",
                violation_error_message=_("Choose exactly one role, person or process."),
            ),
            # One partial unique index per kind of target: portable (SQLite has no
            # NULLS NOT DISTINCT) and each index holds only the rows it is about.
            *(
                models.UniqueConstraint(
                    fields=["document", target],
                    condition=Q(kind=kind),
                    name=f"documents_documentdistribution_unique_{target}",
                    violation_error_code="unique",
                    violation_error_message=_("The document is already distributed to them."),
                )
                for kind, target in (
                    (DistributionKind.ROLE, "role"),
                    (DistributionKind.USER, "user"),
                    (DistributionKind.PROCESS, "process"),
                )
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "document", "id"], name="doc_distrib_org_doc")
        ]

    def __str__(self) -> str:
        target = self.role or self.user or self.process
        return f"{self.document.number} → {target}"

    def get_absolute_url(self) -> str:
        return reverse("documents:documentdistribution_detail", args=[self.pk])


class Acknowledgement(OrganizationScoped):
    """A person's "I have read and understood this revision", kept as training evidence.

    Created (pending, `acknowledged_at` empty) when the revision becomes effective or the
    person joins its distribution; completed by the person with a signature (meaning
    "acknowledged") over the revision's content.
    """

    revision = models.ForeignKey(
        DocumentRevision,
        on_delete=models.PROTECT,
        related_name="acknowledgements",
        verbose_name=_("revision"),
    )
    user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("reader")
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True, editable=False)
    signature = models.ForeignKey(
        "core.Signature",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("signature"),
    )

    class Meta:
        ordering = ["-requested_at", "id"]
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "user"],
                name="documents_acknowledgement_unique_reader",
                violation_error_code="unique",
                violation_error_message=_("This person is already asked to read this revision."),
            )
        ]
        indexes = [
            models.Index(
                fields=["organization", "user", "acknowledged_at", "id"], name="doc_ack_org_user"
            ),
            models.Index(fields=["organization", "revision", "id"], name="doc_ack_org_revision"),
            models.Index(
                fields=["organization", "-requested_at", "id"], name="doc_ack_org_requested"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.revision}"

    def get_absolute_url(self) -> str:
        return reverse("documents:acknowledgement_detail", args=[self.pk])


class DocumentReview(OrganizationScoped):
    """One periodic review of a document (§7.5.2): "still right, no change" or "revise".

    "No change" is recorded here, without a new revision, and moves the next due date.
    """

    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("document")
    )
    revision = models.ForeignKey(
        DocumentRevision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revision reviewed"),
    )
    reviewed_on = models.DateField(_("reviewed on"))
    reviewer = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewer")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=ReviewOutcome)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("periodic review")
        verbose_name_plural = _("periodic reviews")
        indexes = [
            models.Index(
                fields=["organization", "document", "-reviewed_on"], name="doc_review_org_doc"
            ),
            models.Index(
                fields=["organization", "-reviewed_on", "-id"], name="doc_review_org_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.number} reviewed {self.reviewed_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("documents:documentreview_detail", args=[self.pk])
