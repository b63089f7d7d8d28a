"""Management reviews (ISO 9001 §9.3): the meeting, its attendance, its input pack (one
frozen snapshot section per §9.3.2 input) and its outputs (§9.3.3, each an action of the
shared tracker)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.core.models import OrganizationScoped

from .choices import OPEN_STATES, AttendanceStatus, OutputKind, ReviewFormat, ReviewStatus


class ManagementReview(OrganizationScoped):
    """One management review meeting, numbered MR-<year>-NN."""

    number = models.CharField(_("number"), max_length=20, editable=False)
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(
        _("period start"), help_text=_("The first day the review's inputs cover.")
    )
    period_end = models.DateField(
        _("period end"), help_text=_("The last day the review's inputs cover.")
    )
    planned_on = models.DateField(_("planned on"))
    held_on = models.DateField(_("held on"), null=True, blank=True, editable=False)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chair"),
        help_text=_("Top management member who chairs the review and approves the minutes."),
    )
    format = models.CharField(
        _("format"), max_length=20, choices=ReviewFormat.choices, default=ReviewFormat.IN_PERSON
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("Markdown."))
    conclusion = models.TextField(
        _("conclusion"),
        blank=True,
        help_text=_(
            "Top management's judgement: is the QMS still suitable for the organization, "
            "adequate for its needs and effective in getting the intended results?"
        ),
    )
    compiled_at = models.DateTimeField(_("pack compiled at"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReviewStatus.choices,
        default=ReviewStatus.PLANNED,
        editable=False,
        help_text=_("Changed only through the review workflow."),
    )

    class Meta:
        ordering = ["-planned_on", "-id"]
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"],
                name="management_reviews_unique_number",
                violation_error_message=_("A review with this number already exists."),
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status"], name="mr_org_status"),
            models.Index(fields=["organization", "planned_on"], name="mr_org_planned"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    def get_absolute_url(self) -> str:
        return reverse("management_reviews:managementreview_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})

    @property
    def is_frozen(self) -> bool:
        return self.status not in OPEN_STATES


class Attendance(OrganizationScoped):
    """Who attended (a member, or an external person by name) and in which function."""

    review = models.ForeignKey(
        ManagementReview, on_delete=models.PROTECT, related_name="attendance"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member"),
    )
    name = models.CharField(
        _("external name"), max_length=200, blank=True, help_text=_("For a non-member.")
    )
    role = models.CharField(_("role or function"), max_length=200)
    status = models.CharField(
        _("attendance"),
        max_length=20,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.PRESENT,
    )

    class Meta:
        ordering = ["review_id", "id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        indexes = [models.Index(fields=["organization", "review"], name="mr_att_org_review")]

    def __str__(self) -> str:
        return f"{self.person} ({self.role})"

    @property
    def person(self) -> str:
        if self.user_id:
            return str(self.user)
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("management_reviews:attendance_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if bool(self.user_id) == bool(self.name.strip()):
            raise ValidationError(
                {"name": _("Choose a member or enter the name of an external person (one).")}
            )


class InputSection(OrganizationScoped):
    """One §9.3.2 input of a review's pack: figures and record links frozen at compile time,
    plus the management's own text."""

    review = models.ForeignKey(ManagementReview, on_delete=models.PROTECT, related_name="sections")
    key = models.CharField(_("key"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    clause = models.CharField(_("clause"), max_length=30)
    position = models.PositiveSmallIntegerField(_("position"))
    figures = models.JSONField(_("figures"), default=list, blank=True)
    links = models.JSONField(_("records"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True, help_text=_("What the section is built from."))
    manual_text = models.TextField(_("text"), blank=True, help_text=_("Markdown."))
    compiled_at = models.DateTimeField(_("compiled at"), null=True, blank=True)
    no_data = models.BooleanField(_("no data"), default=False)

    class Meta:
        ordering = ["review_id", "position"]
        verbose_name = _("input section")
        verbose_name_plural = _("input sections")
        indexes = [
            models.Index(fields=["organization", "review", "position"], name="mr_sec_org_review")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "key"], name="management_reviews_section_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clause} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("management_reviews:inputsection_detail", args=[self.pk])


class Output(OrganizationScoped):
    """A decision of the review (§9.3.3), followed up as an action of the shared tracker."""

    review = models.ForeignKey(ManagementReview, on_delete=models.PROTECT, related_name="outputs")
    kind = models.CharField(_("kind"), max_length=20, choices=OutputKind.choices)
    decision = models.TextField(_("decision"))
    action = models.ForeignKey(
        "actions.Action",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("action"),
    )

    class Meta:
        ordering = ["review_id", "id"]
        verbose_name = _("output")
        verbose_name_plural = _("outputs")
        indexes = [models.Index(fields=["organization", "review"], name="mr_out_org_review")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.decision[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("management_reviews:output_detail", args=[self.pk])
