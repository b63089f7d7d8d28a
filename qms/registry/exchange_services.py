"""Writes of the exchange with other certification bodies: a certificate published through the
API with a source's key, and a bulk import by a key or on the command line.

Each records one audit event in the global chain (a source is not an organization of this
installation) in the same transaction as the rows it wrote; `publish_certificates` itself
records none (see `services`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from qms.core.audit import record_event, register_event_type
from qms.core.imports import ImportReport
from qms.core.imports.services import import_sheet

from . import certsearch as cs
from .exchange_models import SourceApiKey
from .imports import KIND, address_parts, save_address_parts, to_published
from .models import PublicCertificate, Source
from .normalize import number_key
from .services import publish_certificates

CERTIFICATE_PUBLISHED = register_event_type(
    "registry_certificate.published", _("Certificate published to the registry")
)
SOURCE_CREATED = register_event_type(
    "registry_source.created", _("Certification body added to the registry")
)
REGISTRY_IMPORTED = register_event_type(
    "registry_import.run", _("Certificates imported into the registry")
)


@dataclass(frozen=True)
class PublishOutcome:
    certificate: PublicCertificate
    created: bool
    changed: bool


def source_certificate(*, source: Source, number: str) -> PublicCertificate | None:
    """The source's own certificate with this number (whatever its status or listing)."""
    return (
        PublicCertificate.objects.filter(source=source, number_key=number_key(number))
        .select_related("address_parts")
        .first()
    )


def certificate_publish_by_key(
    *, key: SourceApiKey, values: dict[str, Any], existing: PublicCertificate | None
) -> PublishOutcome:
    """Publish one certificate of the key's source from `values` (CertSearch column names,
    as `imports.CertSearchImporter` cleans them; a column left out keeps what `existing`
    has). Raises ValidationError with the publication's field errors; writes nothing then."""
    source = key.source
    with transaction.atomic():
        parts = address_parts(values, existing)
        published = to_published(values, source=source, existing=existing, parts=parts)
        summary = publish_certificates([published])
        parts_changed = save_address_parts(source, published.number, parts)
        certificate = source_certificate(source=source, number=published.number)
        assert certificate is not None  # just published  # noqa: S101
        changed = bool(summary.created or summary.updated or parts_changed)
        if changed:
            record_event(
                actor=None,
                event_type=CERTIFICATE_PUBLISHED,
                subject=certificate,
                data={
                    "source": source.key,
                    "number": certificate.number,
                    "status": certificate.status,
                    "revision": certificate.revision,
                    "api_key": key.prefix,
                    "created": bool(summary.created),
                },
            )
    return PublishOutcome(certificate=certificate, created=bool(summary.created), changed=changed)


def registry_import(
    *, source: Source, upload: Any, dry_run: bool, actor: Any = None, via: str
) -> ImportReport:
    """Check (`dry_run`) or import a CertSearch sheet for `source` (all or nothing).

    `via` says who asked, for the audit event of a real run: "cli" or an API key's prefix.
    """
    with transaction.atomic():
        report = import_sheet(
            importer_kind=KIND,
            upload=upload,
            dry_run=dry_run,
            actor=actor,
            options={"source": source},
        )
        if not dry_run and not report.has_errors:
            record_event(
                actor=actor,
                event_type=REGISTRY_IMPORTED,
                data={
                    "source": source.key,
                    "file_name": report.file_name,
                    "sha256": report.sha256,
                    "via": via,
                    **report.totals,
                },
            )
    return report


def source_create(
    *,
    actor: Any,
    key: str,
    name: str,
    country: str = "",
    accreditation_body: str = "",
    accreditation_number: str = "",
    recognition: str = "",
) -> Source:
    """Register another certification body as a source (its certificates then come by
    import or by its API key). The key must not look like this installation's own
    (`org:<id>`), which the certification side publishes under."""
    key = key.strip()
    if key.startswith("org:"):
        raise ValidationError({"key": "Keys starting with org: are this installation's bodies."})
    if Source.objects.filter(key=key).exists():
        raise ValidationError({"key": f"A source with key {key!r} exists already."})
    source = Source(
        key=key,
        name=name.strip(),
        country=country.strip().upper(),
        accreditation_body=accreditation_body.strip(),
        accreditation_number=accreditation_number.strip(),
        recognition=recognition.strip(),
        accredited=bool(accreditation_body.strip()),
    )
    if source.country:
        try:
            source.country = cs.parse_country(source.country)
        except ValueError as error:
            raise ValidationError({"country": str(error)}) from None
    source.full_clean()
    with transaction.atomic():
        source.save()
        record_event(
            actor=actor,
            event_type=SOURCE_CREATED,
            subject=source,
            after={
                "key": source.key,
                "name": source.name,
                "country": source.country,
                "accreditation_body": source.accreditation_body,
                "accreditation_number": source.accreditation_number,
            },
        )
    return source


# The publish API's field names, and the import's column for each.
API_COLUMNS: dict[str, str] = {
    "holder_id": cs.ENTITY_ID,
    "holder_name": cs.ENTITY_NAME,
    "holder_trading_name": cs.TRADING_NAME,
    "country": cs.COUNTRY,
    "street": cs.STREET,
    "city": cs.CITY,
    "state": cs.STATE,
    "post_code": cs.POST_CODE,
    "record_id": cs.RECORD_ID,
    "number": cs.NUMBER,
    "status": cs.STATUS,
    "standards": cs.STANDARDS,
    "scope": cs.SCOPE,
    "original_issue_date": cs.ORIGINAL_ISSUE_DATE,
    "issue_date": cs.ISSUE_DATE,
    "expiry_date": cs.EXPIRY_DATE,
    "sites": cs.SITES,
    "iaf_codes": cs.SECTORS,
    "confidential": cs.CONFIDENTIAL,
    "revision": cs.REVISION,
    "status_changed_on": cs.STATUS_CHANGED_ON,
    "status_note": cs.STATUS_NOTE,
    "listed": cs.LISTED,
}
COLUMN_FIELDS = {column: name for name, column in API_COLUMNS.items()}
# publish_certificates' error names that differ from the API's field names
PUBLISHED_FIELDS = {"address": "street", "iaf_codes": "iaf_codes"}
