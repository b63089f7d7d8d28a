"""What a public certificate shows: one shape for the page and the signed JSON answers.

A confidential certificate (found by its exact number only) shows the minimal fields:
number, holder name, standards, status with its date, expiry date and certification body.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.utils import timezone, translation

from .models import PublicCertificate, StatusChange
from .rules import effective_status, status_words


def verify_path(number: str) -> str:
    return f"/verify/{quote(number, safe='')}/"


def api_path(number: str) -> str:
    return f"/api/v1/public/certificates/{quote(number, safe='')}/"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _status(row: PublicCertificate, today: date) -> dict[str, Any]:
    status = effective_status(row.status, row.expiry_date, today)
    with translation.override("en"):
        words = status_words(status)
    changed_on = row.status_changed_on
    if status != row.status and row.expiry_date:
        changed_on = row.expiry_date  # expired on its expiry date, whatever was published
    return {
        "status": status,
        "status_text": words,
        "status_changed_on": _iso(changed_on),
        "status_note": row.status_note if status == row.status else "",
    }


def certificate_data(row: PublicCertificate, *, today: date) -> dict[str, Any]:
    """One certificate as the API answers it (and as the page shows it)."""
    body = {"key": row.source.key, "name": row.source.name, "country": row.source.country}
    data: dict[str, Any] = {
        "number": row.number,
        "holder": {"name": row.holder_name},
        "standards": list(row.standards),
        "expiry_date": _iso(row.expiry_date),
        "certification_body": body,
        "confidential": row.confidential,
        "verify_url": settings.BASE_URL + verify_path(row.number),
        **_status(row, today),
    }
    if row.confidential:
        return data
    data["holder"].update(
        {
            "trading_name": row.holder_trading_name,
            "country": row.country,
            "address": row.address,
        }
    )
    data.update(
        {
            "revision": row.revision,
            "sites": list(row.sites),
            "scope": row.scope,
            "iaf_codes": list(row.iaf_codes),
            "original_issue_date": _iso(row.original_issue_date),
            "issue_date": _iso(row.issue_date),
            "accreditation": {
                "accredited": row.source.accredited,
                "body": row.source.accreditation_body,
                "number": row.source.accreditation_number,
                "recognition": row.source.recognition,
            },
            "history": [history_data(entry) for entry in getattr(row, "public_history", [])],
        }
    )
    return data


def history_data(entry: StatusChange) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "status": entry.status,
        "on": entry.on.isoformat(),
        "note": entry.note,
        "revision": entry.revision,
    }


def summary_data(row: PublicCertificate, *, today: date) -> dict[str, Any]:
    """One search result: the columns a result list shows."""
    return {
        "number": row.number,
        "holder": {"name": row.holder_name, "country": row.country},
        "standards": list(row.standards),
        "expiry_date": _iso(row.expiry_date),
        "certification_body": {"key": row.source.key, "name": row.source.name},
        "verify_url": settings.BASE_URL + verify_path(row.number),
        **_status(row, today),
    }


def answered_at(now: datetime | None = None) -> str:
    moment = (now or timezone.now()).astimezone(UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def query_string(params: dict[str, str]) -> str:
    kept = {key: value for key, value in params.items() if value}
    return "?" + urlencode(kept) if kept else ""
