"""The registry's own read model: public certificates, their status history and counters.

Not tenant data (no `OrganizationScoped`): everything here is what certification bodies chose
to publish. A row is keyed by (source, number); the search keys (`number_key`, `name_key`,
`standards_key`, `NameWord`) are written from the published values by
`qms.registry.normalize`, never typed in.

Indexes are chosen for about a million certificates: exact number lookups
(`number_key`), word-prefix search driven by `NameWord (word, certificate)` in index order
(keyset pagination, no sort), name ordering (`name_key, id`) and filters that start from it
(country, status, source). On PostgreSQL, migration 0001 gives `name_key` and `word` the "C"
collation (byte order, as SQLite compares) so prefix ranges use these btrees; migration 0003
adds a trigram GIN index on the distinct name words (`NameTerm`) for typo tolerance.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.models import BaseModel

from .choices import HistoryKind, Status


class Source(BaseModel):
    """A certification body publishing to this registry (this installation's or another's)."""

    key = models.CharField(
        _("key"),
        max_length=64,
        unique=True,
        help_text=_('Stable key of the issuing body, e.g. "org:12" for one of this installation.'),
    )
    name = models.CharField(_("name"), max_length=300)
    country = models.CharField(_("country"), max_length=2, blank=True)
    accreditation_body = models.CharField(_("accreditation body"), max_length=200, blank=True)
    accreditation_number = models.CharField(_("accreditation number"), max_length=60, blank=True)
    recognition = models.CharField(_("recognition arrangement"), max_length=60, blank=True)
    accredited = models.BooleanField(_("accredited"), default=False)
    qr_generation = models.PositiveSmallIntegerField(
        _("QR key generation"),
        default=1,
        help_text=_("Raising it invalidates every QR token issued for this body so far."),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("certification body (registry)")
        verbose_name_plural = _("certification bodies (registry)")

    def __str__(self) -> str:
        return self.name


class PublicCertificate(BaseModel):
    """The current public state of one certificate number of one body (current revision)."""

    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        db_index=False,
        related_name="certificates",
        verbose_name=_("certification body"),
    )
    record_id = models.CharField(_("certification identity number"), max_length=60, blank=True)
    number = models.CharField(_("certificate number"), max_length=60)
    number_key = models.CharField(_("number (search key)"), max_length=60, editable=False)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    holder_name = models.CharField(_("certified organization"), max_length=300)
    holder_trading_name = models.CharField(_("trading name"), max_length=300, blank=True)
    holder_id = models.CharField(_("certified entity id"), max_length=64, blank=True)
    name_key = models.CharField(_("name (search key)"), max_length=300, editable=False)
    country = models.CharField(_("country"), max_length=2, blank=True)
    address = models.TextField(_("address"), blank=True)
    sites = models.JSONField(_("sites"), default=list, blank=True)
    scope = models.TextField(_("scope"), blank=True)
    standards = models.JSONField(_("standards"), default=list, blank=True)
    standards_key = models.CharField(
        _("standards (search key)"), max_length=1000, blank=True, editable=False
    )
    iaf_codes = models.JSONField(_("IAF codes"), default=list, blank=True)
    original_issue_date = models.DateField(_("original issue date"), null=True, blank=True)
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    status_changed_on = models.DateField(_("status changed on"))
    status_note = models.CharField(_("status note"), max_length=500, blank=True)
    listed = models.BooleanField(_("listed publicly"), default=False)
    confidential = models.BooleanField(_("confidential"), default=False)

    class Meta:
        ordering = ["name_key", "id"]
        verbose_name = _("public certificate")
        verbose_name_plural = _("public certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "number_key"],
                name="registry_publiccertificate_unique_number",
            ),
        ]
        indexes = [
            models.Index(fields=["number_key"], name="registry_pubcert_number"),
            models.Index(fields=["name_key", "id"], name="registry_pubcert_name"),
            models.Index(fields=["country", "name_key", "id"], name="registry_pubcert_country"),
            models.Index(fields=["status", "name_key", "id"], name="registry_pubcert_status"),
            models.Index(fields=["source", "name_key", "id"], name="registry_pubcert_source"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.holder_name})"


class NameWord(models.Model):
    """One word of a certificate's holder or trading name (search key for word prefixes)."""

    certificate = models.ForeignKey(
        PublicCertificate,
        on_delete=models.CASCADE,
        related_name="name_words",
        verbose_name=_("certificate"),
    )
    word = models.CharField(_("word"), max_length=64)

    class Meta:
        ordering = ["word", "certificate"]
        verbose_name = _("name word")
        verbose_name_plural = _("name words")
        indexes = [models.Index(fields=["word", "certificate"], name="registry_nameword_word")]

    def __str__(self) -> str:
        return self.word


class NameTerm(models.Model):
    """A distinct word of the published names, for typo tolerance on PostgreSQL.

    A typo is corrected against these words (a few hundred thousand at a million
    certificates; trigram GIN index, migration 0003) rather than against every name, and the
    corrected words then go through the `NameWord` prefix search. Written whenever name words
    are (services, seed); a word no name uses any more stays and simply finds nothing.
    """

    word = models.CharField(_("word"), max_length=64, unique=True)

    class Meta:
        ordering = ["word"]
        verbose_name = _("name term")
        verbose_name_plural = _("name terms")

    def __str__(self) -> str:
        return self.word


class StatusChange(models.Model):
    """An entry of a certificate's public history (append-only: never edited or deleted)."""

    certificate = models.ForeignKey(
        PublicCertificate,
        on_delete=models.PROTECT,
        db_index=False,
        related_name="history",
        verbose_name=_("certificate"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=HistoryKind.choices, default=HistoryKind.STATUS
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["certificate", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [models.Index(fields=["certificate", "id"], name="registry_statuschange_cert")]

    def __str__(self) -> str:
        return f"{self.status} {self.on}"


class LookupCount(models.Model):
    """How often a certificate was looked up by its number in one month (no visitor data)."""

    certificate = models.ForeignKey(
        PublicCertificate,
        on_delete=models.CASCADE,
        db_index=False,
        related_name="lookup_counts",
        verbose_name=_("certificate"),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    count = models.PositiveIntegerField(_("lookups"), default=0)

    class Meta:
        ordering = ["certificate", "-month"]
        verbose_name = _("lookup count")
        verbose_name_plural = _("lookup counts")
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "month"], name="registry_lookupcount_unique_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}: {self.count}"


class RateWindow(models.Model):
    """Requests of one client (a keyed hash of its address, never the address) in one minute.

    Shared by every app server through the database; rows of past minutes are pruned.
    """

    client = models.CharField(_("client hash"), max_length=64)
    window = models.BigIntegerField(_("minute"), help_text=_("Minutes since the epoch."))
    count = models.PositiveIntegerField(_("requests"), default=0)

    class Meta:
        ordering = ["window", "client"]
        verbose_name = _("rate window")
        verbose_name_plural = _("rate windows")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "window"], name="registry_ratewindow_unique_client"
            ),
        ]
        indexes = [models.Index(fields=["window"], name="registry_ratewindow_window")]

    def __str__(self) -> str:
        return f"{self.client[:8]}@{self.window}: {self.count}"


class SigningKey(models.Model):
    """An Ed25519 key that signs the registry's JSON answers.

    The private key is never stored: it is derived from settings.AUDIT_KEY with HKDF, the
    key id being the HKDF info. The public key is stored so answers signed by a retired key
    (or before QMS_AUDIT_KEY changed) still verify against `/.well-known/qms-registry-keys.json`.
    """

    sequence = models.PositiveIntegerField(_("sequence"), unique=True)
    kid = models.CharField(_("key id"), max_length=40, unique=True)
    public_key = models.CharField(_("public key (base64)"), max_length=64)
    valid_from = models.DateTimeField(_("valid from"), default=timezone.now)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")

    def __str__(self) -> str:
        return self.kid


# The exchange's models (other bodies' API keys, address parts), in their own module (R2).
from .exchange_models import CertificateAddress, SourceApiKey  # noqa: E402, F401
