"""Request id and client address for every request, exposed to the audit trail and logs."""

from __future__ import annotations

import ipaddress
import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .context import _current, new_request_id, request_context

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, as far as we can trust it.

    With `TRUSTED_PROXIES = N` (N of our own proxies in front of the app), the client is
    the N-th entry from the right of X-Forwarded-For: each of our proxies appends the
    address it received from, and everything further left was written by the client and
    can be forged. A header with fewer entries, or an entry that is not an address, is not
    from our proxies: REMOTE_ADDR is used instead.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    trusted: int = settings.TRUSTED_PROXIES
    if trusted <= 0:
        return remote
    entries = [item.strip() for item in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [item for item in entries if item]
    if len(entries) < trusted:
        return remote
    candidate = entries[-trusted]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


class RequestContextMiddleware:
    """Takes a well-formed X-Request-ID from a proxy or makes one, and echoes it back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else new_request_id()
        with request_context(request_id, client_ip(request)):
            request.request_id = request_id  # type: ignore[attr-defined]
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        context = _current.get()
        record.request_id = context.request_id if context else "-"
        return True
