"""Internal audits (ISO 9001 §9.2): the yearly programme with its processes, the audits,
their checklists and their findings."""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.core.models import OrganizationScoped

from .choices import (
    AuditStatus,
    ChecklistAnswer,
    FindingGrade,
    FindingStatus,
    Importance,
    PreviousResult,
    ProgrammeStatus,
    RiskLevel,
)


class AuditProgramme(OrganizationScoped):
    """The organization's audit programme for one calendar year (§9.2.2 a)."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=200)
    objectives = models.TextField(
        _("objectives"),
        blank=True,
        help_text=_("What the programme sets out to achieve this year (Markdown)."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProgrammeStatus.choices,
        default=ProgrammeStatus.DRAFT,
        editable=False,
        help_text=_("Changed only through the programme workflow (approve, revise)."),
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=0, editable=False)
    approved_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("approved by"),
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True, editable=False)

    # What the approval signs: the programme's content and revision. Who approved and when
    # are written by the approval itself (and are in its signature), so they are not signed.
    signature_fields: ClassVar[tuple[str, ...]] = ("year", "title", "objectives", "revision")

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("audit programme")
        verbose_name_plural = _("audit programmes")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="%(app_label)s_%(class)s_unique_year",
                violation_error_message=_("There is already a programme for this year."),
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "-year", "-id"], name="ia_prog_org_year"),
        ]

    def __str__(self) -> str:
        return self.title or str(self.year)

    def get_absolute_url(self) -> str:
        return reverse("internal_audits:auditprogramme_detail", args=[self.pk])


class ProgrammeProcess(OrganizationScoped):
    """One process in a programme, with what decides how often it is audited."""

    programme = models.ForeignKey(
        AuditProgramme,
        on_delete=models.PROTECT,
        related_name="rows",
        verbose_name=_("programme"),
    )
    process = models.ForeignKey(
        "organizations.Process",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("process"),
    )
    importance = models.CharField(
        _("importance"),
        max_length=10,
        choices=Importance.choices,
        default=Importance.MEDIUM,
        help_text=_("How much the process matters to the quality of products and services."),
    )
    risk_level = models.CharField(
        _("risk level"),
        max_length=10,
        choices=RiskLevel.choices,
        default=RiskLevel.NONE,
        editable=False,
        help_text=_("Read from the risk register: the highest residual level of open risks."),
    )
    previous_result = models.CharField(
        _("previous result"),
        max_length=20,
        choices=PreviousResult.choices,
        default=PreviousResult.NOT_AUDITED,
        editable=False,
        help_text=_("The worst finding of the process's last completed audit."),
    )
    suggested_per_year = models.PositiveSmallIntegerField(
        _("suggested audits per year"), default=1, editable=False
    )
    audits_per_year_override = models.PositiveSmallIntegerField(
        _("audits per year (your choice)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Leave empty to follow the suggestion."),
    )
    audits_per_year = models.PositiveSmallIntegerField(
        _("audits per year"), default=1, editable=False
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["programme", "process__name", "id"]
        verbose_name = _("programme process")
        verbose_name_plural = _("programme processes")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "process"],
                name="%(app_label)s_%(class)s_unique_process",
                violation_error_message=_("This process is already in the programme."),
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "programme"], name="ia_progproc_org_prog"),
        ]

    def __str__(self) -> str:
        return f"{self.process} ({self.programme})"

    def get_absolute_url(self) -> str:
        return reverse("internal_audits:programmeprocess_detail", args=[self.pk])


class Audit(OrganizationScoped):
    """One internal audit (IA-YYYY-NNN): scope, criteria, team, plan, report."""

    programme = models.ForeignKey(
        AuditProgramme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audits",
        verbose_name=_("programme"),
    )
    number = models.CharField(_("number"), max_length=30, editable=False)
    title = models.CharField(_("title"), max_length=200)
    processes = models.ManyToManyField(
        "organizations.Process", blank=True, related_name="+", verbose_name=_("processes")
    )
    clauses = models.ManyToManyField(
        "standards.Clause",
        blank=True,
        related_name="+",
        verbose_name=_("criteria (clauses)"),
        help_text=_("The clauses of the adopted standards this audit checks against."),
    )
    scope = models.TextField(_("scope"), blank=True)
    lead_auditor = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lead auditor"),
    )
    auditors = models.ManyToManyField(
        "accounts.User", blank=True, related_name="+", verbose_name=_("auditors")
    )
    auditees = models.ManyToManyField(
        "accounts.User", blank=True, related_name="+", verbose_name=_("auditees")
    )
    planned_month = models.DateField(
        _("planned month"), help_text=_("The month the audit is planned for.")
    )
    start_on = models.DateField(_("starts on"), null=True, blank=True)
    end_on = models.DateField(_("ends on"), null=True, blank=True)
    plan = models.TextField(_("audit plan"), blank=True, help_text=_("Markdown."))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AuditStatus.choices,
        default=AuditStatus.PLANNED,
        editable=False,
        help_text=_("Changed only through the audit workflow."),
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("follow-up of"),
    )
    reported_on = models.DateField(_("reported on"), null=True, blank=True, editable=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    conclusion = models.TextField(_("conclusion"), blank=True)

    # What issuing the report signs: the audit's content. The audit's dates (filled in by
    # starting and reporting when empty) and the report and closing dates are written by the
    # steps themselves, so closing the audit leaves the report's signature valid.
    signature_fields: ClassVar[tuple[str, ...]] = (
        "number",
        "title",
        "programme",
        "scope",
        "lead_auditor",
        "planned_month",
        "plan",
        "previous",
        "conclusion",
    )

    class Meta:
        ordering = ["-planned_month", "-id"]
        verbose_name = _("internal audit")
        verbose_name_plural = _("internal audits")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message=_("An audit with this number already exists."),
            ),
            models.CheckConstraint(
                condition=models.Q(start_on__isnull=True)
                | models.Q(end_on__isnull=True)
                | models.Q(end_on__gte=models.F("start_on")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("The audit cannot end before it starts."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "-planned_month", "-id"], name="ia_audit_org_month"
            ),
            models.Index(
                fields=["organization", "status", "planned_month"], name="ia_audit_org_st"
            ),
            models.Index(fields=["organization", "reported_on"], name="ia_audit_org_rep"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    def get_absolute_url(self) -> str:
        return reverse("internal_audits:audit_detail", args=[self.pk])

    @property
    def is_completed(self) -> bool:
        return self.status in (AuditStatus.REPORTED, AuditStatus.CLOSED)

    @property
    def is_overdue(self) -> bool:
        """Its month has passed and it is still planned or in progress."""
        from django.utils import timezone

        month = timezone.localdate().replace(day=1)
        return (
            self.status in (AuditStatus.PLANNED, AuditStatus.IN_PROGRESS)
            and self.planned_month < month
        )

    @property
    def display_state(self) -> str:
        """The state shown in the programme's matrix and calendar: done, overdue, or the
        workflow state."""
        if self.is_completed:
            return "done"
        if self.is_overdue:
            return "overdue"
        return str(self.status)

    @property
    def display_state_label(self) -> str:
        if self.is_completed:
            return str(_("Done"))
        if self.is_overdue:
            return str(_("Overdue"))
        return str(self.get_status_display())

    @property
    def planned_month_label(self) -> str:
        return self.planned_month.strftime("%B %Y") if self.planned_month else ""

    @property
    def processes_label(self) -> str:
        """The processes' names (prefetch `processes` in lists: no query per row)."""
        return ", ".join(str(process) for process in self.processes.all())


class ChecklistItem(OrganizationScoped):
    """One question of an audit's checklist and the auditor's answer."""

    audit = models.ForeignKey(
        Audit, on_delete=models.PROTECT, related_name="checklist_items", verbose_name=_("audit")
    )
    clause = models.ForeignKey(
        "standards.Clause",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("clause"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    question = models.TextField(_("question"))
    guidance = models.TextField(_("guidance"), blank=True)
    answer = models.CharField(
        _("answer"),
        max_length=20,
        choices=ChecklistAnswer.choices,
        default=ChecklistAnswer.BLANK,
        blank=True,
    )
    notes = models.TextField(_("notes"), blank=True)
    evidence_notes = models.TextField(_("evidence seen"), blank=True)
    answered_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    previous_answer = models.CharField(
        _("previous answer"),
        max_length=20,
        choices=ChecklistAnswer.choices,
        default=ChecklistAnswer.BLANK,
        blank=True,
        editable=False,
    )
    previous_notes = models.TextField(_("previous notes"), blank=True, editable=False)

    class Meta:
        ordering = ["audit", "position", "id"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        indexes = [
            models.Index(fields=["organization", "audit", "position"], name="ia_item_org_audit"),
        ]

    def __str__(self) -> str:
        return self.question[:80]

    def get_absolute_url(self) -> str:
        return reverse("internal_audits:checklist", args=[self.audit_id])


class Finding(OrganizationScoped):
    """What an audit found (F-01, F-02… within the audit); nonconformities become NC records."""

    audit = models.ForeignKey(
        Audit, on_delete=models.PROTECT, related_name="findings", verbose_name=_("audit")
    )
    checklist_item = models.ForeignKey(
        ChecklistItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("checklist item"),
    )
    clause = models.ForeignKey(
        "standards.Clause",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("clause"),
    )
    number = models.CharField(_("number"), max_length=20, editable=False)
    grade = models.CharField(_("grade"), max_length=20, choices=FindingGrade.choices)
    statement = models.TextField(_("statement"))
    evidence = models.TextField(_("objective evidence"), blank=True)
    nonconformity = models.ForeignKey(
        "nonconformities.Nonconformity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("nonconformity"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=FindingStatus.choices,
        default=FindingStatus.RAISED,
        editable=False,
        help_text=_(
            "Withdrawn when the checklist answer changes back to conform before the report; "
            "the finding is kept, never deleted."
        ),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("withdrawn by"),
    )
    withdrawn_reason = models.CharField(
        _("reason for withdrawal"), max_length=300, blank=True, editable=False
    )

    class Meta:
        ordering = ["audit", "number", "id"]
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message=_("A finding with this number already exists."),
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "audit", "number"], name="ia_finding_org_audit"),
            models.Index(fields=["organization", "grade", "-id"], name="ia_finding_org_grade"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.statement[:60]}"

    @property
    def is_withdrawn(self) -> bool:
        return self.status == FindingStatus.WITHDRAWN

    def get_absolute_url(self) -> str:
        return reverse("internal_audits:finding_detail", args=[self.pk])
