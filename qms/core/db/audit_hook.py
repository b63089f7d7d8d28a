"""A pre-commit hook on the database connection: appends the queued audit events.

Why a custom backend: Django has `on_commit()` (after the commit, too late to write) but no
hook *before* the commit. Appending an event used to lock its chain head the moment a service
called `record_event()`, and the lock was held until commit. Two transactions appending to two
chains in opposite order, or one that recorded an event and then locked another row, could
deadlock on PostgreSQL, and the event time was taken before the lock, so times could run
backwards along a chain. Now `record_event()` only queues the event on the connection; the
queue is written here, just before COMMIT: every needed chain head is locked in one fixed
order, then each event gets its time, sequence and hash, is inserted, and the heads are
updated and re-signed. The lock is held only for the last moment of the transaction.

The queue follows savepoints: each savepoint remembers how long the queue was when it was
created, and rolling back to it drops the events queued since (this covers `atomic()` blocks
and manual `transaction.savepoint()` alike). A rollback drops them all.

Tests run inside a transaction that never commits (pytest-django's TestCase), so a fixture
sets `audit_flush_depth` to the savepoint depth at test start: releasing a savepoint back to
that depth (the exit of a service's outermost `atomic()`) flushes the queue, as the commit
would in production. Production never sets it.

`audit_observer` is the test-time audit guard's window (qms/core/testing/audit_guard.py): it
hears where a transaction ends, rolls back or opens a savepoint, with the number of events
the ending transaction queued. Production leaves it None.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qms.core.audit import AuditEvent


class AuditQueueMixin:
    """Mixed into our sqlite3 and postgresql DatabaseWrapper subclasses."""

    audit_flush_depth: int | None = None
    audit_observer: Any = None
    savepoint_ids: list[str]
    needs_rollback: bool

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.audit_queue: list[AuditEvent] = []
        self._audit_marks: dict[str, int] = {}
        self._audit_flushing = False

    def queue_audit_event(self, event: AuditEvent) -> None:
        self.audit_queue.append(event)

    def _clear_audit_queue(self) -> None:
        self.audit_queue = []
        self._audit_marks = {}

    def flush_audit_queue(self) -> None:
        if self._audit_flushing:
            return
        if self.audit_observer is not None:
            self.audit_observer.transaction_ending(self, len(self.audit_queue))
        if not self.audit_queue:
            return
        from qms.core.audit import append_events  # the backend loads before the apps

        self._audit_flushing = True
        try:
            append_events(list(self.audit_queue))
        finally:
            self._audit_flushing = False
        self.audit_queue = []

    def commit(self) -> None:
        try:
            self.flush_audit_queue()
        except BaseException:
            # Atomic rolls back only on DatabaseError: never let a half-written flush commit.
            self._clear_audit_queue()
            self.rollback()
            raise
        super().commit()  # type: ignore[misc]

    def rollback(self) -> None:
        self._clear_audit_queue()
        if self.audit_observer is not None:
            self.audit_observer.rolled_back(self)
        super().rollback()  # type: ignore[misc]

    def savepoint(self) -> str | None:
        sid: str | None = super().savepoint()  # type: ignore[misc]
        if sid is not None:
            self._audit_marks[sid] = len(self.audit_queue)
            if self.audit_observer is not None:
                self.audit_observer.savepoint_created(self, sid)
        return sid

    def savepoint_rollback(self, sid: str) -> None:
        super().savepoint_rollback(sid)  # type: ignore[misc]
        mark = self._audit_marks.get(sid)
        if mark is not None:
            del self.audit_queue[mark:]
        if self.audit_observer is not None:
            self.audit_observer.savepoint_rolled_back(self, sid)

    def savepoint_commit(self, sid: str) -> None:
        depth = self.audit_flush_depth
        if depth is not None and len(self.savepoint_ids) == depth and not self.needs_rollback:
            try:
                self.flush_audit_queue()
            except BaseException:
                self._clear_audit_queue()
                raise
        super().savepoint_commit(sid)  # type: ignore[misc]
        self._audit_marks.pop(sid, None)

    def close(self) -> None:
        self._clear_audit_queue()
        super().close()  # type: ignore[misc]
