"""The certification body's clients, their sites and contacts (ISO/IEC 17021-1 §9.1.1).

A client is a record of the certification body, not a tenant: it may also run its
management system in this installation (`linked_organization`), but need not.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from qms.core.models import OrganizationScoped

from ..choices import ClientStatus


class Client(OrganizationScoped):
    """An organization that applies for or holds certification with this body."""

    number = models.CharField(_("client number"), max_length=20, editable=False)
    legal_name = models.CharField(_("legal name"), max_length=255)
    trading_name = models.CharField(_("trading name"), max_length=255, blank=True)
    address = models.TextField(_("registered address"))
    country = CountryField(_("country"), help_text=_("ISO 3166-1 country."))
    website = models.URLField(_("website"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ClientStatus.choices, default=ClientStatus.PROSPECT
    )
    iaf_codes = models.ManyToManyField(
        "standards.IafCode", related_name="+", blank=True, verbose_name=_("IAF codes")
    )
    standards_requested = models.ManyToManyField(
        "standards.StandardEdition",
        related_name="+",
        blank=True,
        verbose_name=_("standards requested"),
    )
    public_listing_consent = models.BooleanField(
        _("consents to public listing"),
        default=False,
        help_text=_("Needed before certificates appear in the public register or CertSearch."),
    )
    public_listing_consent_on = models.DateField(_("consent recorded on"), null=True, blank=True)
    linked_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uses qms as"),
        help_text=_("The client's own organization in this installation, if it has one."),
    )
    share_findings_consent = models.BooleanField(
        _("findings go to the client's own register"),
        default=False,
        help_text=_(
            "The client runs its QMS here and consents: nonconformities found by our audits "
            "are raised in its register and their closure reported back."
        ),
    )
    records_access_consent = models.BooleanField(
        _("audit team may read the client's records"),
        default=False,
        help_text=_(
            "The client runs its QMS here and consents: each audit team gets read-only access "
            "to its records for the audit's dates."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["legal_name", "id"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], name="%(app_label)s_%(class)s_unique_number"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "legal_name", "id"], name="cert_client_org_name"),
        ]

    def __str__(self) -> str:
        return self.legal_name

    def get_absolute_url(self) -> str:
        return reverse("certification:client_detail", args=[self.pk])


class ClientSite(OrganizationScoped):
    """A site of a client, with its personnel (feeds the effective number of personnel)."""

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="sites", verbose_name=_("client")
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"))
    country = CountryField(_("country"))
    is_central_function = models.BooleanField(
        _("central function"),
        default=False,
        help_text=_("Plans, controls and manages the management system (IAF MD 1)."),
    )
    activities = models.TextField(_("activities"), blank=True)
    personnel = models.PositiveIntegerField(_("personnel"), default=0)
    shifts = models.PositiveSmallIntegerField(_("shifts"), default=1)
    is_temporary = models.BooleanField(_("temporary site"), default=False)

    class Meta:
        ordering = ["client", "-is_central_function", "name", "id"]
        verbose_name = _("client site")
        verbose_name_plural = _("client sites")
        indexes = [models.Index(fields=["organization", "client"], name="cert_site_org_client")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("certification:client_detail", args=[self.client_id])


class ClientContact(OrganizationScoped):
    """A person the body deals with at the client."""

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("client")
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_primary = models.BooleanField(_("main contact"), default=False)

    class Meta:
        ordering = ["client", "-is_primary", "name", "id"]
        verbose_name = _("client contact")
        verbose_name_plural = _("client contacts")
        indexes = [models.Index(fields=["organization", "client"], name="cert_contact_org_client")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("certification:client_detail", args=[self.client_id])
