"""The technical review and certification decision (ISO/IEC 17021-1 §9.5) and the
certificates it grants (§8.2.2; domain spec §3.4 to §3.6).

A certificate keeps one row per revision: a scope change, a recertification or a reissue
makes the next revision ACTIVE and the previous one SUPERSEDED; the number stays, the
revision distinguishes them. Every status change is a declared transition (certificates/
workflows.py) that also appends a `CertificateStatusChange`, the history the public
registry and the client see.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.core.models import OrganizationScoped

from ..choices import (
    CertificateChange,
    CertificateStatus,
    DecisionKind,
    DecisionStatus,
    SuspensionReason,
)


class CertificationDecision(OrganizationScoped):
    """The file reviewed for a certification decision and its outcome.

    Opened for the audits that feed it (`audits`); the technical review records the checks
    (`review`: all majors verified, minors with accepted plans, audit time as calculated or
    justified, application still valid, objectives met, the team's recommendation). A
    decision-maker who was on the team of any of those audits is refused.
    """

    number = models.CharField(_("number"), max_length=20, editable=False)
    programme = models.ForeignKey(
        "certification.CertificationProgramme",
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("programme"),
    )
    kind = models.CharField(_("decision on"), max_length=20, choices=DecisionKind.choices)
    audits = models.ManyToManyField(
        "certification.CertAudit", related_name="decisions", verbose_name=_("audits reviewed")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DecisionStatus.choices,
        default=DecisionStatus.PENDING,
        editable=False,
    )
    review = models.JSONField(_("technical review"), default=dict, blank=True, editable=False)
    reviewer_notes = models.TextField(_("technical review notes"), blank=True)
    audit_time_justification = models.TextField(
        _("why audit time differs from the calculation"), blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
        editable=False,
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    reasons = models.TextField(_("reasons"), blank=True, editable=False)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("certification decision")
        verbose_name_plural = _("certification decisions")
        indexes = [models.Index(fields=["organization", "-id"], name="cert_decision_org")]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], name="%(app_label)s_%(class)s_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.programme.client}"

    def get_absolute_url(self) -> str:
        return reverse("certification:decision_detail", args=[self.pk])


class Certificate(OrganizationScoped):
    """One revision of a numbered certificate with the contents of 17021-1 §8.2.2."""

    number = models.CharField(_("certificate number"), max_length=60, editable=False)
    revision = models.PositiveSmallIntegerField(_("revision"), default=1, editable=False)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CertificateStatus.choices,
        default=CertificateStatus.DRAFT,
        editable=False,
    )
    client = models.ForeignKey(
        "certification.Client",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("client"),
    )
    programme = models.ForeignKey(
        "certification.CertificationProgramme",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("programme"),
    )
    decision = models.ForeignKey(
        CertificationDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("decision"),
    )
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_revision",
        verbose_name=_("previous revision"),
        editable=False,
    )
    holder_name = models.CharField(_("certified organization"), max_length=255)
    holder_address = models.TextField(_("address"))
    sites = models.ManyToManyField(
        "certification.ClientSite", related_name="+", blank=True, verbose_name=_("sites")
    )
    sites_text = models.TextField(
        _("sites as printed"), blank=True, help_text=_("One site per line, with its activities.")
    )
    scope = models.TextField(_("scope of certification"))
    editions = models.ManyToManyField(
        "standards.StandardEdition", related_name="+", verbose_name=_("standards")
    )
    iaf_codes = models.ManyToManyField(
        "standards.IafCode", related_name="+", blank=True, verbose_name=_("IAF codes")
    )
    accredited = models.BooleanField(_("issued under accreditation"), default=True)
    accreditation = models.ForeignKey(
        "certification.Accreditation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accreditation"),
    )
    initial_certification_date = models.DateField(_("initial certification"), null=True)
    cycle_start = models.DateField(_("current cycle from"), null=True, blank=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    issue_date = models.DateField(_("issue date of this revision"), null=True, blank=True)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("Language codes, e.g. en, de.")
    )
    status_changed_on = models.DateField(_("status since"), null=True, blank=True, editable=False)
    suspension_reason = models.CharField(
        _("suspension reason"),
        max_length=10,
        choices=SuspensionReason.choices,
        blank=True,
        editable=False,
    )
    suspended_until = models.DateField(_("suspended until"), null=True, blank=True, editable=False)
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Answer only an exact-number lookup in the public registry."),
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        indexes = [
            models.Index(fields=["organization", "-id"], name="cert_certificate_org"),
            models.Index(fields=["organization", "number"], name="cert_certificate_number"),
            models.Index(fields=["status", "expiry_date"], name="cert_certificate_expiry"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number", "revision"],
                name="%(app_label)s_%(class)s_unique_revision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} rev. {self.revision}"

    def get_absolute_url(self) -> str:
        return reverse("certification:certificate_detail", args=[self.pk])


class CertificateStatusChange(OrganizationScoped):
    """One entry of a certificate's history: append-only, with actor and reason."""

    certificate = models.ForeignKey(
        Certificate,
        on_delete=models.PROTECT,
        related_name="status_changes",
        verbose_name=_("certificate"),
    )
    change = models.CharField(_("change"), max_length=20, choices=CertificateChange.choices)
    from_status = models.CharField(
        _("from"), max_length=12, choices=CertificateStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=12, choices=CertificateStatus.choices)
    on = models.DateField(_("on"))
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        ordering = ["certificate", "on", "id"]
        verbose_name = _("certificate status change")
        verbose_name_plural = _("certificate status changes")
        indexes = [
            models.Index(fields=["organization", "certificate"], name="cert_change_org_cert")
        ]

    def __str__(self) -> str:
        return f"{self.certificate} {self.get_change_display()} {self.on}"

    def get_absolute_url(self) -> str:
        return reverse("certification:certificatestatuschange_detail", args=[self.pk])
