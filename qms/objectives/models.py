"""Quality objectives (ISO 9001 §6.2) and their measurements."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.core.models import OrganizationScoped

from .choices import (
    Direction,
    Frequency,
    MeasurementSource,
    ObjectiveStatus,
    SourceKind,
    ToleranceKind,
)


class QualityObjective(OrganizationScoped):
    """A measurable quality objective with its target, period and measurement source; the
    plan to reach it is a set of actions of the shared action tracker (origin = objective)."""

    number = models.CharField(_("number"), max_length=30, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    processes = models.ManyToManyField(
        "organizations.Process",
        blank=True,
        related_name="+",
        verbose_name=_("processes"),
        help_text=_("The processes the objective supports."),
    )
    policy = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"document_type": "policy"},
        verbose_name=_("policy"),
        help_text=_("The quality policy document the objective supports."),
    )
    unit = models.CharField(_("unit"), max_length=30, help_text=_('e.g. "%", "days", "NCs"'))
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline = models.DecimalField(
        _("baseline"),
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("The value at the start; left empty, the path to the target is flat."),
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=4)
    start_date = models.DateField(_("start date"))
    due_date = models.DateField(_("due date"))
    frequency = models.CharField(
        _("measurement frequency"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.MONTHLY,
    )
    tolerance_kind = models.CharField(
        _("at-risk tolerance kind"),
        max_length=10,
        choices=ToleranceKind.choices,
        default=ToleranceKind.PERCENT,
    )
    tolerance = models.DecimalField(
        _("at-risk tolerance"),
        max_digits=14,
        decimal_places=4,
        default=Decimal("5"),
        help_text=_(
            "How far behind the expected value a measurement may be and still count as on "
            "track (percent of the target, or in the objective's unit)."
        ),
    )
    resources = models.TextField(_("resources"), blank=True)
    evaluation = models.TextField(_("how results are evaluated"), blank=True)
    source = models.CharField(
        _("measurement source"),
        max_length=10,
        choices=SourceKind.choices,
        default=SourceKind.MANUAL,
    )
    indicator = models.CharField(
        _("indicator"),
        max_length=100,
        blank=True,
        help_text=_("The registered indicator that computes the measurements."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ObjectiveStatus.choices,
        default=ObjectiveStatus.DRAFT,
        editable=False,
        help_text=_("Changed only through the objective workflow."),
    )

    class Meta:
        ordering = ["number", "id"]
        verbose_name = _("quality objective")
        verbose_name_plural = _("quality objectives")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"],
                name="objectives_objective_unique_number",
                violation_error_message=_("An objective with this number already exists."),
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "number", "id"], name="obj_org_number"),
            models.Index(fields=["organization", "status"], name="obj_org_status"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    def get_absolute_url(self) -> str:
        return reverse("objectives:qualityobjective_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.start_date and self.due_date and self.due_date < self.start_date:
            errors["due_date"] = str(_("The due date cannot be before the start date."))
        if self.tolerance is not None and self.tolerance < 0:
            errors["tolerance"] = str(_("The tolerance cannot be negative."))
        if self.source == SourceKind.INDICATOR:
            from qms.core.indicators import indicator_choices

            if not self.indicator:
                errors["indicator"] = str(_("Choose the indicator that computes the values."))
            elif self.indicator not in dict(indicator_choices()):
                errors["indicator"] = str(_("This indicator is not registered."))
        elif self.indicator:
            errors["indicator"] = str(_("Only an objective computed by an indicator names one."))
        if errors:
            raise ValidationError(errors)


class Measurement(OrganizationScoped):
    """The value of an objective for one period (month or quarter, stored as its first day).
    Corrected with a reason or voided with a reason; never deleted."""

    objective = models.ForeignKey(
        QualityObjective,
        on_delete=models.PROTECT,
        related_name="measurements",
        verbose_name=_("objective"),
    )
    period = models.DateField(_("period"), help_text=_("The first day of the month or quarter."))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=MeasurementSource.choices,
        default=MeasurementSource.MANUAL,
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("recorded by"),
    )
    voided = models.BooleanField(_("voided"), default=False, editable=False)
    void_reason = models.CharField(_("void reason"), max_length=500, blank=True, editable=False)

    class Meta:
        ordering = ["objective_id", "period"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "period"],
                name="objectives_measurement_unique_period",
                violation_error_message=_("This objective has a measurement for this period."),
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "objective", "period"], name="obj_meas_org"),
        ]

    def __str__(self) -> str:
        from .formatting import format_number

        value = format_number(self.value)
        return f"{self.objective.number} {self.period:%Y-%m}: {value}"

    def get_absolute_url(self) -> str:
        return reverse("objectives:measurement_detail", args=[self.pk])

    @property
    def value_label(self) -> str:
        from .formatting import format_number

        return format_number(self.value)

    @property
    def recorded_at(self) -> object:
        return self.updated_at


def _performance(objective: QualityObjective) -> str:
    from django.utils import timezone

    from .selectors import performance_of

    cached = getattr(objective, "_performance", None)
    if cached is None:
        cached = performance_of(objective, today=timezone.localdate())
        objective._performance = cached  # type: ignore[attr-defined]
    return str(cached)


def _performance_label(objective: QualityObjective) -> str:
    from .choices import Performance

    return str(Performance(_performance(objective)).label)


QualityObjective.performance = property(_performance)  # type: ignore[attr-defined]
QualityObjective.performance_label = property(_performance_label)  # type: ignore[attr-defined]


def _latest_value_label(objective: QualityObjective) -> str:
    """The latest value as the list shows it (the one objectives number format)."""
    from .formatting import format_number

    return format_number(getattr(objective, "latest_value", None))


def _with_unit(field: str) -> property:
    def label(objective: QualityObjective) -> str:
        from .formatting import format_number

        return format_number(getattr(objective, field), objective.unit)

    return property(label)


def _tolerance_label(objective: QualityObjective) -> str:
    from .formatting import format_number

    unit = "%" if objective.tolerance_kind == "percent" else objective.unit
    return format_number(objective.tolerance, unit)


QualityObjective.latest_value_label = property(_latest_value_label)  # type: ignore[attr-defined]
QualityObjective.baseline_label = _with_unit("baseline")  # type: ignore[attr-defined]
QualityObjective.target_label = _with_unit("target")  # type: ignore[attr-defined]
QualityObjective.tolerance_label = property(_tolerance_label)  # type: ignore[attr-defined]
