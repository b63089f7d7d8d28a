"""The risk and opportunity register (ISO 9001 §6.1): the entries, the organization's rating
matrix, and the append-only history of assessments, approvals, reviews and review prompts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.core.audit import AppendOnlyError
from qms.core.models import BaseModel, OrganizationScoped

from .choices import Decision, ReviewOutcome, RiskKind, RiskStatus, Treatment


def default_likelihood_labels() -> list[str]:
    return ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"]


def default_consequence_labels() -> list[str]:
    return ["Negligible", "Minor", "Moderate", "Major", "Severe"]


def default_bands() -> list[dict[str, Any]]:
    return [
        {"key": "low", "label": "Low", "min_score": 1, "colour": "#2e7d32"},
        {"key": "medium", "label": "Medium", "min_score": 5, "colour": "#f9a825"},
        {"key": "high", "label": "High", "min_score": 10, "colour": "#ef6c00"},
        {"key": "critical", "label": "Critical", "min_score": 17, "colour": "#c62828"},
    ]


def default_value_labels() -> list[str]:
    return ["Small", "Moderate", "Large"]


def default_effort_labels() -> list[str]:
    # Higher level = less effort, so value x effort ranks the attractive ones first.
    return ["Heavy", "Moderate", "Light"]


def default_opportunity_bands() -> list[dict[str, Any]]:
    return [
        {"key": "low", "label": "Low priority", "min_score": 1, "colour": "#78909c"},
        {"key": "medium", "label": "Medium priority", "min_score": 3, "colour": "#1e88e5"},
        {"key": "high", "label": "High priority", "min_score": 6, "colour": "#2e7d32"},
    ]


class RiskMatrix(BaseModel):
    """One organization's rating scheme: likelihood x consequence levels (3..5 each) with a
    label per level and bands as score thresholds; and the opportunity scoring (value x
    effort levels, with its own priority bands). Created with defaults on first use."""

    organization = models.OneToOneField(
        settings.TENANT_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    likelihood_labels = models.JSONField(_("likelihood levels"), default=default_likelihood_labels)
    consequence_labels = models.JSONField(
        _("consequence levels"), default=default_consequence_labels
    )
    bands = models.JSONField(_("rating bands"), default=default_bands)
    value_labels = models.JSONField(_("value levels"), default=default_value_labels)
    effort_labels = models.JSONField(_("effort levels"), default=default_effort_labels)
    opportunity_bands = models.JSONField(
        _("opportunity priority bands"), default=default_opportunity_bands
    )

    class Meta:
        verbose_name = _("risk matrix")
        verbose_name_plural = _("risk matrices")

    def __str__(self) -> str:
        return f"{len(self.likelihood_labels)}x{len(self.consequence_labels)}"


class Risk(OrganizationScoped):
    """An entry of the register: a risk (RSK-YYYY-NNNN) or an opportunity (OPP-YYYY-NNNN)."""

    number = models.CharField(_("number"), max_length=30, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=RiskKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    cause = models.TextField(_("cause"), blank=True)
    effect = models.TextField(_("effect"), blank=True)
    benefit = models.TextField(_("benefit"), blank=True)
    owner = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RiskStatus.choices,
        default=RiskStatus.IDENTIFIED,
        editable=False,
        help_text=_("Changed only through the risk workflow."),
    )
    processes = models.ManyToManyField(
        "organizations.Process", blank=True, related_name="+", verbose_name=_("processes")
    )
    issues = models.ManyToManyField(
        "context.ContextIssue", blank=True, related_name="+", verbose_name=_("context issues")
    )
    interested_parties = models.ManyToManyField(
        "context.InterestedParty",
        blank=True,
        related_name="+",
        verbose_name=_("interested parties"),
    )
    # Risk rating (levels of the organization's matrix, 1-based).
    inherent_likelihood = models.PositiveSmallIntegerField(
        _("inherent likelihood"), null=True, blank=True
    )
    inherent_consequence = models.PositiveSmallIntegerField(
        _("inherent consequence"), null=True, blank=True
    )
    residual_likelihood = models.PositiveSmallIntegerField(
        _("residual likelihood"),
        null=True,
        blank=True,
        help_text=_("The target after treatment."),
    )
    residual_consequence = models.PositiveSmallIntegerField(
        _("residual consequence"), null=True, blank=True
    )
    # Opportunity scoring.
    value = models.PositiveSmallIntegerField(_("value"), null=True, blank=True)
    effort = models.PositiveSmallIntegerField(_("effort"), null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default="", blank=True
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    # Derived (rules.score / rules.band), kept for filters, the heat map and the list.
    inherent_score = models.PositiveSmallIntegerField(
        _("inherent score"), null=True, blank=True, editable=False
    )
    inherent_band = models.CharField(
        _("inherent band"), max_length=30, blank=True, default="", editable=False
    )
    residual_score = models.PositiveSmallIntegerField(
        _("residual score"), null=True, blank=True, editable=False
    )
    residual_band = models.CharField(
        _("residual band"), max_length=30, blank=True, default="", editable=False
    )
    treatment = models.CharField(
        _("treatment"), max_length=30, choices=Treatment.choices, blank=True, default=""
    )
    treatment_plan = models.TextField(_("treatment plan"), blank=True)
    review_interval_months = models.PositiveSmallIntegerField(
        _("review interval (months)"), default=12
    )
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    next_review_on = models.DateField(_("next review on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("risk or opportunity")
        verbose_name_plural = _("risks and opportunities")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"],
                name="risks_risk_unique_number",
                violation_error_message=_("An entry with this number already exists."),
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "-id"], name="rsk_org_id"),
            models.Index(fields=["organization", "status", "next_review_on"], name="rsk_org_due"),
            models.Index(fields=["organization", "number"], name="rsk_org_number"),
            # The register's usual filter (kind and status), newest first.
            models.Index(fields=["organization", "kind", "status", "-id"], name="rsk_org_kind_st"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    def get_absolute_url(self) -> str:
        return reverse("risks:risk_detail", args=[self.pk])

    @property
    def is_risk(self) -> bool:
        return self.kind == RiskKind.RISK


class RiskAssessment(BaseModel):
    """One (re)rating of an entry, append-only: the history behind trends."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="assessments")
    organization = models.ForeignKey(
        settings.TENANT_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, related_name="+"
    )
    inherent_likelihood = models.PositiveSmallIntegerField(null=True)
    inherent_consequence = models.PositiveSmallIntegerField(null=True)
    inherent_score = models.PositiveSmallIntegerField(null=True)
    inherent_band = models.CharField(max_length=30, blank=True, default="")
    residual_likelihood = models.PositiveSmallIntegerField(null=True)
    residual_consequence = models.PositiveSmallIntegerField(null=True)
    residual_score = models.PositiveSmallIntegerField(null=True)
    residual_band = models.CharField(max_length=30, blank=True, default="")
    value = models.PositiveSmallIntegerField(null=True)
    effort = models.PositiveSmallIntegerField(null=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("risk assessment")
        indexes = [
            models.Index(fields=["organization", "assessed_on"], name="rsk_assess_org_on"),
        ]

    def __str__(self) -> str:
        return f"{self.risk_id} {self.assessed_on}"


class RiskApprovalQuerySet(models.QuerySet["RiskApproval"]):
    """Approvals are append-only: the snapshot is the evidence of what the owner signed."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Risk approvals cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Risk approvals cannot be deleted.")


class RiskApproval(BaseModel):
    """The owner's signed approval of the treatment, with a frozen snapshot of the entry.
    Never updated or deleted (model and queryset refuse it, like core's signatures)."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="approvals")
    approved_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved at"))
    signature = models.ForeignKey(
        "core.Signature", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    snapshot = models.JSONField(_("snapshot"), default=dict)

    objects = RiskApprovalQuerySet.as_manager()

    class Meta:
        ordering = ["-approved_at", "-id"]
        verbose_name = _("risk approval")

    def __str__(self) -> str:
        return f"{self.risk_id} {self.approved_at:%Y-%m-%d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Risk approvals cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Risk approvals cannot be deleted.")


class RiskReview(BaseModel):
    """A recorded periodic review of an entry."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    reviewed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=30, choices=ReviewOutcome.choices)
    notes = models.TextField(_("notes"), blank=True)
    next_review_on = models.DateField(_("next review on"), null=True, blank=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("risk review")

    def __str__(self) -> str:
        return f"{self.risk_id} {self.reviewed_on}"


class RiskReviewPrompt(BaseModel):
    """A prompt to review the entry early (e.g. a recurring nonconformity points at it);
    open until the next review is recorded. One per (entry, source)."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="review_prompts")
    source_label = models.CharField(max_length=200)
    source_url = models.CharField(max_length=500)
    reason = models.TextField(blank=True)
    prompted_on = models.DateField()
    prompted_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, related_name="+"
    )
    resolved_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-prompted_on", "-id"]
        verbose_name = _("risk review prompt")
        constraints = [
            models.UniqueConstraint(
                fields=["risk", "source_url"], name="risks_prompt_unique_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.risk_id} {self.source_label}"
