"""Test-time audit guard: a test fails if a tenant row was written without an audit event.

Issue 12 asks that no module can forget its audit event. Under pytest (wired by an autouse
fixture in qms/conftest.py), every create, change or delete of a tenant model (those of
`qms.core.checks.tenant_models()`, plus the tenant model itself) and every many-to-many change
of one is noted against the transaction it happens in. When that transaction ends (where our
database backends append the queued events, see qms/core/db/audit_hook.py) it must have
queued at least one audit event; otherwise the test fails, naming the rows. Rolled-back
writes do not count.

Exempt: writes by factory_boy factories (test set-up; they run inside
`allow_unaudited_writes()`, see qms/core/testing/factories.py), writes a test body or fixture
makes at the test's own transaction level (set-up too: no service transaction is open), and
tests marked `@pytest.mark.unaudited`. `QuerySet.update()`, `bulk_create()` and
`bulk_update()` send no signals, so while a guard is active they are wrapped (in tests only)
to report their writes the same way.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save

_allowed: contextvars.ContextVar[int] = contextvars.ContextVar("qms_unaudited_writes", default=0)


@contextlib.contextmanager
def allow_unaudited_writes() -> Iterator[None]:
    """Writes inside this block need no audit event (test set-up by factories)."""
    token = _allowed.set(_allowed.get() + 1)
    try:
        yield
    finally:
        _allowed.reset(token)


def _watched_models() -> set[type[Any]]:
    from django.apps import apps
    from django.conf import settings

    from qms.core.audit import AuditEvent
    from qms.core.checks import tenant_models

    # The audit events themselves are the record, not a write that needs one.
    models = {model._meta.concrete_model for model in tenant_models() if model is not AuditEvent}
    tenant_label = getattr(settings, "TENANT_MODEL", "organizations.Organization")
    models.add(apps.get_model(tenant_label)._meta.concrete_model)
    return {model for model in models if model is not None}


@dataclass
class AuditGuard:
    """Collects unaudited writes; one per test."""

    watched: set[type[Any]] = field(default_factory=_watched_models)
    pending: dict[int, list[str]] = field(default_factory=dict)
    marks: dict[tuple[int, str], int] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)

    # --- signals ---

    def on_write(self, instance: Any, using: str, action: str) -> None:
        self.note(type(instance), using, f"{instance.pk} {action}")

    def note(self, model: type[Any], using: str, action: str) -> None:
        if _allowed.get() or model._meta.concrete_model not in self.watched:
            return
        connection = connections[using]
        what = f"{model._meta.label_lower} {action}"
        if not connection.in_atomic_block:
            self.violations.append(f"{what} outside a transaction (no audit event possible)")
            return
        depth = getattr(connection, "audit_flush_depth", None)
        if depth is not None and len(connection.savepoint_ids) <= depth:
            return  # the test's own level: set-up, no service transaction is open
        self.pending.setdefault(id(connection), []).append(what)

    # --- connection observer (qms/core/db/audit_hook.py) ---

    def transaction_ending(self, connection: Any, events: int) -> None:
        writes = self.pending.pop(id(connection), [])
        if writes and not events:
            self.violations.append(f"{', '.join(writes)} without an audit event")

    def rolled_back(self, connection: Any) -> None:
        self.pending.pop(id(connection), None)

    def savepoint_created(self, connection: Any, sid: str) -> None:
        self.marks[(id(connection), sid)] = len(self.pending.get(id(connection), []))

    def savepoint_rolled_back(self, connection: Any, sid: str) -> None:
        mark = self.marks.get((id(connection), sid))
        if mark is not None and id(connection) in self.pending:
            del self.pending[id(connection)][mark:]

    def report(self) -> str:
        return "Tenant rows were written without an audit event in the same transaction:\n" + (
            "\n".join(f"  - {line}" for line in self.violations)
        )


_active: AuditGuard | None = None


def _saved(sender: Any, instance: Any, created: bool, using: str, **kwargs: Any) -> None:
    if _active is not None and not kwargs.get("raw"):
        _active.on_write(instance, using, "created" if created else "changed")


def _deleted(sender: Any, instance: Any, using: str, **kwargs: Any) -> None:
    if _active is not None:
        _active.on_write(instance, using, "deleted")


def _m2m(sender: Any, instance: Any, action: str, using: str, **kwargs: Any) -> None:
    if _active is not None and action in {"post_add", "post_remove", "post_clear"}:
        _active.on_write(instance, using, f"many-to-many {action.removeprefix('post_')}")


_BULK = {
    "update": "changed in bulk",
    "bulk_create": "created in bulk",
    "bulk_update": "changed in bulk",
}


def _wrap_bulk(name: str) -> Any:
    original = getattr(QuerySet, name)

    def wrapper(self: QuerySet[Any], *args: Any, **kwargs: Any) -> Any:
        if _active is not None:
            _active.note(self.model, self.db, f"rows {_BULK[name]} ({name}())")
        return original(self, *args, **kwargs)

    wrapper.__wrapped__ = original
    return wrapper


@contextlib.contextmanager
def _bulk_writes_reported() -> Iterator[None]:
    originals = {name: getattr(QuerySet, name) for name in _BULK}
    for name in _BULK:
        setattr(QuerySet, name, _wrap_bulk(name))
    try:
        yield
    finally:
        for name, original in originals.items():
            setattr(QuerySet, name, original)


@contextlib.contextmanager
def audit_guard() -> Iterator[AuditGuard]:
    """Watch writes while the block runs; the caller reads `violations` afterwards."""
    global _active
    guard, previous = AuditGuard(), _active
    _active = guard
    post_save.connect(_saved, dispatch_uid="qms-audit-guard-save")
    post_delete.connect(_deleted, dispatch_uid="qms-audit-guard-delete")
    m2m_changed.connect(_m2m, dispatch_uid="qms-audit-guard-m2m")
    observed = [connections[alias] for alias in connections]
    before = [getattr(connection, "audit_observer", None) for connection in observed]
    for connection in observed:
        connection.audit_observer = guard
    try:
        if previous is None:
            with _bulk_writes_reported():
                yield guard
        else:
            yield guard
    finally:
        for connection, observer in zip(observed, before, strict=True):
            connection.audit_observer = observer
        _active = previous
        if previous is None:
            post_save.disconnect(dispatch_uid="qms-audit-guard-save")
            post_delete.disconnect(dispatch_uid="qms-audit-guard-delete")
            m2m_changed.disconnect(dispatch_uid="qms-audit-guard-m2m")
