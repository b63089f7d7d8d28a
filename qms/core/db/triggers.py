"""Database triggers that make `core_auditevent` append-only.

The application already refuses to update or delete an event, but an ISO 17021-1 record must
also survive a mistaken `_base_manager.delete()`, a raw `DELETE FROM` or a careless admin
script: the database itself aborts UPDATE, DELETE and (PostgreSQL) TRUNCATE. One UPDATE stays
allowed: one that changes only `actor_label`, so a person can be pseudonymised later (the
hash of format-2 events covers the actor's id, not the label).

Migration core/0003 creates the triggers; the test suite drops and recreates them around
pytest-django's table flush (see `qms/conftest.py`). Nothing in the product drops them.
SQLite drops a table's triggers when Django rebuilds the table, so a later migration that
alters `core_auditevent` on SQLite must call `create_audit_triggers()` again.
"""

from __future__ import annotations

from typing import Any

TABLE = "core_auditevent"
MESSAGE = "core_auditevent is append-only"

# Every column except actor_label (SQLite fires BEFORE UPDATE OF only for the listed columns).
_GUARDED_COLUMNS = (
    "id",
    "organization_id",
    "chain",
    "sequence",
    "created_at",
    "actor_id",
    "event_type",
    "subject_type",
    "subject_id",
    "subject_label",
    "before",
    "after",
    "data",
    "request_id",
    "ip",
    "prev_hash",
    "hash",
    "format",
)

_SQLITE_CREATE = [
    f"""CREATE TRIGGER IF NOT EXISTS core_auditevent_no_update
        BEFORE UPDATE OF {", ".join(f'"{c}"' for c in _GUARDED_COLUMNS)} ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}: UPDATE refused'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS core_auditevent_no_delete
        BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}: DELETE refused'); END""",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS core_auditevent_no_update",
    "DROP TRIGGER IF EXISTS core_auditevent_no_delete",
]

# integrity_constraint_violation: Django raises IntegrityError on both databases.
_POSTGRESQL_CREATE = [
    f"""CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                IF (to_jsonb(NEW) - 'actor_label') = (to_jsonb(OLD) - 'actor_label') THEN
                    RETURN NEW;
                END IF;
            END IF;
            RAISE EXCEPTION '{MESSAGE}: % refused', TG_OP
                USING ERRCODE = 'integrity_constraint_violation';
        END;
        $$""",
    f"""CREATE TRIGGER core_auditevent_append_only_row
        BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only()""",
    f"""CREATE TRIGGER core_auditevent_append_only_truncate
        BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION core_auditevent_append_only()""",
]
_POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS core_auditevent_append_only_row ON {TABLE}",
    f"DROP TRIGGER IF EXISTS core_auditevent_append_only_truncate ON {TABLE}",
    "DROP FUNCTION IF EXISTS core_auditevent_append_only()",
]


def _statements(vendor: str, *, create: bool) -> list[str]:
    if vendor == "sqlite":
        return _SQLITE_CREATE if create else _SQLITE_DROP
    if vendor == "postgresql":
        return _POSTGRESQL_CREATE if create else _POSTGRESQL_DROP
    raise NotImplementedError(f"No append-only triggers for the {vendor} database.")


def create_audit_triggers(connection: Any) -> None:
    """Create the triggers (idempotent on SQLite; PostgreSQL expects them absent)."""
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor, create=True):
            cursor.execute(statement)


def drop_audit_triggers(connection: Any) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor, create=False):
            cursor.execute(statement)
