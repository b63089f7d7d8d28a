"""Certificates to publish, as the certification side or an import would describe them."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from qms.registry.services import PublishedCertificate


def published(**changes: Any) -> PublishedCertificate:
    """An active, listed ISO 9001 certificate of Meridian Certification; `changes` override."""
    base = PublishedCertificate(
        source_key="org:1",
        source_name="Meridian Certification Ltd",
        source_country="GB",
        accreditation_body="UKAS",
        accreditation_number="0123",
        recognition="IAF MLA",
        accredited=True,
        record_id="REC-1",
        number="MC-2026-0001",
        revision=1,
        holder_name="Müller Präzisionstechnik GmbH",
        holder_trading_name="Mueller Precision",
        holder_id="CLIENT-7",
        country="DE",
        address="Hauptstraße 1, 70173 Stuttgart",
        sites=("Head office — Hauptstraße 1, 70173 Stuttgart",),
        scope="Design and machining of precision parts",
        standards=("ISO 9001:2015",),
        iaf_codes=("17", "18"),
        original_issue_date=date(2023, 3, 1),
        issue_date=date(2026, 3, 1),
        expiry_date=date(2029, 2, 28),
        status="active",
        status_changed_on=date(2026, 3, 1),
        status_note="",
        listed=True,
        confidential=False,
    )
    return dataclasses.replace(base, **changes)
