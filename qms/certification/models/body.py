"""The certification body itself: its profile and policies, its accreditation and scope,
and the qualifications of its auditors (ISO/IEC 17021-1 §5, §7, Annex A)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.core.models import OrganizationScoped

from ..choices import AccreditationStatus, AuditorGrade


class CertificationBody(OrganizationScoped):
    """An organization of this installation that certifies others, with its policies.

    The policies are the certification body's own choices ([CB] in the domain spec), read by
    the audit-time calculator and the programme date rules; nothing of them is a constant
    in code.
    """

    name = models.CharField(_("name"), max_length=200, help_text=_("As on certificates."))
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # Programme dates (domain spec §3.6, §3.7).
    expiry_days_less = models.PositiveSmallIntegerField(
        _("days before the 3-year anniversary"),
        default=1,
        validators=[MaxValueValidator(31)],
        help_text=_("Expiry = decision date + 3 years, less this many days (usually 1)."),
    )
    surveillance_tolerance_months = models.PositiveSmallIntegerField(
        _("surveillance tolerance (months)"),
        default=3,
        validators=[MaxValueValidator(6)],
        help_text=_(
            "How far the second surveillance may be from 24 months after the decision "
            "before it needs a justified override."
        ),
    )
    recertification_lead_months = models.PositiveSmallIntegerField(
        _("recertification lead time (months)"),
        default=3,
        validators=[MaxValueValidator(12)],
        help_text=_("Start the recertification audit at least this long before expiry."),
    )
    max_suspension_months = models.PositiveSmallIntegerField(
        _("maximum suspension (months)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    restoration_months = models.PositiveSmallIntegerField(
        _("restoration window (months)"),
        default=6,
        validators=[MaxValueValidator(12)],
        help_text=_("How long after expiry a lapsed certification may still be restored."),
    )
    major_verification_months = models.PositiveSmallIntegerField(
        _("major nonconformity verification (months)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("After the last day of Stage 2; later, Stage 2 is repeated."),
    )
    major_response_days = models.PositiveSmallIntegerField(
        _("major nonconformity: evidence due (days)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
        help_text=_(
            "After the audit's last day: correction and corrective action with evidence. "
            "Never later than the verification limit above or the certificate's expiry."
        ),
    )
    minor_response_days = models.PositiveSmallIntegerField(
        _("minor nonconformity: plan due (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
        help_text=_("After the audit's last day: the client's correction and action plan."),
    )
    # Audit time (domain spec §4).
    stage1_percent = models.DecimalField(
        _("Stage 1 share (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("33.33"),
        validators=[MinValueValidator(Decimal("10")), MaxValueValidator(Decimal("50"))],
        help_text=_("The share of the initial audit time spent on Stage 1."),
    )
    audit_time_interpolation = models.CharField(
        _("audit-time bands"),
        max_length=10,
        choices=[("step", _("Steps (table value of the band)")), ("linear", _("Continuum"))],
        default="step",
    )
    minimum_audit_days = models.DecimalField(
        _("minimum surveillance or recertification days"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_("A floor your body applies (not in IAF MD 5). Empty: none."),
    )
    qms_complexity_adjustments = models.JSONField(
        _("QMS complexity adjustments (%)"),
        default=dict,
        blank=True,
        help_text=_(
            'Per complexity category, e.g. {"high": 10, "low": -10}. IAF MD 5 gives one '
            "QMS column; medium is the table value."
        ),
    )
    # Certificates (issue 18 uses it).
    certificate_number_pattern = models.CharField(
        _("certificate number pattern"),
        max_length=60,
        default="{prefix}-{year}-{seq:04d}",
        help_text=_("Placeholders: {prefix}, {year}, {standard}, {seq} (e.g. {seq:04d})."),
    )
    certificate_prefix = models.CharField(
        _("certificate prefix"), max_length=20, default="CERT", blank=True
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("certification body")
        verbose_name_plural = _("certification bodies")
        indexes = [models.Index(fields=["organization", "name", "id"], name="cert_body_org_name")]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                name="%(app_label)s_%(class)s_one_per_organization",
                violation_error_message=_("This organization is already a certification body."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("certification:body_detail")


class Accreditation(OrganizationScoped):
    """The body's accreditation by an accreditation body (ISO/IEC 17011), domain spec §5."""

    accreditation_body = models.CharField(
        _("accreditation body"), max_length=120, help_text=_("e.g. UKAS")
    )
    number = models.CharField(_("accreditation number"), max_length=60)
    standard_basis = models.CharField(
        _("accredited to"), max_length=80, default="ISO/IEC 17021-1:2015"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AccreditationStatus.choices,
        default=AccreditationStatus.ACTIVE,
        editable=False,
        help_text=_("Changed only by suspending, reinstating or withdrawing it."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["accreditation_body", "number", "id"]
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        indexes = [
            models.Index(
                fields=["organization", "accreditation_body", "number"], name="cert_accr_org_ab"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "accreditation_body", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message=_("This accreditation is already recorded."),
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="%(app_label)s_%(class)s_dates_in_order",
                violation_error_message=_("The accreditation ends before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.accreditation_body} {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("certification:accreditation_detail", args=[self.pk])


class AccreditationScope(OrganizationScoped):
    """One line of the schedule of accreditation: a standard edition and its IAF codes."""

    accreditation = models.ForeignKey(
        Accreditation,
        on_delete=models.PROTECT,
        related_name="scopes",
        verbose_name=_("accreditation"),
    )
    edition = models.ForeignKey(
        "standards.StandardEdition",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("standard"),
    )
    iaf_codes = models.ManyToManyField(
        "standards.IafCode", related_name="+", verbose_name=_("IAF codes")
    )
    exclusions = models.TextField(
        _("exclusions"), blank=True, help_text=_("NACE sub-codes or activities excluded.")
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))

    class Meta:
        ordering = ["accreditation", "edition__standard__code", "id"]
        verbose_name = _("accreditation scope")
        verbose_name_plural = _("accreditation scopes")
        indexes = [
            models.Index(fields=["organization", "accreditation"], name="cert_scope_org_accr")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["accreditation", "edition"],
                name="%(app_label)s_%(class)s_unique_edition",
                violation_error_message=_("This standard is already in the accreditation."),
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="%(app_label)s_%(class)s_dates_in_order",
                violation_error_message=_("The scope ends before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.accreditation}: {self.edition}"

    def get_absolute_url(self) -> str:
        return reverse("certification:accreditation_detail", args=[self.accreditation_id])


class AuditorQualification(OrganizationScoped):
    """What one person of the body is qualified to audit (ISO/IEC 17021-1 Annex A,
    17021-3): a standard, IAF codes, a grade, until a date."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person"),
    )
    standard = models.ForeignKey(
        "standards.Standard",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("standard"),
    )
    iaf_codes = models.ManyToManyField(
        "standards.IafCode", related_name="+", blank=True, verbose_name=_("IAF codes")
    )
    grade = models.CharField(_("grade"), max_length=20, choices=AuditorGrade.choices)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_("Training, experience, witnessed audits (Markdown)."),
    )

    class Meta:
        ordering = ["person__full_name", "person__email", "standard__code", "id"]
        verbose_name = _("auditor qualification")
        verbose_name_plural = _("auditor qualifications")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "person", "standard"],
                name="%(app_label)s_%(class)s_unique_standard",
                violation_error_message=_("This person already has a qualification for it."),
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="%(app_label)s_%(class)s_dates_in_order",
                violation_error_message=_("The qualification ends before it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "valid_until"], name="cert_qual_org_until"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.standard} · {self.get_grade_display()}"

    def get_absolute_url(self) -> str:
        return reverse("certification:qualification_detail", args=[self.pk])
