"""Django's PostgreSQL backend plus the audit pre-commit hook (see qms/core/db/audit_hook.py)."""

from __future__ import annotations

from django.db.backends.postgresql import base

from qms.core.db.audit_hook import AuditQueueMixin


class DatabaseWrapper(AuditQueueMixin, base.DatabaseWrapper):
    pass
