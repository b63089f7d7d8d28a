"""Requests per client address per minute on the public pages and API, counted in the
database so every app server and worker shares one count (no shared cache needed).

One UPSERT per request on a fixed one-minute window keyed by a keyed hash of the client's
address (HMAC-SHA256 under a key derived from settings.AUDIT_KEY: the address itself is
never stored); the first request of a client in a minute also deletes windows older than the
previous minute, so the table holds at most two minutes of clients.

The limit is settings.REGISTRY_RATE_LIMIT (QMS_REGISTRY_RATE_LIMIT, default 60; 0 turns it
off). The client address is `qms.core.middleware.client_ip`: REMOTE_ADDR, or with
QMS_TRUSTED_PROXIES=N the N-th X-Forwarded-For entry from the right.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import time
from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from qms.core.audit_keys import audit_key
from qms.core.middleware import client_ip

from .models import RateWindow

DEFAULT_LIMIT = 60


@functools.lru_cache(maxsize=4)
def _client_key(secret: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"qms-registry-rate-v1"
    ).derive(secret)


def client_hash(address: str) -> str:
    return hmac.new(_client_key(audit_key()), address.encode(), hashlib.sha256).hexdigest()[:32]


def limit_per_minute() -> int:
    return int(getattr(settings, "REGISTRY_RATE_LIMIT", DEFAULT_LIMIT))


def clock() -> float:
    """The current time in seconds; one place for tests to hold the minute still."""
    return time.time()


def hit(address: str, *, now: float | None = None) -> tuple[int, int]:
    """Count one request of `address`; (requests in this minute so far, seconds left)."""
    moment = clock() if now is None else now
    window = int(moment // 60)
    quote = connection.ops.quote_name
    table = quote(RateWindow._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({quote('client')}, {quote('window')}, {quote('count')}) "  # noqa: S608
            f"VALUES (%s, %s, 1) ON CONFLICT ({quote('client')}, {quote('window')}) "
            f"DO UPDATE SET {quote('count')} = {table}.{quote('count')} + 1 "
            f"RETURNING {quote('count')}",
            [client_hash(address), window],
        )
        row = cursor.fetchone()
        count = int(row[0]) if row else 1
        if count == 1:
            cursor.execute(
                f"DELETE FROM {table} WHERE {quote('window')} < %s",  # noqa: S608
                [window - 1],
            )
    return count, max(1, 60 - int(moment % 60))


def too_many(retry_after: int) -> HttpResponse:
    response = HttpResponse(
        _("Too many requests: please wait a minute and try again."),
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer 429 with Retry-After once a client passed the limit in the current minute."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        limit = limit_per_minute()
        if limit > 0:
            count, retry_after = hit(client_ip(request) or "unknown")
            if count > limit:
                return too_many(retry_after)
        return view(request, *args, **kwargs)

    return wrapped
