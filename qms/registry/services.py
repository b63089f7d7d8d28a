"""Writes to the registry's read model: the interface certification bodies publish through.

`qms.certification` imports only this module. Other certification bodies reach the same
functions through bulk imports and the publish API. Nothing here reads certification tables.

`publish_certificate` records no audit event of its own: it runs inside the caller's
transaction, and the caller's service (certificate decision, suspension, import, publish API)
records the event that says who did it and why. The public history (`StatusChange`) is the
registry's own append-only record of what was published.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import secrets
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from qms.core.audit import record_event

from .choices import HistoryKind
from .events import SIGNING_KEY_CREATED, SIGNING_KEY_ROTATED
from .models import (
    LookupCount,
    NameTerm,
    NameWord,
    PublicCertificate,
    SigningKey,
    Source,
    StatusChange,
)
from .normalize import name_key, name_words, number_key, standards_key
from .qr import qr_token
from .rules import published_errors
from .selectors import forget_lookups
from .signing import forget_active_key, private_key, public_key_b64


@dataclass(frozen=True)
class PublishedCertificate:
    source_key: str  # stable key of the issuing CB in this installation, e.g. "org:12"
    source_name: str  # CB name as on certificates
    source_country: str  # ISO 3166 alpha-2 of the CB or ""
    accreditation_body: str  # e.g. "UKAS" ("" when unaccredited)
    accreditation_number: str  # e.g. "0123"
    recognition: str  # "IAF MLA" or ""
    accredited: bool
    record_id: str  # CB's internal unique id of the certificate record
    number: str  # certificate number as printed
    revision: int
    holder_name: str
    holder_trading_name: str
    holder_id: str  # CB's stable key for the certified entity
    country: str  # alpha-2 of the holder's registered address
    address: str
    sites: tuple[str, ...]  # one line per site ("name — address")
    scope: str
    standards: tuple[str, ...]  # "ISO 9001:2015"
    iaf_codes: tuple[str, ...]  # "28", "17"...
    original_issue_date: date | None
    issue_date: date | None  # issue date of this revision / most recent certification date
    expiry_date: date | None
    status: str  # "draft" | "active" | "suspended" | "withdrawn" | "cancelled" | "expired"
    status_changed_on: date
    status_note: str  # public wording of the change; "" if none
    listed: bool  # client consented to public listing; False -> never shown
    confidential: bool  # exact-number lookup only, minimal fields


@dataclass
class PublishSummary:
    """What a publication changed: rows created, updated and left as they were."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    history: int = 0
    created_numbers: list[str] = field(default_factory=list)


_SOURCE_FIELDS = (
    "name",
    "country",
    "accreditation_body",
    "accreditation_number",
    "recognition",
    "accredited",
)
_CERTIFICATE_FIELDS = (
    "record_id",
    "number",
    "number_key",
    "revision",
    "holder_name",
    "holder_trading_name",
    "holder_id",
    "name_key",
    "country",
    "address",
    "sites",
    "scope",
    "standards",
    "standards_key",
    "iaf_codes",
    "original_issue_date",
    "issue_date",
    "expiry_date",
    "status",
    "status_changed_on",
    "status_note",
    "listed",
    "confidential",
)


def publish_certificate(cert: PublishedCertificate) -> None:
    """Upsert the public read model row for (source_key, number) and append a status-history
    entry when the status (or revision) changed. Idempotent: publishing the same state twice
    adds nothing. Must be called inside the caller's transaction (certification calls it in
    its service, so the registry row and the certificate change commit or roll back together).

    Raises ValidationError (field errors named as the dataclass's fields) and writes nothing
    when the certificate cannot be published."""
    publish_certificates([cert])


def publish_certificates(
    certs: Iterable[PublishedCertificate], *, batch_size: int = 500
) -> PublishSummary:
    """`publish_certificate` for many certificates at once (imports, the publish API, seed):
    a few queries per batch instead of several per certificate. All or nothing: every
    certificate is checked before anything is written, and the whole call is one atomic
    block. A number given twice ends in the state of its last occurrence."""
    items = list(certs)
    errors: dict[str, list[str]] = {}
    for index, cert in enumerate(items):
        for name, messages in published_errors(cert).items():
            errors.setdefault(name if len(items) == 1 else f"{index}.{name}", []).extend(messages)
    if errors:
        raise ValidationError(errors)
    summary = PublishSummary()
    with transaction.atomic():
        for start in range(0, len(items), batch_size):
            _publish_batch(items[start : start + batch_size], summary)
        # Forgotten now (this thread reads its own writes) and again once committed (another
        # thread of this process may have remembered the old state meanwhile).
        forget_lookups()
        transaction.on_commit(forget_lookups)
        if len(items) >= OPTIMIZE_AFTER:
            transaction.on_commit(refresh_statistics)
    return summary


OPTIMIZE_AFTER = 5_000  # certificates published at once after which statistics are refreshed


def refresh_statistics() -> None:
    """After a bulk publication, SQLite's `PRAGMA optimize` (it analyzes the tables whose
    statistics are stale): without statistics SQLite drives a name search from the status
    index through every certificate (340 ms instead of 5 ms at 20,000 rows). PostgreSQL's
    autovacuum analyzes the tables itself."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")


def verification_url(*, source_key: str, number: str, absolute: bool = False) -> str:
    """The QR target: "/verify/<number>/?t=<token>", where the token proves the body with
    `source_key` generated it (`qms.registry.qr`). With absolute=True, prefixed with
    settings.BASE_URL (QMS_BASE_URL)."""
    generation = (
        Source.objects.filter(key=source_key).values_list("qr_generation", flat=True).first() or 1
    )
    token = qr_token(source_key=source_key, number=number, generation=generation)
    path = f"/verify/{quote(number.strip(), safe='')}/?t={token}"
    return f"{settings.BASE_URL}{path}" if absolute else path


def _publish_batch(batch: list[PublishedCertificate], summary: PublishSummary) -> None:
    now = timezone.now()
    sources = _upsert_sources(batch, now)
    keys = {number_key(cert.number) for cert in batch}
    current: dict[tuple[int, str], PublicCertificate] = {
        (row.source_id, row.number_key): row
        for row in PublicCertificate.objects.select_for_update().filter(
            source__in=list(sources.values()), number_key__in=keys
        )
    }
    new: dict[tuple[int, str], PublicCertificate] = {}
    changed: dict[tuple[int, str], PublicCertificate] = {}
    renamed: set[tuple[int, str]] = set()
    history: list[tuple[tuple[int, str], StatusChange]] = []
    for cert in batch:
        source = sources[cert.source_key]
        values = _row_values(cert)
        pair = (source.pk, values["number_key"])
        row = current.get(pair)
        if row is None:
            row = PublicCertificate(source=source, **values)
            current[pair] = new[pair] = row
            history.append((pair, _history_entry(cert, HistoryKind.STATUS)))
            continue
        differences = {name for name, value in values.items() if getattr(row, name) != value}
        if not differences:
            continue
        if "status" in differences:
            history.append((pair, _history_entry(cert, HistoryKind.STATUS)))
        elif "revision" in differences:
            history.append((pair, _history_entry(cert, HistoryKind.REVISION)))
        if differences & {"holder_name", "holder_trading_name"}:
            renamed.add(pair)
        for name in differences:
            setattr(row, name, values[name])
        row.updated_at = now
        if pair not in new:
            changed[pair] = row
    if new:
        PublicCertificate.objects.bulk_create(list(new.values()))
    if changed:
        PublicCertificate.objects.bulk_update(
            list(changed.values()), [*_CERTIFICATE_FIELDS, "updated_at"]
        )
    _write_words(new, changed, renamed)
    if history:
        for pair, entry in history:
            entry.certificate = current[pair]
        StatusChange.objects.bulk_create([entry for _, entry in history])
    summary.created += len(new)
    summary.updated += len(changed)
    summary.unchanged += len(batch) - len(new) - len(changed)
    summary.history += len(history)
    summary.created_numbers += [row.number for row in new.values()]


def _upsert_sources(batch: list[PublishedCertificate], now: datetime) -> dict[str, Source]:
    wanted: dict[str, dict[str, Any]] = {}
    for cert in batch:
        wanted[cert.source_key] = {
            "name": cert.source_name.strip(),
            "country": cert.source_country.upper(),
            "accreditation_body": cert.accreditation_body.strip(),
            "accreditation_number": cert.accreditation_number.strip(),
            "recognition": cert.recognition.strip(),
            "accredited": bool(cert.accredited),
        }
    sources = {row.key: row for row in Source.objects.filter(key__in=list(wanted))}
    stale = []
    for key, values in wanted.items():
        source = sources.get(key)
        if source is None:
            source = Source(key=key, **values)
            source.save()
            sources[key] = source
        elif any(getattr(source, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(source, name, value)
            source.updated_at = now
            stale.append(source)
    if stale:
        Source.objects.bulk_update(stale, [*_SOURCE_FIELDS, "updated_at"])
    return sources


def _row_values(cert: PublishedCertificate) -> dict[str, Any]:
    return {
        "record_id": cert.record_id.strip(),
        "number": cert.number.strip(),
        "number_key": number_key(cert.number),
        "revision": cert.revision,
        "holder_name": cert.holder_name.strip(),
        "holder_trading_name": cert.holder_trading_name.strip(),
        "holder_id": cert.holder_id.strip(),
        "name_key": name_key(cert.holder_name),
        "country": cert.country.upper(),
        "address": cert.address.strip(),
        "sites": [line.strip() for line in cert.sites if line.strip()],
        "scope": cert.scope.strip(),
        "standards": [item.strip() for item in cert.standards if item.strip()],
        "standards_key": standards_key(cert.standards),
        "iaf_codes": [item.strip() for item in cert.iaf_codes if item.strip()],
        "original_issue_date": cert.original_issue_date,
        "issue_date": cert.issue_date,
        "expiry_date": cert.expiry_date,
        "status": cert.status,
        "status_changed_on": cert.status_changed_on,
        "status_note": cert.status_note.strip(),
        "listed": bool(cert.listed),
        "confidential": bool(cert.confidential),
    }


def _history_entry(cert: PublishedCertificate, kind: str) -> StatusChange:
    on = cert.status_changed_on
    if kind == HistoryKind.REVISION and cert.issue_date is not None:
        on = cert.issue_date
    return StatusChange(
        kind=kind,
        status=cert.status,
        on=on,
        note=cert.status_note.strip() if kind == HistoryKind.STATUS else "",
        revision=cert.revision,
    )


def _write_words(
    new: dict[tuple[int, str], PublicCertificate],
    changed: dict[tuple[int, str], PublicCertificate],
    renamed: set[tuple[int, str]],
) -> None:
    rewritten = [changed[pair] for pair in renamed if pair in changed]
    if rewritten:
        NameWord.objects.filter(certificate__in=rewritten).delete()
    words = [
        NameWord(certificate=row, word=word)
        for row in [*new.values(), *rewritten]
        for word in name_words(row.holder_name, row.holder_trading_name)
    ]
    if words:
        NameWord.objects.bulk_create(words, batch_size=2000)
        terms = sorted({entry.word for entry in words})
        NameTerm.objects.bulk_create(
            [NameTerm(word=word) for word in terms], batch_size=2000, ignore_conflicts=True
        )


def signing_key_current() -> SigningKey:
    """The key answers are signed with now; the first one is made on first use.

    If QMS_AUDIT_KEY changed since the key was made, its private key no longer derives to
    the stored public key: a new key is made and the old one retired (it stays listed).
    """
    row = SigningKey.objects.filter(retired_at__isnull=True).order_by("-sequence").first()
    if row is not None and public_key_b64(private_key(row.kid)) == row.public_key:
        return row
    return signing_key_rotate(actor=None)


def signing_key_rotate(*, actor: Any) -> SigningKey:
    """Retire the current signing key and start a new one. Answers signed by the retired key
    still verify: its public key stays in the keys document with its validity."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return _signing_key_rotate(actor=actor)
        except IntegrityError:  # another server rotated at the same moment: use theirs
            row = SigningKey.objects.filter(retired_at__isnull=True).order_by("-sequence").first()
            if row is not None and public_key_b64(private_key(row.kid)) == row.public_key:
                return row
    raise RuntimeError("Could not make a registry signing key.")


def _signing_key_rotate(*, actor: Any) -> SigningKey:
    current = list(SigningKey.objects.select_for_update().filter(retired_at__isnull=True))
    last = SigningKey.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    sequence = (last or 0) + 1
    now = timezone.now()
    kid = f"r{sequence}-{secrets.token_hex(4)}"
    row = SigningKey(
        sequence=sequence,
        kid=kid,
        public_key=public_key_b64(private_key(kid)),
        valid_from=now,
    )
    row.full_clean()
    row.save()
    if current:
        SigningKey.objects.filter(pk__in=[key.pk for key in current]).update(retired_at=now)
    record_event(
        actor=actor,
        event_type=SIGNING_KEY_ROTATED if current else SIGNING_KEY_CREATED,
        subject=row,
        data={"kid": kid, "retired": [key.kid for key in current]},
    )
    transaction.on_commit(forget_active_key)
    return row


LOOKUP_FLUSH_SECONDS = 5.0  # default of settings.REGISTRY_LOOKUP_FLUSH_SECONDS
LOOKUP_FLUSH_ROWS = 500  # pending (certificate, month) counters that force a flush
_pending: dict[tuple[int, date], int] = {}
_pending_since: float | None = None
_pending_database = ""  # the database the pending lookups read (counts belong to it)
_pending_lock = threading.Lock()
logger = logging.getLogger(__name__)


def lookup_flush_seconds() -> float:
    return float(getattr(settings, "REGISTRY_LOOKUP_FLUSH_SECONDS", LOOKUP_FLUSH_SECONDS))


def lookups_record(*, certificate_ids: Iterable[int], on: date | None = None) -> None:
    """Count one number lookup of each certificate in its month; nothing about the visitor.

    A lookup is a read, and a write per read queues every server on the database (SQLite
    has one writer). So each process adds its lookups up in memory and writes them with the
    first lookup after settings.REGISTRY_LOOKUP_FLUSH_SECONDS seconds (default 5; 0 writes
    at once), once LOOKUP_FLUSH_ROWS counters are pending, and when the process exits: one
    UPSERT adding the process's deltas (`count = count + delta`), so any number of servers
    and workers add up correctly. No thread writes behind the request's back: an idle
    process writes its last counts at exit. Counts of a process that crashes (or is killed)
    before its next write are lost, at most a few seconds of lookups: the figure is an
    indication for the body, not evidence."""
    global _pending_since, _pending_database
    month = (on or timezone.localdate()).replace(day=1)
    ids = sorted(set(certificate_ids))
    if not ids:
        return
    delay = lookup_flush_seconds()
    if delay <= 0:
        _write_counts({(pk, month): 1 for pk in ids})
        return
    now = time.monotonic()
    with _pending_lock:
        for pk in ids:
            _pending[(pk, month)] = _pending.get((pk, month), 0) + 1
        if _pending_since is None:
            _pending_since = now
            _pending_database = str(connection.settings_dict.get("NAME", ""))
        due = len(_pending) >= LOOKUP_FLUSH_ROWS or now - _pending_since >= delay
    if due:
        lookups_flush()


def lookups_flush() -> int:
    """Write this process's pending lookup counts now; how many counters were written."""
    global _pending_since
    with _pending_lock:
        taken = dict(_pending)
        _pending.clear()
        _pending_since = None
        database = _pending_database
    if taken and database != str(connection.settings_dict.get("NAME", "")):
        return 0  # counted against another database (a test database, gone at exit)
    if taken:
        _write_counts(taken)
    return len(taken)


def _flush_at_exit() -> None:
    """The process's last counts. Logging may already be shut down at exit: one line on the
    original stderr says what was lost."""
    try:
        lookups_flush()
    except Exception as error:
        with contextlib.suppress(Exception):
            print(f"registry: lookup counts lost at exit: {error}", file=sys.__stderr__)


atexit.register(_flush_at_exit)


def _write_counts(counts: dict[tuple[int, date], int]) -> None:
    table = LookupCount._meta.db_table
    items = sorted(counts.items())
    with connection.cursor() as cursor:
        for start in range(0, len(items), 300):
            chunk = items[start : start + 300]
            rows = ", ".join(["(%s, %s, %s)"] * len(chunk))
            params: list[Any] = []
            for (pk, month), delta in chunk:
                params += [pk, month, delta]
            cursor.execute(
                f"INSERT INTO {table} (certificate_id, month, count) VALUES {rows} "  # noqa: S608
                "ON CONFLICT (certificate_id, month) DO UPDATE SET count = "
                f"{table}.count + excluded.count",
                params,
            )


def lookup_counts(*, source_key: str, numbers: Iterable[str]) -> dict[str, int]:
    """How often each of a body's certificates was verified by number this month ("verified
    37 times this month"), for the body's and the holder's pages (the certification side
    reads the registry only through this module)."""
    from .selectors import lookups_of

    return lookups_of(source_key, numbers)
