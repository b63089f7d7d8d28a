"""Applications and their review (ISO/IEC 17021-1 §9.1.1, §9.1.2; IAF MD 2 for transfers).

The personnel breakdown gives the effective number of personnel (IAF MD 5, domain spec
§4.3); the review records the competence check, the audit time and the decision.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.core.models import OrganizationScoped

from ..choices import ApplicationStatus, ApplicationType, Complexity, TransferCertificateStatus


class Application(OrganizationScoped):
    """A client's request for certification, recertification, extension or transfer."""

    number = models.CharField(_("number"), max_length=20, editable=False)
    client = models.ForeignKey(
        "certification.Client",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("client"),
    )
    type = models.CharField(_("type"), max_length=20, choices=ApplicationType.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.RECEIVED,
        editable=False,
        help_text=_("Changed only through the review workflow."),
    )
    received_on = models.DateField(_("received on"))
    editions = models.ManyToManyField(
        "standards.StandardEdition", related_name="+", verbose_name=_("standards")
    )
    iaf_codes = models.ManyToManyField(
        "standards.IafCode", related_name="+", verbose_name=_("IAF codes")
    )
    scope = models.TextField(
        _("scope"), help_text=_("Activities, products and services to be certified.")
    )
    sites = models.ManyToManyField(
        "certification.ClientSite", related_name="+", blank=True, verbose_name=_("sites")
    )
    outsourced_processes = models.TextField(_("outsourced processes"), blank=True)
    consultancy = models.TextField(
        _("management-system consultancy received"),
        blank=True,
        help_text=_("From whom and when (impartiality: 2 years)."),
    )
    # Personnel breakdown (domain spec §4.3).
    full_time = models.PositiveIntegerField(
        _("full-time personnel"), default=0, help_text=_("All shifts, in the scope.")
    )
    shifts = models.PositiveSmallIntegerField(_("shifts"), default=1)
    part_time = models.PositiveIntegerField(_("part-time personnel"), default=0)
    part_time_hours = models.DecimalField(
        _("part-time hours a week (each)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("80"))],
    )
    full_time_hours = models.DecimalField(
        _("full-time hours a week"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("40"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("80"))],
    )
    seasonal = models.PositiveIntegerField(
        _("seasonal or temporary personnel"), default=0, help_text=_("Present when audited.")
    )
    contractors = models.PositiveIntegerField(
        _("contractors under the client's control"), default=0
    )
    repetitive_reduction = models.DecimalField(
        _("reduction for similar repetitive work"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Personnel deducted from the count (needs a justification)."),
    )
    repetitive_reduction_justification = models.TextField(
        _("why the reduction is justified"), blank=True
    )
    complexity = models.CharField(
        _("complexity category"),
        max_length=10,
        choices=Complexity.choices,
        default=Complexity.MEDIUM,
    )
    non_accredited = models.BooleanField(
        _("non-accredited certification"),
        default=False,
        help_text=_("Certify outside the accredited scope, without the accreditation mark."),
    )
    non_accredited_reason = models.TextField(_("why non-accredited"), blank=True)
    # Review (§9.1.2), written by the review workflow.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("reviewed by"),
    )
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True, editable=False)
    competence_check = models.JSONField(
        _("competence check"), default=dict, blank=True, editable=False
    )
    decision_reason = models.TextField(_("reasons for the decision"), blank=True, editable=False)

    signature_fields: ClassVar[tuple[str, ...]] = ("number", "type", "scope", "status")

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], name="%(app_label)s_%(class)s_unique_number"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "-received_on", "-id"], name="cert_app_org_recv"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.client}" if self.number else str(self.client)

    def get_absolute_url(self) -> str:
        return reverse("certification:application_detail", args=[self.pk])


class TransferReview(OrganizationScoped):
    """The pre-transfer review of IAF MD 2 (domain spec §3.9), for a transfer application."""

    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        related_name="transfer_review",
        verbose_name=_("application"),
    )
    issuing_body = models.CharField(_("issuing certification body"), max_length=200)
    issuing_accreditation_body = models.CharField(_("its accreditation body"), max_length=120)
    issuing_body_mla_signatory = models.BooleanField(
        _("accreditation body is an MLA signatory"),
        default=True,
        help_text=_("Otherwise the client is treated as a new client."),
    )
    certificate_number = models.CharField(_("certificate number"), max_length=60)
    certificate_expiry = models.DateField(_("certificate expiry"))
    certificate_status = models.CharField(
        _("certificate status"),
        max_length=20,
        choices=TransferCertificateStatus.choices,
        default=TransferCertificateStatus.VALID,
    )
    reason = models.TextField(_("reason for the transfer"))
    checklist = models.JSONField(
        _("review checklist"),
        default=dict,
        blank=True,
        help_text=_("Each MD 2 review item: done, finding."),
    )
    open_major_ncs = models.PositiveSmallIntegerField(_("open major nonconformities"), default=0)
    site_visit_needed = models.BooleanField(_("site visit needed"), default=False)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)

    class Meta:
        ordering = ["application", "id"]
        verbose_name = _("transfer review")
        verbose_name_plural = _("transfer reviews")
        indexes = [
            models.Index(fields=["organization", "application"], name="cert_transfer_org_app")
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.issuing_body}"

    def get_absolute_url(self) -> str:
        return reverse("certification:application_detail", args=[self.application_id])
