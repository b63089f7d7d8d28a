"""The registry's exchange with other certification bodies: their API keys, and the parts of
a registered address that the CertSearch field set carries separately.

Imported at the end of `models.py` so Django finds them (migration 0002).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from qms.core.models import BaseModel


class SourceApiKey(BaseModel):
    """A key another certification body's system publishes with (`Authorization: Api-Key …`).

    It belongs to one source and writes only that source's certificates. Only its SHA-256 is
    stored (`qms.core.secret_hash`); `prefix` (the first characters) names it in lists.
    A key is revoked, never deleted: the audit trail names the prefix that published.
    """

    source = models.ForeignKey(
        "registry.Source",
        on_delete=models.PROTECT,
        related_name="api_keys",
        verbose_name=_("certification body"),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the key is for."))
    prefix = models.CharField(_("prefix"), max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.CharField(_("created by"), max_length=254, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    audit_exclude = ("key_hash", "last_used_at")

    class Meta:
        ordering = ["source", "-created_at", "-id"]
        verbose_name = _("registry API key")
        verbose_name_plural = _("registry API keys")
        indexes = [
            models.Index(fields=["source", "-created_at", "-id"], name="registry_apikey_source"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class CertificateAddress(models.Model):
    """The registered address of a certificate's holder in CertSearch's parts, as an import
    or the publish API gave them; the export writes them back. A certificate published
    without parts (e.g. by this installation's certification side) has none: the export
    then puts its one-line address in the street column."""

    certificate = models.OneToOneField(
        "registry.PublicCertificate",
        on_delete=models.CASCADE,
        related_name="address_parts",
        verbose_name=_("certificate"),
    )
    street = models.CharField(_("street"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    state = models.CharField(_("state"), max_length=120, blank=True)
    post_code = models.CharField(_("post code"), max_length=30, blank=True)

    class Meta:
        ordering = ["certificate"]
        verbose_name = _("certificate address")
        verbose_name_plural = _("certificate addresses")

    def __str__(self) -> str:
        return ", ".join(part for part in self.parts() if part)

    def parts(self) -> tuple[str, str, str, str]:
        return (self.street, self.city, self.state, self.post_code)


def address_line(street: str, city: str, state: str, post_code: str) -> str:
    """The one-line address the public pages show: "street, post code city, state"."""
    town = " ".join(part for part in (post_code.strip(), city.strip()) if part)
    return ", ".join(part for part in (street.strip(), town, state.strip()) if part)
