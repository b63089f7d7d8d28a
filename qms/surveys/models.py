from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.core.models import BaseModel, OrganizationScoped

from .choices import SCALES, QuestionKind, SurveyStatus


class Survey(OrganizationScoped):
    """A customer satisfaction survey (ISO 9001 §9.1.2): questions written as a draft,
    locked once the survey opens, answered through one public link per invited customer."""

    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown to customers above the questions.")
    )
    period_label = models.CharField(
        _("period"), max_length=50, help_text=_("The period surveyed, e.g. “2026 H1”.")
    )
    period_start = models.DateField(
        _("period start"),
        null=True,
        blank=True,
        help_text=_("First day of the period surveyed: orders the results over time."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SurveyStatus.choices,
        default=SurveyStatus.DRAFT,
        editable=False,
        help_text=_("Changed only through the survey workflow (open, close)."),
    )

    class Meta:
        ordering = ["-period_start", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        indexes = [
            models.Index(fields=["organization", "-period_start", "-id"], name="srv_org_period")
        ]

    def __str__(self) -> str:
        """The title with its period, once: "Customer satisfaction (2026 H1)", and a title
        that already names its period ("Customer satisfaction 2026 H1") as it is."""
        period = (self.period_label or "").strip()
        if not period or period.casefold() in self.title.casefold():
            return self.title
        return f"{self.title} ({period})"

    def get_absolute_url(self) -> str:
        return reverse("surveys:survey_detail", args=[self.pk])


class SurveyQuestion(OrganizationScoped):
    """One question of a survey: a rating on a 1-5 or 0-10 scale, or a free-text comment."""

    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="questions", verbose_name=_("survey")
    )
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.RATING_5
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    required = models.BooleanField(_("answer required"), default=True)

    class Meta:
        ordering = ["survey_id", "order", "id"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        indexes = [
            models.Index(fields=["organization", "survey", "order", "id"], name="srv_q_org_order")
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("surveys:surveyquestion_detail", args=[self.pk])

    @property
    def scale(self) -> tuple[int, int] | None:
        return SCALES.get(self.kind)

    @property
    def is_rating(self) -> bool:
        return self.kind in SCALES


class SurveyInvitation(OrganizationScoped):
    """One invited customer and their one-use answer link. The link's token is never stored:
    only its SHA-256 hash (to find the invitation) and the nonce it is derived from with the
    installation's secret key (to e-mail it)."""

    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("survey")
    )
    customer_name = models.CharField(_("customer"), max_length=200)
    email = models.EmailField(_("e-mail"))
    contact = models.CharField(_("contact person"), max_length=200, blank=True)
    token_hash = models.CharField(max_length=64, editable=False, unique=True)
    token_nonce = models.CharField(max_length=64, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)
    expires_on = models.DateField(_("link expires on"), editable=False)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True, editable=False)

    audit_exclude = ("token_hash", "token_nonce")

    class Meta:
        ordering = ["-id"]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        indexes = [models.Index(fields=["organization", "-id"], name="srv_inv_org_id")]
        constraints = [
            models.UniqueConstraint(
                "survey",
                models.functions.Lower("email"),
                name="surveys_surveyinvitation_unique_email",
                violation_error_message=_("This address is already invited to this survey."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer_name} <{self.email}>"

    def get_absolute_url(self) -> str:
        return reverse("surveys:surveyinvitation_detail", args=[self.pk])


class SurveyResponse(OrganizationScoped):
    """The answers given through one invitation's link (at most one per invitation)."""

    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="responses", verbose_name=_("survey")
    )
    invitation = models.OneToOneField(
        SurveyInvitation,
        on_delete=models.PROTECT,
        related_name="response",
        verbose_name=_("invitation"),
    )
    submitted_at = models.DateTimeField(_("submitted"))

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [
            models.Index(fields=["organization", "-submitted_at", "-id"], name="srv_resp_org_sub")
        ]

    def __str__(self) -> str:
        return f"{self.invitation.customer_name} · {self.submitted_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("surveys:surveyresponse_detail", args=[self.pk])


class SurveyAnswer(BaseModel):
    """One answer of a response: read only through its response (tenant-scoped)."""

    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    rating = models.SmallIntegerField(_("rating"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=4000)

    class Meta:
        ordering = ["response_id", "question__order", "question_id"]
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="surveys_surveyanswer_unique_question"
            )
        ]
        indexes = [models.Index(fields=["question", "rating"], name="srv_ans_question_rating")]

    def __str__(self) -> str:
        return (
            f"{self.question_id}: {self.rating if self.rating is not None else self.comment[:40]}"
        )

    def clean(self) -> None:
        super().clean()
        scale = SCALES.get(self.question.kind) if self.question_id else None
        if scale is not None and self.rating is not None:
            low, high = scale
            if not low <= self.rating <= high:
                raise ValidationError({"rating": f"Choose a rating from {low} to {high}."})
