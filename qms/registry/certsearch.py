"""The IAF CertSearch field set (domain spec §6.1): column names, status words, cell formats.

Shared by the bulk import (`imports.py`), the export (`exports.py`) and the publish API, so a
column is named once. Pure: no database.

Status words. CertSearch knows Active, Inactive, Suspended, Cancelled, Draft, Withdrawn and
Expired; ours are the same words but Inactive (domain spec §3.6). Reading a sheet, common
synonyms are accepted too (valid, certified, revoked, terminated, lapsed…), and "Inactive"
becomes expired when the expiry date has passed and cancelled otherwise: the two ways a
certificate stops being valid without a suspension or a withdrawal. "Superseded" is refused:
an older revision is never a row of its own (the row carries the current revision).
Writing a sheet, each of our statuses has its CertSearch word.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from django.utils import translation
from django_countries import countries

from .choices import Status

# --- Column names (CertSearch upload template v2.x), in export order ------------------------

ENTITY_ID = "Certified Entity Unique ID"
ENTITY_NAME = "Certified Entity Name"
TRADING_NAME = "Trading Name"
COUNTRY = "Country"
STREET = "Street"
CITY = "City"
STATE = "State"
POST_CODE = "Post Code"
RECORD_ID = "Certification Identity Number"
NUMBER = "Certificate Number"
STATUS = "Certification Status"
ACCREDITATION = "Accreditation Status"
STANDARDS = "Standard(s)"
SCOPE = "Scope"
ORIGINAL_ISSUE_DATE = "Original Issue Date"
ISSUE_DATE = "Issue Date"
EXPIRY_DATE = "Expiry Date"
SITES = "Certification Sites"
SECTORS = "Technical Sectors"
CONFIDENTIAL = "Confidential"

CERTSEARCH_COLUMNS: tuple[str, ...] = (
    ENTITY_ID,
    ENTITY_NAME,
    TRADING_NAME,
    COUNTRY,
    STREET,
    CITY,
    STATE,
    POST_CODE,
    RECORD_ID,
    NUMBER,
    STATUS,
    ACCREDITATION,
    STANDARDS,
    SCOPE,
    ORIGINAL_ISSUE_DATE,
    ISSUE_DATE,
    EXPIRY_DATE,
    SITES,
    SECTORS,
    CONFIDENTIAL,
)

# Columns of ours, not CertSearch's: optional in an import, never in the export.
REVISION = "Revision"
STATUS_CHANGED_ON = "Status Changed On"
STATUS_NOTE = "Status Note"
LISTED = "Listed"
EXTRA_COLUMNS: tuple[str, ...] = (REVISION, STATUS_CHANGED_ON, STATUS_NOTE, LISTED)

ACCREDITED = "Accredited"
UNACCREDITED = "Unaccredited"

# --- Status words -----------------------------------------------------------------------------

INACTIVE = "inactive"  # resolved by the expiry date: see the module docstring
_STATUS_WORDS: dict[str, str] = {
    "active": Status.ACTIVE,
    "valid": Status.ACTIVE,
    "certified": Status.ACTIVE,
    "granted": Status.ACTIVE,
    "issued": Status.ACTIVE,
    "suspended": Status.SUSPENDED,
    "withdrawn": Status.WITHDRAWN,
    "revoked": Status.WITHDRAWN,
    "cancelled": Status.CANCELLED,
    "canceled": Status.CANCELLED,
    "terminated": Status.CANCELLED,
    "expired": Status.EXPIRED,
    "lapsed": Status.EXPIRED,
    "draft": Status.DRAFT,
    "inactive": INACTIVE,
}
TO_CERTSEARCH: dict[str, str] = {
    Status.DRAFT: "Draft",
    Status.ACTIVE: "Active",
    Status.SUSPENDED: "Suspended",
    Status.WITHDRAWN: "Withdrawn",
    Status.CANCELLED: "Cancelled",
    Status.EXPIRED: "Expired",
}


def parse_status(value: str) -> str:
    """Our status for a CertSearch word or synonym (`INACTIVE` still to be resolved)."""
    word = value.strip().casefold()
    if word == "superseded":
        raise ValueError(
            "Superseded revisions are not rows of their own: give the current revision's "
            "status (Active, Suspended, …) on the certificate's one row."
        )
    try:
        return _STATUS_WORDS[word]
    except KeyError:
        raise ValueError(
            f"“{value}” is not a certification status: use Active, Suspended, Withdrawn, "
            "Cancelled, Expired, Inactive or Draft."
        ) from None


def resolve_inactive(status: str, expiry: datetime.date | None, today: datetime.date) -> str:
    """An "Inactive" certificate is expired once its expiry date has passed, else cancelled."""
    if status != INACTIVE:
        return status
    return Status.EXPIRED if expiry is not None and expiry < today else Status.CANCELLED


def parse_accreditation(value: str) -> bool:
    word = value.strip().casefold()
    if word in ("accredited", "yes", "true", "1"):
        return True
    if word in ("unaccredited", "non-accredited", "not accredited", "no", "false", "0"):
        return False
    raise ValueError(f"“{value}” is not Accredited or Unaccredited.")


# --- Cells ------------------------------------------------------------------------------------

_YYYYMMDD = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(value: str) -> datetime.date:
    """YYYYMMDD (CertSearch) or ISO YYYY-MM-DD (also what a spreadsheet's date cell reads as)."""
    text = value.strip()
    match = _YYYYMMDD.match(text)
    try:
        if match:
            return datetime.date(*(int(part) for part in match.groups()))
        return datetime.date.fromisoformat(text[:10] if "T" in text else text)
    except ValueError:
        raise ValueError(f"“{value}” is not a date: write YYYYMMDD or YYYY-MM-DD.") from None


def format_date(value: datetime.date | None) -> str:
    """CertSearch's date format, YYYYMMDD ("" for none)."""
    return value.strftime("%Y%m%d") if value else ""


def parse_country(value: str) -> str:
    """ISO 3166 alpha-2 from an alpha-2 or alpha-3 code or an English country name."""
    text = value.strip()
    code = countries.alpha2(text) if len(text) in (2, 3) else ""
    if not code:
        with translation.override("en"):
            code = countries.by_name(text) or ""
    if not code:
        raise ValueError(f"“{value}” is not a country (give its name or ISO 3166 code).")
    return str(code)


def country_name(code: str) -> str:
    """The English name CertSearch shows for an alpha-2 code (the code when unknown)."""
    if not code:
        return ""
    with translation.override("en"):
        return str(countries.name(code)) or code


_LIST_SPLIT = re.compile(r"\s*(?:;|\n|\|)\s*")
_STANDARD_SPLIT = re.compile(r"\s*(?:;|,|\n|\|)\s*")
_SECTOR = re.compile(r"^(?:IAF\s*)?(\d{1,2})(?:[a-z]?)\b", re.IGNORECASE)


def split_lines(value: str) -> tuple[str, ...]:
    """Sites: one per line (or separated by `;` or `|`)."""
    return tuple(part for part in _LIST_SPLIT.split(value.strip()) if part)


def parse_standards(value: str) -> tuple[str, ...]:
    """ "ISO 9001:2015; ISO 14001:2015" (also `,` or one per line), each with its edition."""
    found = tuple(part for part in _STANDARD_SPLIT.split(value.strip()) if part)
    for standard in found:
        if len(standard) > 100:
            raise ValueError(f"“{standard[:40]}…” is too long for a standard's name.")
    return found


def parse_sectors(value: str) -> tuple[str, ...]:
    """IAF codes from "28; 17", "IAF 28 - Construction" or "28 Construction; 17 Basic metals"."""
    codes: list[str] = []
    for part in _LIST_SPLIT.split(value.strip().replace(",", ";")):
        if not part:
            continue
        match = _SECTOR.match(part)
        if match is None or not 1 <= int(match.group(1)) <= 39:
            raise ValueError(f"“{part}” does not start with an IAF sector code (1 to 39).")
        code = str(int(match.group(1)))
        if code not in codes:
            codes.append(code)
    return tuple(codes)


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def bounded(max_length: int) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if len(value) > max_length:
            raise ValueError(f"At most {max_length} characters (this has {len(value)}).")
        return value

    return parse
