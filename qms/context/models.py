"""The context of the organization (ISO 9001 §4.1 to 4.3): issues, interested parties and their
requirements, the climate-change decision (Amd 1:2024) and the scope of the QMS."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.core.models import OrganizationScoped

from .choices import (
    ContextStatus,
    Influence,
    IssueCategory,
    IssueOrigin,
    PartyType,
    PestleFactor,
    RequirementStatus,
)


class Reviewed(OrganizationScoped):
    """Owner, review dates and retirement shared by issues and interested parties."""

    owner = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    climate_related = models.BooleanField(
        _("climate related"),
        default=False,
        help_text=_("Tick when this is about climate change or is affected by it."),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("review interval (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    next_review_on = models.DateField(
        _("next review on"),
        null=True,
        blank=True,
        help_text=_("Left empty: today plus the review interval."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ContextStatus.choices,
        default=ContextStatus.CURRENT,
        editable=False,
        help_text=_("Changed only by retiring the record (with a reason)."),
    )
    retired_on = models.DateField(_("retired on"), null=True, blank=True, editable=False)
    retired_reason = models.TextField(_("reason for retiring"), blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_current(self) -> bool:
        return self.status == ContextStatus.CURRENT

    def clean(self) -> None:
        super().clean()
        if (
            self.last_reviewed_on
            and self.next_review_on
            and self.next_review_on < self.last_reviewed_on
        ):
            raise ValidationError(
                {"next_review_on": _("The next review cannot be before the last one.")}
            )


class ContextIssue(Reviewed):
    """An internal or external issue relevant to the purpose and direction of the
    organization, that affects what the QMS can achieve (§4.1)."""

    title = models.CharField(_("title"), max_length=200)
    origin = models.CharField(
        _("internal or external"),
        max_length=20,
        choices=IssueOrigin.choices,
        default=IssueOrigin.INTERNAL,
    )
    category = models.CharField(
        _("SWOT category"),
        max_length=20,
        choices=IssueCategory.choices,
        help_text=_(
            "Strengths and weaknesses are usually internal; opportunities and threats external."
        ),
    )
    pestle = models.CharField(
        _("PESTLE factor"),
        max_length=20,
        choices=PestleFactor.choices,
        blank=True,
        help_text=_("For an external issue: which kind of outside factor it is."),
    )
    description = models.TextField(_("description"), blank=True)
    effect = models.TextField(
        _("effect on the QMS"),
        blank=True,
        help_text=_("How the issue helps or hinders the intended results of the QMS."),
    )

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("context issue")
        verbose_name_plural = _("context issues")
        indexes = [
            models.Index(fields=["organization", "title", "id"], name="ctx_issue_org_title"),
            models.Index(
                fields=["organization", "status", "next_review_on"], name="ctx_issue_org_review"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("context:contextissue_detail", args=[self.pk])


class InterestedParty(Reviewed):
    """A party relevant to the QMS whose requirements the organization monitors (§4.2)."""

    name = models.CharField(_("name"), max_length=200)
    party_type = models.CharField(
        _("type"), max_length=30, choices=PartyType.choices, default=PartyType.CUSTOMER
    )
    description = models.TextField(_("description"), blank=True)
    influence = models.CharField(
        _("influence / relevance"),
        max_length=10,
        choices=Influence.choices,
        default=Influence.MEDIUM,
        help_text=_("How much the party can affect our ability to deliver conforming products."),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("interested party")
        verbose_name_plural = _("interested parties")
        indexes = [
            models.Index(fields=["organization", "name", "id"], name="ctx_party_org_name"),
            models.Index(
                fields=["organization", "status", "next_review_on"], name="ctx_party_org_review"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("context:interestedparty_detail", args=[self.pk])


class InterestedPartyRequirement(OrganizationScoped):
    """One relevant requirement of an interested party, in our own words, and how we address
    and monitor it."""

    party = models.ForeignKey(
        InterestedParty,
        on_delete=models.PROTECT,
        related_name="requirements",
        verbose_name=_("interested party"),
    )
    requirement = models.TextField(_("requirement"))
    how_addressed = models.TextField(_("how we address and monitor it"), blank=True)
    climate_related = models.BooleanField(_("climate related"), default=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RequirementStatus.choices,
        default=RequirementStatus.OPEN,
    )

    class Meta:
        ordering = ["party", "id"]
        verbose_name = _("interested party requirement")
        verbose_name_plural = _("interested party requirements")
        indexes = [models.Index(fields=["organization", "party", "id"], name="ctx_req_org_party")]

    def __str__(self) -> str:
        text = self.requirement.strip().splitlines()[0] if self.requirement.strip() else ""
        return text[:80]

    def get_absolute_url(self) -> str:
        return reverse("context:interestedpartyrequirement_detail", args=[self.pk])


class ClimateDecision(OrganizationScoped):
    """Whether climate change is a relevant issue for the organization (§4.1, Amd 1:2024).
    Every decision is kept; the latest one is current. Recorded with a signature."""

    relevant = models.BooleanField(_("climate change is a relevant issue"))
    rationale = models.TextField(_("rationale"))
    decided_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
        editable=False,
    )
    decided_on = models.DateField(_("decided on"), editable=False)
    signature = models.ForeignKey(
        "core.Signature",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("signature"),
    )

    # What the "decided" signature covers (the link to the signature itself is set after).
    signature_fields = ("organization", "relevant", "rationale", "decided_by", "decided_on")

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("climate change decision")
        verbose_name_plural = _("climate change decisions")
        indexes = [
            models.Index(fields=["organization", "-decided_on", "-id"], name="ctx_climate_org_on")
        ]

    def __str__(self) -> str:
        answer = _("relevant") if self.relevant else _("not relevant")
        return f"{_('Climate change')} {answer}, {_('decision')} #{self.pk} ({self.decided_on})"

    def get_absolute_url(self) -> str:
        return reverse("context:climatedecision_detail", args=[self.pk])


class QmsScope(OrganizationScoped):
    """The scope of the quality management system (§4.3): one per organization. Exclusions
    are not stored here: they are the standards library's "not applicable" marks."""

    statement = models.TextField(_("scope statement"))
    products_services = models.TextField(_("products and services covered"), blank=True)
    sites = models.ManyToManyField(
        "organizations.Site", blank=True, related_name="+", verbose_name=_("sites covered")
    )
    boundaries = models.TextField(_("boundaries and remarks"), blank=True)
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    next_review_on = models.DateField(_("next review on"), null=True, blank=True)
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("controlled document"),
        help_text=_("The context and scope document published from these pages."),
    )

    class Meta:
        ordering = ["organization", "id"]
        verbose_name = _("QMS scope")
        verbose_name_plural = _("QMS scopes")
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="context_scope_one_per_org")
        ]
        indexes = [models.Index(fields=["organization", "id"], name="ctx_scope_org")]

    def __str__(self) -> str:
        first = self.statement.strip().splitlines()[0] if self.statement.strip() else ""
        return first if len(first) <= 80 else first[:79].rstrip() + "…"

    def get_absolute_url(self) -> str:
        return reverse("context:qmsscope_detail", args=[self.pk])
