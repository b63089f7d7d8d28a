from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from qms.core.models import BaseModel, OrganizationScoped

from .choices import ProcessStatus, ProcessType


class Organization(BaseModel):
    """The tenant: one organization running its management system in qms."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    legal_name = models.CharField(_("legal name"), max_length=255, blank=True)
    country = CountryField(_("country"), blank=True, help_text=_("ISO 3166-1 country."))
    website = models.URLField(_("website"), blank=True)
    allow_self_approval = models.BooleanField(
        _("allow self-approval"),
        default=False,
        help_text=_(
            "Let the author of a document revision approve it. Only for a one-person "
            "organization: it switches off separation of duties, and the change is logged."
        ),
    )
    action_reminder_days = models.PositiveSmallIntegerField(
        _("action reminder days"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
        help_text=_(
            "How many days before an action's due date its owner is reminded (0 to 60; "
            "0 reminds on the due date itself). Leave empty for the installation's default."
        ),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organizations:organization_detail")


class Site(OrganizationScoped):
    """A physical or virtual location covered by the management system."""

    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), blank=True)
    country = CountryField(_("country"), blank=True, help_text=_("ISO 3166-1 country."))
    is_head_office = models.BooleanField(_("head office"), default=False)
    employees = models.PositiveIntegerField(
        _("employees"), null=True, blank=True, help_text=_("People working at or from this site.")
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.UniqueConstraint(
                "organization",
                Lower("name"),
                name="organizations_site_unique_name_ci",
                violation_error_code="unique",
                violation_error_message=_("A site with this name already exists."),
            )
        ]
        indexes = [models.Index(fields=["organization", "name", "id"], name="org_site_org_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organizations:site_detail", args=[self.pk])


class Process(OrganizationScoped):
    """A process of the management system (ISO 9001 §4.4), with its owner."""

    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=20, blank=True, help_text=_("e.g. P-04"))
    purpose = models.TextField(_("purpose"), blank=True)
    owner = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    site = models.ForeignKey(
        Site,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="processes",
        verbose_name=_("site"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProcessStatus.choices,
        default=ProcessStatus.DRAFT,
        editable=False,
        help_text=_("Changed only through the process workflow (activate, retire)."),
    )
    # The process map (ISO 9001 §4.4): kind, place, what goes in and out, how it is judged.
    process_type = models.CharField(
        _("process type"),
        max_length=20,
        choices=ProcessType.choices,
        default=ProcessType.CORE,
        help_text=_("Management, core or support: the row of the process map."),
    )
    sequence = models.PositiveSmallIntegerField(
        _("position on the map"),
        default=0,
        validators=[MaxValueValidator(999)],
        help_text=_("Order within its row of the process map (left to right)."),
    )
    inputs = models.TextField(_("inputs"), blank=True)
    outputs = models.TextField(_("outputs"), blank=True)
    criteria = models.TextField(
        _("criteria and indicators"),
        blank=True,
        help_text=_("How the process is controlled and judged effective (KPIs, targets)."),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        constraints = [
            models.UniqueConstraint(
                "organization",
                Lower("name"),
                name="organizations_process_unique_name_ci",
                violation_error_code="unique",
                violation_error_message=_("A process with this name already exists."),
            )
        ]
        indexes = [models.Index(fields=["organization", "name", "id"], name="org_process_org_name")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}" if self.code else self.name

    def get_absolute_url(self) -> str:
        return reverse("organizations:process_detail", args=[self.pk])


class ProcessInteraction(OrganizationScoped):
    """What flows from one process to another (ISO 9001 §4.4 b): an output of the one that
    is an input of the other. One arrow of the process map."""

    from_process = models.ForeignKey(
        Process,
        on_delete=models.CASCADE,
        related_name="interactions_out",
        verbose_name=_("from process"),
    )
    to_process = models.ForeignKey(
        Process,
        on_delete=models.CASCADE,
        related_name="interactions_in",
        verbose_name=_("to process"),
    )
    flow = models.CharField(
        _("what flows"), max_length=200, help_text=_("e.g. Released drawings, purchase orders")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("process interaction")
        verbose_name_plural = _("process interactions")
        constraints = [
            models.UniqueConstraint(
                fields=["from_process", "to_process"],
                name="organizations_interaction_unique_pair",
                violation_error_message=_("These two processes are already linked this way."),
            ),
            models.CheckConstraint(
                condition=~models.Q(from_process=models.F("to_process")),
                name="organizations_interaction_no_self_loop",
                violation_error_message=_("A process cannot feed itself."),
            ),
        ]
        indexes = [models.Index(fields=["organization", "id"], name="org_interaction_org")]

    def __str__(self) -> str:
        return f"{self.from_process} → {self.to_process}: {self.flow}"

    def get_absolute_url(self) -> str:
        return reverse("organizations:processinteraction_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.from_process_id and self.from_process_id == self.to_process_id:
            errors["to_process"] = str(_("A process cannot feed itself: choose another one."))
        for name in ("from_process", "to_process"):
            process = getattr(self, name, None) if getattr(self, f"{name}_id") else None
            if process is not None and process.organization_id != self.organization_id:
                errors[name] = str(_("Choose a process of your organization."))
        if errors:
            raise ValidationError(errors)
