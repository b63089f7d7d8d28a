"""The audit programme of a 3-year certification cycle (ISO/IEC 17021-1 §9.1.3; domain
spec §3.7) and the certification audits planned in it.

The due dates come from `programme.rules` with the body's policies; a programme's audits are
checked against the hard rules (refused) and the soft ones (accepted with a justification).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.core.models import OrganizationScoped

from ..choices import (
    AuditKind,
    CertAuditStatus,
    ProgrammeKind,
    ProgrammeStatus,
    Recommendation,
    Stage1Conclusion,
)


class CertificationProgramme(OrganizationScoped):
    """One certification cycle of one client: initial (two-stage) or recertification."""

    number = models.CharField(_("number"), max_length=20, editable=False)
    client = models.ForeignKey(
        "certification.Client",
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("client"),
    )
    application = models.ForeignKey(
        "certification.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("cycle"), max_length=20, choices=ProgrammeKind.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProgrammeStatus.choices,
        default=ProgrammeStatus.PLANNING,
        editable=False,
    )
    editions = models.ManyToManyField(
        "standards.StandardEdition", related_name="+", verbose_name=_("standards")
    )
    iaf_codes = models.ManyToManyField(
        "standards.IafCode", related_name="+", verbose_name=_("IAF codes")
    )
    decision_date = models.DateField(
        _("certification decision"),
        null=True,
        blank=True,
        help_text=_("D0: the cycle's dates are computed from it."),
    )
    previous_expiry = models.DateField(
        _("previous expiry"),
        null=True,
        blank=True,
        help_text=_("For a recertification or transferred cycle: the expiring certificate."),
    )
    expiry = models.DateField(_("expiry"), null=True, blank=True, editable=False)
    stage2_last_day = models.DateField(_("last day of Stage 2"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["client__legal_name", "-id"]
        verbose_name = _("certification programme")
        verbose_name_plural = _("certification programmes")
        indexes = [
            models.Index(fields=["organization", "client", "-id"], name="cert_prog_org_client")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], name="%(app_label)s_%(class)s_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.client}"

    def get_absolute_url(self) -> str:
        return reverse("certification:programme_detail", args=[self.pk])


class CertAudit(OrganizationScoped):
    """A certification audit of a programme: Stage 1, Stage 2, surveillance,
    recertification or special, with its due window, dates and team."""

    programme = models.ForeignKey(
        CertificationProgramme,
        on_delete=models.PROTECT,
        related_name="audits",
        verbose_name=_("programme"),
    )
    kind = models.CharField(_("audit"), max_length=20, choices=AuditKind.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CertAuditStatus.choices,
        default=CertAuditStatus.PLANNED,
        editable=False,
    )
    due_from = models.DateField(_("due from"), null=True, blank=True, editable=False)
    due_by = models.DateField(_("due by"), null=True, blank=True, editable=False)
    start_date = models.DateField(_("first day"), null=True, blank=True)
    end_date = models.DateField(_("last day"), null=True, blank=True)
    audit_days = models.DecimalField(
        _("auditor-days"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    lead_auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead auditor"),
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("audit team")
    )
    sites = models.ManyToManyField(
        "certification.ClientSite", related_name="+", blank=True, verbose_name=_("sites")
    )
    purpose = models.TextField(
        _("purpose"), blank=True, help_text=_("For a special audit: why (§9.6.4).")
    )
    override_justification = models.TextField(
        _("justification for a date outside the window"), blank=True
    )
    warnings = models.JSONField(_("warnings"), default=list, blank=True, editable=False)
    # The audit's outcome (§9.3.1.2, §9.4.8), recorded by the lead auditor.
    stage1_conclusion = models.CharField(
        _("Stage 1 conclusion"), max_length=12, choices=Stage1Conclusion.choices, blank=True
    )
    issues_to_fix = models.TextField(
        _("areas of concern / issues to fix before Stage 2"), blank=True
    )
    conclusion = models.TextField(_("audit conclusion"), blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    days_spent = models.DecimalField(
        _("auditor-days spent"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    time_difference_reason = models.TextField(
        _("why the time spent differs from the plan"), blank=True
    )
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("concluded by"),
        editable=False,
    )
    concluded_at = models.DateTimeField(_("concluded"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["programme", "start_date", "due_by", "id"]
        verbose_name = _("certification audit")
        verbose_name_plural = _("certification audits")
        indexes = [
            models.Index(fields=["organization", "status", "due_by"], name="cert_audit_org_due"),
            models.Index(fields=["organization", "start_date"], name="cert_audit_org_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="%(app_label)s_%(class)s_dates_in_order",
                violation_error_message=_("The audit ends before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.programme.client}"

    def get_absolute_url(self) -> str:
        return reverse("certification:certaudit_detail", args=[self.pk])
