"""Helpers of the exchange tests (imports, exports, publish API): sources and CertSearch sheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from django.core.files.base import ContentFile

from qms.registry import certsearch as cs
from qms.registry.models import Source

HEADER: tuple[str, ...] = cs.CERTSEARCH_COLUMNS


def other_body(key: str = "cb:nordlicht", **changes: object) -> Source:
    """Another certification body publishing here (accredited by DAkkS)."""
    values: dict[str, object] = {
        "name": "Nordlicht Zertifizierung GmbH",
        "country": "DE",
        "accreditation_body": "DAkkS",
        "accreditation_number": "D-ZM-11111-01-00",
        "recognition": "IAF MLA",
        "accredited": True,
    }
    values.update(changes)
    return Source.objects.create(key=key, **values)


def certsearch_row(serial: int, **changes: str) -> dict[str, str]:
    """One valid CertSearch row; `changes` by column name."""
    row = {
        cs.ENTITY_ID: f"ENT-{serial:04d}",
        cs.ENTITY_NAME: f"Hügel Feinmechanik {serial} GmbH",
        cs.TRADING_NAME: "",
        cs.COUNTRY: "Germany",
        cs.STREET: f"Bergstraße {serial}",
        cs.CITY: "Stuttgart",
        cs.STATE: "Baden-Württemberg",
        cs.POST_CODE: "70173",
        cs.RECORD_ID: f"REC-{serial:04d}",
        cs.NUMBER: f"NL-{serial:05d}",
        cs.STATUS: "Active",
        cs.ACCREDITATION: "Accredited",
        cs.STANDARDS: "ISO 9001:2015",
        cs.SCOPE: "Machining of precision parts",
        cs.ORIGINAL_ISSUE_DATE: "20230301",
        cs.ISSUE_DATE: "2026-03-01",
        cs.EXPIRY_DATE: "20290228",
        cs.SITES: "Head office — Bergstraße 1, Stuttgart\nPlant 2 — Talweg 5, Esslingen",
        cs.SECTORS: "17; 18",
        cs.CONFIDENTIAL: "No",
    }
    row.update(changes)
    return row


def csv_file(
    rows: Sequence[dict[str, str]],
    *,
    header: Sequence[str] | None = None,
    name: str = "certificates.csv",
) -> ContentFile[bytes]:
    """A CSV of the rows; the header is the CertSearch columns plus any other the rows name."""
    if header is None:
        extra = [c for row in rows for c in row if c not in HEADER]
        header = [*HEADER, *dict.fromkeys(extra)]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return ContentFile(buffer.getvalue().encode("utf-8"), name=name)
