"""What the registry shows, and in which words: pure functions, no database."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .choices import Status
from .normalize import number_key, standards_key

if TYPE_CHECKING:
    from .services import PublishedCertificate

PUBLIC_STATUSES = frozenset(
    {Status.ACTIVE, Status.SUSPENDED, Status.WITHDRAWN, Status.CANCELLED, Status.EXPIRED}
)

# The status in words, as the public page and the API state it (domain spec §3.6).
STATUS_WORDS: dict[str, Promise] = {
    Status.ACTIVE: _("valid"),
    Status.SUSPENDED: _("suspended"),
    Status.WITHDRAWN: _("withdrawn"),
    Status.CANCELLED: _("cancelled"),
    Status.EXPIRED: _("expired"),
    Status.DRAFT: _("not issued"),
}

# What the banner says beside the word, for someone deciding whether to rely on it.
STATUS_EXPLANATIONS: dict[str, Promise] = {
    Status.ACTIVE: _("This certificate is valid."),
    Status.SUSPENDED: _(
        "This certificate is suspended: the organization must not claim certification "
        "while it is suspended."
    ),
    Status.WITHDRAWN: _("This certificate has been withdrawn by the certification body."),
    Status.CANCELLED: _("This certificate has been cancelled and is no longer valid."),
    Status.EXPIRED: _("This certificate has expired and is no longer valid."),
    Status.DRAFT: _("This certificate has not been issued."),
}

# CSS modifier of the banner: the colour goes with the words, never instead of them.
STATUS_TONES: dict[str, str] = {
    Status.ACTIVE: "valid",
    Status.SUSPENDED: "warning",
    Status.WITHDRAWN: "invalid",
    Status.CANCELLED: "invalid",
    Status.EXPIRED: "inactive",
    Status.DRAFT: "inactive",
}

_COUNTRY = re.compile(r"^[A-Z]{2}$")
_TEXT_LIMITS = {
    "source_key": 64,
    "source_name": 300,
    "source_country": 2,
    "accreditation_body": 200,
    "accreditation_number": 60,
    "recognition": 60,
    "record_id": 60,
    "number": 60,
    "holder_name": 300,
    "holder_trading_name": 300,
    "holder_id": 64,
    "status_note": 500,
}


def effective_status(status: str, expiry_date: date | None, today: date) -> str:
    """The status to state: an active certificate past its expiry date is expired, whatever
    its body last published (a body that stopped publishing cannot keep it valid)."""
    if status == Status.ACTIVE and expiry_date is not None and expiry_date < today:
        return str(Status.EXPIRED)
    return status


def is_public(*, status: str, listed: bool) -> bool:
    """Drafts and certificates of clients who did not consent to listing are never shown."""
    return listed and status in PUBLIC_STATUSES


def status_words(status: str) -> str:
    return str(STATUS_WORDS.get(status, status))


def published_errors(cert: PublishedCertificate) -> dict[str, list[str]]:
    """Field errors of a certificate to publish ({} when it can be published)."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for field in ("source_key", "source_name", "number", "holder_name"):
        if not str(getattr(cert, field) or "").strip():
            add(field, str(_("This field is required.")))
    for field, limit in _TEXT_LIMITS.items():
        value = str(getattr(cert, field) or "")
        if len(value) > limit:
            add(field, str(_("At most %(limit)d characters.") % {"limit": limit}))
    if cert.number.strip() and not number_key(cert.number):
        add("number", str(_("This field is required.")))
    for field in ("country", "source_country"):
        value = str(getattr(cert, field) or "")
        if value and not _COUNTRY.match(value.upper()):
            add(field, str(_("Use the two-letter ISO 3166 country code.")))
    if cert.status not in Status.values:
        add("status", str(_("Unknown status %(status)r.") % {"status": cert.status}))
    if not isinstance(cert.revision, int) or cert.revision < 0:
        add("revision", str(_("Use a whole number, 0 or more.")))
    if not isinstance(cert.status_changed_on, date):
        add("status_changed_on", str(_("This field is required.")))
    for field in ("original_issue_date", "issue_date", "expiry_date"):
        value = getattr(cert, field)
        if value is not None and not isinstance(value, date):
            add(field, str(_("Enter a date.")))
    if (
        isinstance(cert.issue_date, date)
        and isinstance(cert.expiry_date, date)
        and cert.expiry_date < cert.issue_date
    ):
        add("expiry_date", str(_("The expiry date is before the issue date.")))
    if len(standards_key(cert.standards)) > 1000:
        add("standards", str(_("Too many standards.")))
    return errors
