"""Who and where the current request or command comes from, for the audit trail and logs."""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    ip: str | None = None


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "qms_request_context", default=None
)


def new_request_id() -> str:
    return uuid.uuid4().hex


def current_request_context() -> RequestContext:
    """The context of the request or command being served.

    Outside both (a task, a shell), each call gets a fresh id: unrelated work never shares one.
    Commands run inside `request_context("cli-…")` (see qms/__main__.py), tasks may do the same.
    """
    return _current.get() or RequestContext(request_id=f"local-{new_request_id()}")


@contextmanager
def request_context(request_id: str, ip: str | None = None) -> Iterator[RequestContext]:
    context = RequestContext(request_id=request_id, ip=ip)
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)
