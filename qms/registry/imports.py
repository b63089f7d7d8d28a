"""Bulk import of certificates in the IAF CertSearch field set (domain spec §6.1), CSV or XLSX.

One importer, three doors, the same rules (the core import framework's): a dry run reports
each row's errors by its spreadsheet row number (the header is row 1) and writes nothing;
the real run writes all or nothing; importing the same file again changes nothing, and a
changed row updates its certificate (a status change appends a history entry) through
`services.publish_certificates`.

- the page /imports/registry.certificates/ for a logged-in member of a certification body
  whose organization publishes here (its source is `org:<organization id>`);
- `qms registry import FILE --source KEY [--dry-run]`;
- `POST /api/v1/public/publish/imports/` with a certification body's API key.

The source (the publishing certification body) comes from `ImportContext.options["source"]`,
or else from the importing organization. Every row is published under it: its name and
accreditation come from the source, never from the sheet (see `validate_row` for the
"Accreditation Status" column).

Columns: the CertSearch names in `certsearch.CERTSEARCH_COLUMNS`, plus four of ours, all
optional: Revision, Status Changed On (default: the issue date for a new active
certificate, today for any other change of status), Status Note (the public wording of the
change) and Listed (default yes; "no" keeps the row out of every public answer). A column the
sheet leaves out keeps what the certificate has; an empty cell of an optional column clears it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.imports import Column, ImportContext, Importer, RowError, boolean, integer
from qms.core.imports.framework import Outcome

from . import certsearch as cs
from .choices import Status
from .exchange_models import CertificateAddress, address_line
from .models import PublicCertificate, Source
from .normalize import number_key
from .services import PublishedCertificate, publish_certificates

KIND = "registry.certificates"
PERMISSION = ("registry.publiccertificate", "import")

_ADDRESS_COLUMNS = (cs.STREET, cs.CITY, cs.STATE, cs.POST_CODE)


def source_key_of(organization: Any) -> str:
    """The source key of a certification body of this installation."""
    return f"org:{organization.pk}"


def source_of(context: ImportContext) -> Source:
    """The source the rows are published under: the caller's option, or the importing
    organization's own source."""
    source = context.options.get("source")
    if isinstance(source, Source):
        return source
    cached = context.cache.get("source")
    if isinstance(cached, Source):
        return cached
    found = None
    if context.organization is not None:
        found = Source.objects.filter(key=source_key_of(context.organization)).first()
    if found is None:
        raise RowError(
            "This organization does not publish to the registry yet: its first certificate "
            "published by the certification back office creates its entry."
        )
    context.cache["source"] = found
    return found


class CertSearchImporter(Importer):
    kind = KIND
    label = _("Public registry: certificates (IAF CertSearch fields)")
    description = _(
        "Certificates of your certification body in the IAF CertSearch upload fields; dates as "
        "YYYYMMDD or YYYY-MM-DD. Re-importing a file changes nothing; a changed status adds "
        "an entry to the certificate's public history."
    )
    permission = PERMISSION
    columns = (
        Column(
            cs.ENTITY_ID,
            required=True,
            parse=cs.bounded(64),
            help=_("Your stable key for the certified organization."),
        ),
        Column(cs.ENTITY_NAME, required=True, parse=cs.bounded(300)),
        Column(cs.TRADING_NAME, parse=cs.bounded(300), default=""),
        Column(
            cs.COUNTRY,
            required=True,
            parse=cs.parse_country,
            help=_("Name or ISO 3166 code."),
        ),
        Column(cs.STREET, required=True, parse=cs.bounded(300)),
        Column(cs.CITY, required=True, parse=cs.bounded(120)),
        Column(cs.STATE, parse=cs.bounded(120), default=""),
        Column(cs.POST_CODE, parse=cs.bounded(30), default=""),
        Column(cs.RECORD_ID, required=True, parse=cs.bounded(60)),
        Column(cs.NUMBER, required=True, parse=cs.bounded(60)),
        Column(
            cs.STATUS,
            required=True,
            parse=cs.parse_status,
            help=_("Active, Suspended, Withdrawn, Cancelled, Expired, Inactive or Draft."),
        ),
        Column(
            cs.ACCREDITATION,
            required=True,
            parse=cs.parse_accreditation,
            help=_("Accredited or Unaccredited."),
        ),
        Column(
            cs.STANDARDS,
            required=True,
            parse=cs.parse_standards,
            help=_("With the edition, e.g. ISO 9001:2015; several separated by ;"),
        ),
        Column(cs.SCOPE, default=""),
        Column(cs.ORIGINAL_ISSUE_DATE, parse=cs.parse_date),
        Column(cs.ISSUE_DATE, required=True, parse=cs.parse_date),
        Column(cs.EXPIRY_DATE, required=True, parse=cs.parse_date),
        Column(cs.SITES, parse=cs.split_lines, default=(), help=_("One site per line.")),
        Column(cs.SECTORS, parse=cs.parse_sectors, default=(), help=_("IAF codes, e.g. 17; 28")),
        Column(cs.CONFIDENTIAL, parse=boolean(), default=False),
        Column(cs.REVISION, parse=integer(minimum=1)),
        Column(cs.STATUS_CHANGED_ON, parse=cs.parse_date),
        Column(cs.STATUS_NOTE, parse=cs.bounded(500), default=""),
        Column(cs.LISTED, parse=boolean(), default=True),
    )
    key_columns = (cs.NUMBER,)
    # Errors of publish_certificates, named by the dataclass's fields, beside their columns.
    field_columns = {
        "holder_id": cs.ENTITY_ID,
        "holder_name": cs.ENTITY_NAME,
        "holder_trading_name": cs.TRADING_NAME,
        "country": cs.COUNTRY,
        "record_id": cs.RECORD_ID,
        "number": cs.NUMBER,
        "status": cs.STATUS,
        "standards": cs.STANDARDS,
        "issue_date": cs.ISSUE_DATE,
        "expiry_date": cs.EXPIRY_DATE,
        "original_issue_date": cs.ORIGINAL_ISSUE_DATE,
        "status_note": cs.STATUS_NOTE,
        "revision": cs.REVISION,
    }

    def validate_row(self, row: dict[str, Any], *, context: ImportContext) -> dict[str, Any]:
        errors: dict[str, str] = {}
        issue, expiry = row.get(cs.ISSUE_DATE), row.get(cs.EXPIRY_DATE)
        original = row.get(cs.ORIGINAL_ISSUE_DATE)
        if issue and expiry and expiry < issue:
            errors[cs.EXPIRY_DATE] = "The expiry date is before the issue date."
        if original and issue and issue < original:
            errors[cs.ORIGINAL_ISSUE_DATE] = "The original issue date is after the issue date."
        source = source_of(context)
        if cs.ACCREDITATION in row and row[cs.ACCREDITATION] != source.accredited:
            said = cs.ACCREDITED if row[cs.ACCREDITATION] else cs.UNACCREDITED
            errors[cs.ACCREDITATION] = (
                f"{said}, but {source.name} publishes here as "
                f"{'accredited' if source.accredited else 'unaccredited'}: the registry "
                "records accreditation per certification body."
            )
        if errors:
            raise RowError(errors)
        if cs.STATUS in row:
            today = timezone.localdate()
            row[cs.STATUS] = cs.resolve_inactive(row[cs.STATUS], expiry, today)
        return row

    def apply_row(self, cleaned: dict[str, Any], *, context: ImportContext) -> Outcome:
        source = source_of(context)
        existing = (
            PublicCertificate.objects.filter(
                source=source, number_key=number_key(cleaned[cs.NUMBER])
            )
            .select_related("address_parts")
            .first()
        )
        parts = address_parts(cleaned, existing)
        published = to_published(cleaned, source=source, existing=existing, parts=parts)
        summary = publish_certificates([published])
        parts_changed = save_address_parts(source, published.number, parts)
        if summary.created:
            return "created"
        return "updated" if summary.updated or parts_changed else "unchanged"


def _keep(cleaned: dict[str, Any], column: str, current: Any) -> Any:
    """The sheet's value, or the certificate's when the sheet has no such column."""
    return cleaned[column] if column in cleaned else current


def address_parts(
    cleaned: dict[str, Any], existing: PublicCertificate | None
) -> tuple[str, str, str, str]:
    stored: CertificateAddress | None = getattr(existing, "address_parts", None)
    if existing is not None and stored is None:
        current: tuple[str, ...] = (existing.address, "", "", "")
    else:
        current = stored.parts() if stored is not None else ("", "", "", "")
    street, city, state, post_code = (
        str(_keep(cleaned, column, value) or "")
        for column, value in zip(_ADDRESS_COLUMNS, current, strict=True)
    )
    return street, city, state, post_code


def to_published(
    cleaned: dict[str, Any],
    *,
    source: Source,
    existing: PublicCertificate | None,
    parts: tuple[str, str, str, str],
) -> PublishedCertificate:
    """The certificate a row describes; columns the sheet leaves out keep the stored values."""

    def keep(column: str, attribute: str, fallback: Any = None) -> Any:
        current = getattr(existing, attribute) if existing is not None else fallback
        return _keep(cleaned, column, current)

    status = str(keep(cs.STATUS, "status", Status.ACTIVE))
    issue: datetime.date | None = keep(cs.ISSUE_DATE, "issue_date")
    changed_on = cleaned.get(cs.STATUS_CHANGED_ON)
    if changed_on is None:
        if existing is not None and existing.status == status:
            changed_on = existing.status_changed_on
        elif existing is None and status == Status.ACTIVE and issue is not None:
            changed_on = issue
        else:
            changed_on = timezone.localdate()
    return PublishedCertificate(
        source_key=source.key,
        source_name=source.name,
        source_country=source.country,
        accreditation_body=source.accreditation_body,
        accreditation_number=source.accreditation_number,
        recognition=source.recognition,
        accredited=source.accredited,
        record_id=str(keep(cs.RECORD_ID, "record_id", "")),
        number=str(cleaned[cs.NUMBER]),
        revision=int(keep(cs.REVISION, "revision", 1) or 1),
        holder_name=str(keep(cs.ENTITY_NAME, "holder_name", "")),
        holder_trading_name=str(keep(cs.TRADING_NAME, "holder_trading_name", "") or ""),
        holder_id=str(keep(cs.ENTITY_ID, "holder_id", "")),
        country=str(keep(cs.COUNTRY, "country", "")),
        address=address_line(*parts),
        sites=tuple(keep(cs.SITES, "sites", ()) or ()),
        scope=str(keep(cs.SCOPE, "scope", "") or ""),
        standards=tuple(keep(cs.STANDARDS, "standards", ()) or ()),
        iaf_codes=tuple(keep(cs.SECTORS, "iaf_codes", ()) or ()),
        original_issue_date=keep(cs.ORIGINAL_ISSUE_DATE, "original_issue_date"),
        issue_date=issue,
        expiry_date=keep(cs.EXPIRY_DATE, "expiry_date"),
        status=status,
        status_changed_on=changed_on,
        status_note=str(keep(cs.STATUS_NOTE, "status_note", "") or ""),
        listed=bool(keep(cs.LISTED, "listed", True)),
        confidential=bool(keep(cs.CONFIDENTIAL, "confidential", False)),
    )


def save_address_parts(source: Source, number: str, parts: tuple[str, str, str, str]) -> bool:
    """Store the address parts beside the published row; whether anything changed."""
    certificate_id = (
        PublicCertificate.objects.filter(source=source, number_key=number_key(number))
        .values_list("pk", flat=True)
        .get()
    )
    street, city, state, post_code = parts
    with transaction.atomic():
        stored = CertificateAddress.objects.filter(certificate_id=certificate_id).first()
        if stored is not None and stored.parts() == parts:
            return False
        CertificateAddress.objects.update_or_create(
            certificate_id=certificate_id,
            defaults={"street": street, "city": city, "state": state, "post_code": post_code},
        )
    return True


def register() -> None:
    """From RegistryConfig.ready(): the importer, and who may import and export.

    The owner of a certification body's organization, and its certification manager when the
    certification app has registered that role (the registry imports no other domain app).
    The core import pages also need core.importrun "add" (every base role but the viewer
    holds it); the certification manager is given it here.
    """
    from qms.core.imports import register_importer
    from qms.core.permissions import Role, register_permissions, role_values

    roles: set[str] = {Role.OWNER}
    if CERTIFICATION_MANAGER in role_values():
        roles.add(CERTIFICATION_MANAGER)
        register_permissions("core.importrun", {"add": {CERTIFICATION_MANAGER}})
    register_permissions("registry.publiccertificate", {"import": roles, "export": roles})
    register_importer(CertSearchImporter)


CERTIFICATION_MANAGER = "certification_manager"
