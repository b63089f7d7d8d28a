"""The work of one certification audit (ISO/IEC 17021-1 §9.2 to §9.4): its team with their
competence check and conflict-of-interest declarations, its plan (versioned once sent), the
checklist per clause, the graded findings and the client's responses to them, and the client
contacts' access to the portal.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.core.models import OrganizationScoped

from ..choices import (
    ChecklistResult,
    FindingGrade,
    FindingStatus,
    PlanStatus,
    PortalAccessStatus,
    ResponseReview,
    TeamRole,
)


class AuditTeamMember(OrganizationScoped):
    """One person on a certification audit's team.

    `competence` keeps the check made when the member was added or the dates changed
    (qualified for the standards and IAF codes, valid on the audit's days): a list of
    problems, empty when competent. A member declares conflicts of interest before the audit
    (`declared_at`); a declared conflict (`has_conflict`) keeps them off the team.
    `CertAudit.lead_auditor` and `CertAudit.team` mirror the members (the services keep them
    in step) so the programme's pages and rules read them as before.
    """

    audit = models.ForeignKey(
        "certification.CertAudit",
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("audit"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=20, choices=TeamRole.choices)
    competence = models.JSONField(_("competence check"), default=list, blank=True, editable=False)
    competence_checked_on = models.DateField(
        _("competence checked on"), null=True, blank=True, editable=False
    )
    declared_at = models.DateTimeField(
        _("conflict of interest declared"), null=True, blank=True, editable=False
    )
    has_conflict = models.BooleanField(_("declares a conflict of interest"), default=False)
    declaration = models.TextField(
        _("declaration"),
        blank=True,
        help_text=_(
            "Consultancy, employment or other links with the client in the last two years, or none."
        ),
    )

    class Meta:
        ordering = ["audit", "role", "id"]
        verbose_name = _("audit team member")
        verbose_name_plural = _("audit team members")
        indexes = [models.Index(fields=["organization", "audit"], name="cert_member_org_audit")]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "person"], name="%(app_label)s_%(class)s_once_per_audit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        return reverse("certification:auditteammember_detail", args=[self.pk])


class AuditPlan(OrganizationScoped):
    """The plan of one certification audit: objectives, scope, criteria and time slots.

    Edited freely while a draft; sending it to the client freezes a numbered `AuditPlanIssue`
    (version 1, 2…) with a snapshot the PDF and the portal are made from. A change after
    sending is made on the plan and sent again as the next version, with a note.
    """

    audit = models.OneToOneField(
        "certification.CertAudit",
        on_delete=models.PROTECT,
        related_name="plan",
        verbose_name=_("audit"),
    )
    objectives = models.TextField(_("objectives"), blank=True)
    scope = models.TextField(_("audit scope"), blank=True)
    criteria = models.TextField(
        _("audit criteria"), blank=True, help_text=_("e.g. ISO 9001:2015, the client's own QMS.")
    )
    notes = models.TextField(_("notes for the client"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PlanStatus.choices,
        default=PlanStatus.DRAFT,
        editable=False,
    )
    issued_version = models.PositiveIntegerField(_("version sent"), default=0, editable=False)
    changed_since_sent = models.BooleanField(_("changed since sent"), default=False, editable=False)

    class Meta:
        ordering = ["audit", "id"]
        verbose_name = _("audit plan")
        verbose_name_plural = _("audit plans")
        indexes = [models.Index(fields=["organization", "audit"], name="cert_plan_org_audit")]

    def __str__(self) -> str:
        return f"{_('Audit plan')} · {self.audit}"

    def get_absolute_url(self) -> str:
        return reverse("certification:auditplan_of_audit", args=[self.audit_id])


class AuditPlanSlot(OrganizationScoped):
    """One time slot of a plan: when, where, what (processes and clauses) and who."""

    plan = models.ForeignKey(
        AuditPlan, on_delete=models.CASCADE, related_name="slots", verbose_name=_("plan")
    )
    day = models.DateField(_("day"))
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    site = models.ForeignKey(
        "certification.ClientSite",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("site"),
    )
    activity = models.CharField(
        _("activity"), max_length=200, help_text=_("e.g. Opening meeting, Purchasing.")
    )
    processes = models.CharField(_("processes"), max_length=300, blank=True)
    clauses = models.ManyToManyField(
        "standards.Clause", related_name="+", blank=True, verbose_name=_("clauses")
    )
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auditor"),
    )
    remote = models.BooleanField(_("remote"), default=False)

    class Meta:
        ordering = ["plan", "day", "starts", "id"]
        verbose_name = _("plan slot")
        verbose_name_plural = _("plan slots")
        indexes = [models.Index(fields=["organization", "plan"], name="cert_slot_org_plan")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("A slot ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.starts:%H:%M}-{self.ends:%H:%M} {self.activity}"

    def get_absolute_url(self) -> str:
        return reverse("certification:auditplanslot_detail", args=[self.pk])


class AuditPlanIssue(OrganizationScoped):
    """A version of a plan as sent to the client: never edited."""

    plan = models.ForeignKey(
        AuditPlan, on_delete=models.PROTECT, related_name="issues", verbose_name=_("plan")
    )
    version = models.PositiveIntegerField(_("version"))
    sent_at = models.DateTimeField(_("sent"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    change_note = models.TextField(_("what changed"), blank=True)
    snapshot = models.JSONField(_("plan as sent"))

    class Meta:
        ordering = ["plan", "-version"]
        verbose_name = _("audit plan version")
        verbose_name_plural = _("audit plan versions")
        indexes = [models.Index(fields=["organization", "plan"], name="cert_planissue_org_plan")]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "version"], name="%(app_label)s_%(class)s_unique_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("certification:auditplanissue_detail", args=[self.pk])


class CertChecklistItem(OrganizationScoped):
    """One clause of a standard in scope, as checked on a certification audit: the result,
    the auditor's notes and evidence (files and photos are core attachments on the item)."""

    audit = models.ForeignKey(
        "certification.CertAudit",
        on_delete=models.PROTECT,
        related_name="checklist",
        verbose_name=_("audit"),
    )
    clause = models.ForeignKey(
        "standards.Clause", on_delete=models.PROTECT, related_name="+", verbose_name=_("clause")
    )
    result = models.CharField(
        _("result"), max_length=20, choices=ChecklistResult.choices, blank=True, default=""
    )
    notes = models.TextField(_("notes and evidence seen"), blank=True)
    site = models.ForeignKey(
        "certification.ClientSite",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("site"),
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
        editable=False,
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["audit", "clause__edition_id", "clause__sort_key", "id"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        indexes = [models.Index(fields=["organization", "audit"], name="cert_check_org_audit")]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "clause"], name="%(app_label)s_%(class)s_once_per_clause"
            ),
        ]

    def __str__(self) -> str:
        return str(self.clause)

    def get_absolute_url(self) -> str:
        return reverse("certification:certchecklistitem_detail", args=[self.pk])


class CertFinding(OrganizationScoped):
    """A graded finding of a certification audit (domain spec §3.3).

    Majors and minors go through the client portal (`FindingResponse`); `respond_by` is when
    the client's response is due and `verify_by` when a major must be verified (the body's
    policy; for an initial audit never later than the major-NC limit after the last day of
    Stage 2). Where the client runs its QMS here and consents, the finding is also raised in
    the client's own nonconformity register (`client_nc_id`), and its closure there is
    reported back.
    """

    audit = models.ForeignKey(
        "certification.CertAudit",
        on_delete=models.PROTECT,
        related_name="findings",
        verbose_name=_("audit"),
    )
    number = models.CharField(_("number"), max_length=20, editable=False)
    grade = models.CharField(_("grade"), max_length=20, choices=FindingGrade.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=FindingStatus.choices,
        default=FindingStatus.OPEN,
        editable=False,
    )
    clause = models.ForeignKey(
        "standards.Clause",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("clause"),
    )
    site = models.ForeignKey(
        "certification.ClientSite",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("site"),
    )
    checklist_item = models.ForeignKey(
        CertChecklistItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("checklist item"),
    )
    statement = models.TextField(_("finding"))
    objective_evidence = models.TextField(_("objective evidence"), blank=True)
    requirement = models.TextField(
        _("requirement reference"),
        blank=True,
        help_text=_("The requirement (clause, procedure, contract) the finding is against."),
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("raised by"),
        editable=False,
    )
    respond_by = models.DateField(_("response due"), null=True, blank=True)
    verify_by = models.DateField(_("verification due"), null=True, blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True, editable=False)
    verification_method = models.CharField(
        _("verified by"),
        max_length=20,
        blank=True,
        choices=[("document_review", _("Document review")), ("follow_up", _("Follow-up visit"))],
    )
    client_nc_id = models.PositiveBigIntegerField(
        _("nonconformity in the client's register"), null=True, blank=True, editable=False
    )
    client_nc_number = models.CharField(
        _("client's NC number"), max_length=40, blank=True, editable=False
    )
    client_nc_closed_on = models.DateField(
        _("closed in the client's register"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["audit", "id"]
        verbose_name = _("certification audit finding")
        verbose_name_plural = _("certification audit findings")
        indexes = [
            models.Index(fields=["organization", "audit", "id"], name="cert_finding_org_audit"),
            models.Index(fields=["organization", "status", "respond_by"], name="cert_finding_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "number"], name="%(app_label)s_%(class)s_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.get_grade_display()}"

    def get_absolute_url(self) -> str:
        return reverse("certification:certfinding_detail", args=[self.pk])


class FindingResponse(OrganizationScoped):
    """One round of the client's answer to a nonconformity and the auditor's review of it.

    Never edited once reviewed: a returned response stays with its comments and the client
    submits a new round. Evidence files are core attachments on the response.
    """

    finding = models.ForeignKey(
        CertFinding, on_delete=models.PROTECT, related_name="responses", verbose_name=_("finding")
    )
    round = models.PositiveSmallIntegerField(_("round"), editable=False)
    correction = models.TextField(_("correction"))
    root_cause = models.TextField(_("root cause"))
    corrective_action = models.TextField(_("corrective action"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
        editable=False,
    )
    submitted_at = models.DateTimeField(_("submitted"), editable=False)
    review = models.CharField(
        _("review"),
        max_length=20,
        choices=ResponseReview.choices,
        default=ResponseReview.PENDING,
        editable=False,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
        editable=False,
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True, editable=False)
    review_comment = models.TextField(_("auditor's comments"), blank=True, editable=False)

    class Meta:
        ordering = ["finding", "round"]
        verbose_name = _("finding response")
        verbose_name_plural = _("finding responses")
        indexes = [
            models.Index(fields=["organization", "finding"], name="cert_response_org_finding")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["finding", "round"], name="%(app_label)s_%(class)s_unique_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.finding} · {_('round')} {self.round}"

    def get_absolute_url(self) -> str:
        return reverse("certification:findingresponse_detail", args=[self.pk])


class PortalAccess(OrganizationScoped):
    """A client contact's log-in to the client portal: the person sees only this client's
    audits, plans, findings and reports, and answers its nonconformities."""

    client = models.ForeignKey(
        "certification.Client",
        on_delete=models.PROTECT,
        related_name="portal_accesses",
        verbose_name=_("client"),
    )
    contact = models.ForeignKey(
        "certification.ClientContact",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portal_accesses",
        verbose_name=_("contact"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certification_portal_accesses",
        verbose_name=_("user"),
        editable=False,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PortalAccessStatus.choices,
        default=PortalAccessStatus.ACTIVE,
        editable=False,
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("granted by"),
        editable=False,
    )

    class Meta:
        ordering = ["client", "id"]
        verbose_name = _("client portal access")
        verbose_name_plural = _("client portal accesses")
        indexes = [
            models.Index(fields=["organization", "client"], name="cert_portal_org_client"),
            models.Index(fields=["user", "status"], name="cert_portal_user"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "user"], name="%(app_label)s_%(class)s_once_per_client"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.client}"

    def get_absolute_url(self) -> str:
        return reverse("certification:portalaccess_detail", args=[self.pk])
