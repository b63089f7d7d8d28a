"""Who may read the Stage 1 readiness report (registered in ready()).

Managers and internal auditors read and export the report and its saved snapshots; only
managers save a snapshot. Snapshots are records: never edited or deleted.
"""

from __future__ import annotations

from qms.core.permissions import AUDIT_READERS, MANAGERS, register_permissions


def register() -> None:
    register_permissions(
        "readiness.readinesssnapshot",
        {"view": AUDIT_READERS, "export": AUDIT_READERS, "add": MANAGERS},
    )
