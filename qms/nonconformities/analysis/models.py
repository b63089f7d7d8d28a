"""Models of the root-cause analysis (re-exported by qms.nonconformities.models).

- `RootCauseAnalysis`: one per nonconformity and action cycle: the 5 whys, the Ishikawa
  (6M) causes, the root-cause statement and its category. A new cycle starts a fresh one;
  earlier cycles stay as they were.
- `EightDReport`: the optional 8D report of a nonconformity (D1-D8, each with its date).
- `Disposition`: what was done with nonconforming output (§8.7), with quantities; never
  deleted, voided with a reason.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.models import OrganizationScoped
from qms.core.querysets import TenantManager

from ..display import decimal_text
from . import rules
from .choices import CauseCategory, DispositionKind, DispositionStatus

__all__ = ["Disposition", "EightDReport", "RootCauseAnalysis"]


class AnalysisManager(TenantManager):
    """The default manager. Reached from a nonconformity (`nc.analyses`), it also offers
    `panel`: what the nonconformity's page shows of its analysis, 8D and dispositions (the
    page's `_panel.html` include has only the nonconformity in its context)."""

    @property
    def panel(self) -> Any:
        instance = getattr(self, "instance", None)
        if instance is None:
            return None
        from .selectors import analysis_panel

        return analysis_panel(nonconformity=instance)


def _validate_five_whys(value: Any) -> None:
    problems = rules.five_whys_problems(value)
    if problems:
        raise ValidationError(problems)


def _validate_ishikawa(value: Any) -> None:
    problems = rules.ishikawa_problems(value)
    if problems:
        raise ValidationError(problems)


class RootCauseAnalysis(OrganizationScoped):
    """Why the nonconformity happened, for one action cycle of it."""

    nonconformity = models.ForeignKey(
        "nonconformities.Nonconformity",
        on_delete=models.PROTECT,
        related_name="analyses",
        verbose_name=_("nonconformity"),
    )
    cycle = models.PositiveSmallIntegerField(
        _("action cycle"),
        editable=False,
        help_text=_("The nonconformity's action cycle this analysis belongs to."),
    )
    five_whys = models.JSONField(
        _("5 whys"),
        default=list,
        validators=[_validate_five_whys],
        help_text=_("The chain of whys and their answers, from the problem to its root cause."),
    )
    ishikawa = models.JSONField(
        _("Ishikawa causes"),
        default=rules.empty_ishikawa,
        blank=True,
        validators=[_validate_ishikawa],
        help_text=_("Possible causes by 6M category (people, machine, method, material, ...)."),
    )
    root_cause = models.TextField(
        _("root cause"),
        blank=True,
        max_length=2000,
        help_text=_("The cause that, once removed, keeps the nonconformity from recurring."),
    )
    cause_category = models.CharField(
        _("cause category"),
        max_length=20,
        choices=CauseCategory,
        blank=True,
        help_text=_("The 6M category of the root cause (for the analysis of repeat NCs)."),
    )
    analysed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("analysed by"),
    )
    analysed_at = models.DateTimeField(_("analysed at"), null=True, blank=True, editable=False)

    objects: ClassVar[AnalysisManager] = AnalysisManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("root-cause analysis")
        verbose_name_plural = _("root-cause analyses")
        constraints = [
            models.UniqueConstraint(
                fields=["nonconformity", "cycle"],
                name="nonconformities_rootcauseanalysis_unique_cycle",
                violation_error_message=_(
                    "This nonconformity already has a root-cause analysis for this cycle."
                ),
            )
        ]
        indexes = [
            models.Index(fields=["organization", "-created_at", "-id"], name="nc_rca_org_created"),
        ]

    def __str__(self) -> str:
        return _("Root-cause analysis of %(number)s, cycle %(cycle)s") % {
            "number": self.nonconformity.number,
            "cycle": self.cycle,
        }

    def get_absolute_url(self) -> str:
        return reverse("nonconformities:rootcauseanalysis_detail", args=[self.pk])

    def ishikawa_causes(self) -> list[tuple[str, str, list[str]]]:
        """(category, label, causes) in 6M order, every category present."""
        data = self.ishikawa if isinstance(self.ishikawa, dict) else {}
        return [
            (value, str(label), list(data.get(value) or []))
            for value, label in CauseCategory.choices
        ]


class EightDReport(OrganizationScoped):
    """The 8D report of a nonconformity: eight disciplines, each with its date."""

    nonconformity = models.OneToOneField(
        "nonconformities.Nonconformity",
        on_delete=models.PROTECT,
        related_name="eight_d_report",
        verbose_name=_("nonconformity"),
    )
    d1_team_members = models.ManyToManyField(
        "accounts.User",
        blank=True,
        related_name="+",
        verbose_name=_("D1 team members"),
        help_text=_("Members of the organization on the team."),
    )
    d1_team = models.TextField(
        _("D1 team"),
        blank=True,
        max_length=2000,
        help_text=_("The team leader, champion and anyone from outside (name and role)."),
    )
    d1_date = models.DateField(_("D1 date"), null=True, blank=True)
    d2_problem = models.TextField(_("D2 problem description"), blank=True, max_length=5000)
    d2_date = models.DateField(_("D2 date"), null=True, blank=True)
    d3_containment = models.TextField(_("D3 containment actions"), blank=True, max_length=5000)
    d3_date = models.DateField(_("D3 date"), null=True, blank=True)
    d4_root_cause = models.TextField(_("D4 root cause"), blank=True, max_length=5000)
    d4_date = models.DateField(_("D4 date"), null=True, blank=True)
    d5_corrective_actions = models.TextField(
        _("D5 chosen corrective actions"), blank=True, max_length=5000
    )
    d5_date = models.DateField(_("D5 date"), null=True, blank=True)
    d6_implementation = models.TextField(
        _("D6 implementation and validation"), blank=True, max_length=5000
    )
    d6_date = models.DateField(_("D6 date"), null=True, blank=True)
    d7_prevention = models.TextField(_("D7 prevention of recurrence"), blank=True, max_length=5000)
    d7_date = models.DateField(_("D7 date"), null=True, blank=True)
    d8_closure = models.TextField(_("D8 team recognition and closure"), blank=True, max_length=5000)
    d8_date = models.DateField(_("D8 date"), null=True, blank=True)
    prepared_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("prepared by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("8D report")
        verbose_name_plural = _("8D reports")
        indexes = [
            models.Index(fields=["organization", "-created_at", "-id"], name="nc_8d_org_created"),
        ]

    def __str__(self) -> str:
        return _("8D report of %(number)s") % {"number": self.nonconformity.number}

    def get_absolute_url(self) -> str:
        return reverse("nonconformities:eightdreport_detail", args=[self.pk])

    def disciplines(self) -> list[tuple[str, str, str, Any]]:
        """(code, heading, text, date) of D2-D8 in order (D1, the team, is shown apart)."""
        return [
            ("D2", str(_("Problem description")), self.d2_problem, self.d2_date),
            ("D3", str(_("Containment actions")), self.d3_containment, self.d3_date),
            ("D4", str(_("Root cause")), self.d4_root_cause, self.d4_date),
            ("D5", str(_("Chosen corrective actions")), self.d5_corrective_actions, self.d5_date),
            ("D6", str(_("Implementation and validation")), self.d6_implementation, self.d6_date),
            ("D7", str(_("Prevention of recurrence")), self.d7_prevention, self.d7_date),
            ("D8", str(_("Team recognition and closure")), self.d8_closure, self.d8_date),
        ]


class Disposition(OrganizationScoped):
    """What was decided for (part of) the nonconforming output, and how much of it.

    Never deleted: a mistake is corrected by a new disposition that voids this one (or by
    voiding it), with a reason, through the workflow.
    """

    nonconformity = models.ForeignKey(
        "nonconformities.Nonconformity",
        on_delete=models.PROTECT,
        related_name="dispositions",
        verbose_name=_("nonconformity"),
    )
    kind = models.CharField(_("disposition"), max_length=24, choices=DispositionKind)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=14,
        decimal_places=3,
        validators=[
            MinValueValidator(Decimal("0.001"), message=_("The quantity must be more than 0."))
        ],
    )
    unit = models.CharField(
        _("unit"),
        max_length=20,
        blank=True,
        help_text=_("e.g. pcs, kg, m (the nonconformity's unit when it has one)."),
    )
    authorised_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("authorised by"),
        help_text=_("Who authorised the decision (required for a concession)."),
    )
    concession_reference = models.CharField(
        _("customer concession reference"),
        max_length=100,
        blank=True,
        help_text=_("The customer's concession or deviation number, where one applies."),
    )
    decided_on = models.DateField(_("decided on"), default=timezone.localdate)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
        help_text=_("The earlier disposition this one corrects (it is voided)."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DispositionStatus,
        default=DispositionStatus.VALID,
        editable=False,
        help_text=_("Changed only by voiding the disposition (with a reason)."),
    )
    recorded_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("disposition")
        verbose_name_plural = _("dispositions")
        indexes = [
            models.Index(
                fields=["organization", "-decided_on", "-id"], name="nc_disposition_org_decided"
            ),
        ]

    def __str__(self) -> str:
        quantity = decimal_text(self.quantity) if self.quantity is not None else "?"
        return (
            f"{self.nonconformity.number}: {self.get_kind_display()} {quantity} {self.unit}".strip()
        )

    def get_absolute_url(self) -> str:
        return reverse("nonconformities:disposition_detail", args=[self.pk])

    @property
    def is_valid(self) -> bool:
        return self.status == DispositionStatus.VALID
