"""Nonconformities (ISO 9001 §8.7, §10.2) and the checks of their corrective actions'
effectiveness."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.models import OrganizationScoped

from ..choices import NonconformitySource, NonconformityStatus, Severity


class Nonconformity(OrganizationScoped):
    """A non-fulfilment of a requirement, from its report to the check that its corrective
    actions worked. The state moves only through the workflow (workflows.py).

    Correction (fixing this instance: rework the batch, replace the part) and corrective
    action (removing the cause so it does not happen again) are different things: the
    correction is written here, corrective actions are tracked in the action tracker
    (`qms.actions`, kind "corrective", per action cycle).
    """

    number = models.CharField(_("number"), max_length=24, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), help_text=_("What was found, where, and which requirement it misses.")
    )
    source = models.CharField(_("source"), max_length=30, choices=NonconformitySource)
    severity = models.CharField(_("severity"), max_length=20, choices=Severity)
    process = models.ForeignKey(
        "organizations.Process",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("process"),
    )
    detected_on = models.DateField(_("detected on"), default=timezone.localdate)
    reported_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("reported by"),
    )
    owner = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
        help_text=_("Who sees the nonconformity through to its closure."),
    )
    # Nonconforming output (§8.7).
    product_reference = models.CharField(
        _("product / batch reference"),
        max_length=200,
        blank=True,
        help_text=_("The product, order, batch or lot affected, if any."),
    )
    quantity_affected = models.DecimalField(
        _("quantity affected"),
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("How much nonconforming output there is (dispositions may not exceed it)."),
    )
    quantity_unit = models.CharField(
        _("unit"), max_length=20, blank=True, help_text=_("e.g. pcs, kg, m")
    )
    containment = models.TextField(
        _("containment"),
        blank=True,
        help_text=_(
            "Immediate action to contain the problem: stop, segregate, quarantine, inform "
            "the customer. Keeps it from spreading while the cause is sought."
        ),
    )
    correction = models.TextField(
        _("correction"),
        blank=True,
        help_text=_(
            "What fixes this instance (rework, replace, re-issue). Not the corrective "
            "action: that removes the cause and is planned as actions of the cycle."
        ),
    )
    verification_due = models.DateField(
        _("effectiveness check due"),
        null=True,
        blank=True,
        help_text=_(
            "The planned date of the effectiveness check: not before it, the check can show "
            "whether the corrective actions worked."
        ),
    )
    risk = models.ForeignKey(
        "risks.Risk",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nonconformities",
        verbose_name=_("risk register entry"),
        help_text=_("The entry of the risk register this nonconformity bears on, if any."),
    )
    # Before the risk register existed the entry was typed as free text; a text that named
    # a risk of the organization also became `risk` (migration 0003); the text is kept as it
    # was, because signatures made before cover it.
    risk_reference = models.CharField(
        _("risk (earlier free text)"), max_length=100, blank=True, editable=False
    )
    cycle = models.PositiveSmallIntegerField(
        _("action cycle"),
        default=1,
        editable=False,
        help_text=_("Starts at 1; a new cycle starts after an ineffective check or a reopening."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=NonconformityStatus,
        default=NonconformityStatus.REPORTED,
        editable=False,
        help_text=_("Changed only through the nonconformity workflow."),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("closed by"),
    )

    audit_exclude: ClassVar[tuple[str, ...]] = ()
    # What a signature ("verified") vouches for: the nonconformity as found, contained and
    # corrected. Not the bookkeeping of later steps (closing, a new action cycle, its next
    # check date), which would otherwise show an earlier, valid signature as broken.
    signature_fields: ClassVar[tuple[str, ...]] = (
        "number",
        "title",
        "description",
        "source",
        "severity",
        "process",
        "detected_on",
        "owner",
        "product_reference",
        "quantity_affected",
        "quantity_unit",
        "containment",
        "correction",
        # The free text as it was signed (migration 0003 leaves it untouched); the link to
        # the risk register is a cross-reference that may be set after verification.
        "risk_reference",
    )

    class Meta:
        ordering = ["-detected_on", "-id"]
        verbose_name = _("nonconformity")
        verbose_name_plural = _("nonconformities")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"],
                name="nonconformities_nonconformity_unique_number",
                violation_error_code="unique",
                violation_error_message=_("A nonconformity with this number already exists."),
            )
        ]
        indexes = [
            # The register's default order, and one per common filter, each starting with
            # the tenant and ending in the order: a filtered page reads 50 index entries.
            models.Index(fields=["organization", "-detected_on", "-id"], name="nc_org_detected"),
            models.Index(
                fields=["organization", "status", "-detected_on", "-id"],
                name="nc_org_status_detected",
            ),
            models.Index(
                fields=["organization", "severity", "-detected_on", "-id"],
                name="nc_org_severity_detected",
            ),
            models.Index(
                fields=["organization", "source", "-detected_on", "-id"],
                name="nc_org_source_detected",
            ),
            models.Index(
                fields=["organization", "process", "-detected_on", "-id"],
                name="nc_org_process_detected",
            ),
            models.Index(
                fields=["organization", "owner", "-detected_on", "-id"],
                name="nc_org_owner_detected",
            ),
            models.Index(
                fields=["organization", "verification_due", "id"], name="nc_org_verification_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def clean(self) -> None:
        """Dates that cannot be: found in the future, checked before it was found."""
        super().clean()
        errors = {}
        if self.detected_on and self.detected_on > timezone.localdate():
            errors["detected_on"] = _("A nonconformity cannot be detected in the future.")
        if self.verification_due and self.detected_on and self.verification_due < self.detected_on:
            errors["verification_due"] = _(
                "The effectiveness check cannot be planned before the nonconformity was detected."
            )
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("nonconformities:nonconformity_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status != NonconformityStatus.CLOSED

    @property
    def age_days(self) -> int:
        """Days since it was detected, until it was closed (the register's Age column)."""
        end = timezone.localdate(self.closed_at) if self.closed_at else timezone.localdate()
        return max((end - self.detected_on).days, 0)


class EffectivenessCheck(OrganizationScoped):
    """The check, on or after the planned date, of whether one cycle's corrective actions
    removed the cause. Written only by the workflow's verify steps; append-only."""

    nonconformity = models.ForeignKey(
        Nonconformity,
        on_delete=models.PROTECT,
        related_name="effectiveness_checks",
        verbose_name=_("nonconformity"),
    )
    cycle = models.PositiveSmallIntegerField(_("action cycle"))
    effective = models.BooleanField(_("effective"))
    checked_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("checked by"),
    )
    checked_on = models.DateField(_("checked on"))
    planned_on = models.DateField(_("planned for"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-checked_on", "-id"]
        verbose_name = _("effectiveness check")
        verbose_name_plural = _("effectiveness checks")
        indexes = [
            models.Index(
                fields=["organization", "-checked_on", "-id"], name="nc_check_org_checked"
            ),
            models.Index(
                fields=["organization", "nonconformity", "cycle", "id"],
                name="nc_check_org_nc_cycle",
            ),
        ]

    def __str__(self) -> str:
        verdict = _("effective") if self.effective else _("not effective")
        return f"{self.nonconformity.number} cycle {self.cycle}: {verdict}"

    def get_absolute_url(self) -> str:
        return reverse("nonconformities:effectivenesscheck_detail", args=[self.pk])
