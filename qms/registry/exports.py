"""Export of one source's certificates in the IAF CertSearch field set (CSV or XLSX), for the
monthly upload to IAF CertSearch (IAF MD 28, domain spec §6.1).

What is exported: the source's listed certificates (a client who did not consent to listing
is never sent anywhere), drafts only when asked (CertSearch keeps drafts private, but a body
may prefer not to upload them at all), confidential ones with Confidential = Yes (CertSearch
hides them from public search). Superseded revisions are not rows: each certificate's one row
carries its current revision. The status is stated as the public pages state it: an active
certificate past its expiry date is Expired (`rules.effective_status`), and each of our
statuses becomes its CertSearch word (`certsearch.TO_CERTSEARCH`).

The address: parts stored by an import or the publish API go to Street, City, State and Post
Code; a certificate published without parts (this installation's certification side sends one
line) has its whole address in Street.

Rows are read in chunks through the `(source, number_key)` unique index, so a large register
never sits in memory (`qms.core.export` streams the CSV).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone

from . import certsearch as cs
from .choices import Status
from .exchange_models import CertificateAddress
from .models import PublicCertificate, Source
from .rules import effective_status

HEADER: list[str] = list(cs.CERTSEARCH_COLUMNS)
CHUNK = 2_000


def exported_certificates(
    *, source: Source, include_drafts: bool = False
) -> QuerySet[PublicCertificate]:
    rows = PublicCertificate.objects.filter(source=source, listed=True)
    if not include_drafts:
        rows = rows.exclude(status=Status.DRAFT)
    return rows.select_related("address_parts").order_by("number_key", "id")


def export_rows(
    *, source: Source, include_drafts: bool = False, today: datetime.date | None = None
) -> Iterator[list[str]]:
    """The CertSearch rows of the source's exported certificates, in number order."""
    today = today or timezone.localdate()
    certificates = exported_certificates(source=source, include_drafts=include_drafts)
    for certificate in certificates.iterator(chunk_size=CHUNK):
        yield certsearch_row(certificate, source=source, today=today)


def certsearch_row(
    certificate: PublicCertificate, *, source: Source, today: datetime.date
) -> list[str]:
    parts: CertificateAddress | None = getattr(certificate, "address_parts", None)
    if parts is not None:
        street, city, state, post_code = parts.parts()
    else:
        street, city, state, post_code = " ".join(certificate.address.split()), "", "", ""
    status = effective_status(certificate.status, certificate.expiry_date, today)
    values = {
        cs.ENTITY_ID: certificate.holder_id,
        cs.ENTITY_NAME: certificate.holder_name,
        cs.TRADING_NAME: certificate.holder_trading_name,
        cs.COUNTRY: cs.country_name(certificate.country),
        cs.STREET: street,
        cs.CITY: city,
        cs.STATE: state,
        cs.POST_CODE: post_code,
        cs.RECORD_ID: certificate.record_id,
        cs.NUMBER: certificate.number,
        cs.STATUS: cs.TO_CERTSEARCH.get(status, status.capitalize()),
        cs.ACCREDITATION: cs.ACCREDITED if source.accredited else cs.UNACCREDITED,
        cs.STANDARDS: "; ".join(certificate.standards or []),
        cs.SCOPE: certificate.scope,
        cs.ORIGINAL_ISSUE_DATE: cs.format_date(certificate.original_issue_date),
        cs.ISSUE_DATE: cs.format_date(certificate.issue_date),
        cs.EXPIRY_DATE: cs.format_date(certificate.expiry_date),
        cs.SITES: "\n".join(certificate.sites or []),
        cs.SECTORS: "; ".join(certificate.iaf_codes or []),
        cs.CONFIDENTIAL: cs.yes_no(certificate.confidential),
    }
    return [values[column] for column in HEADER]


def export_filename_stem(source: Source) -> str:
    safe = "".join(char if char.isalnum() else "-" for char in source.key)
    return f"certsearch-{safe}"
