from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from qms.core.models import BaseModel, OrganizationScoped

from .choices import ProcessStatus


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
