"""Audit event types owned by internal audits (programme and audits; the checklist half
registers its own in checklists.py / findings.py)."""

from django.utils.translation import gettext_lazy as _

from qms.core.audit import register_event_type

PROGRAMME_CREATED = register_event_type(
    "internal_audit.programme_created", _("Audit programme created")
)
PROGRAMME_UPDATED = register_event_type(
    "internal_audit.programme_updated", _("Audit programme changed")
)
PROGRAMME_APPROVED = register_event_type(
    "internal_audit.programme_approved", _("Audit programme approved")
)
PROGRAMME_REVISED = register_event_type(
    "internal_audit.programme_revised", _("Audit programme taken back for revision")
)
PROGRAMME_PROCESS_ADDED = register_event_type(
    "internal_audit.programme_process_added", _("Process added to the audit programme")
)
PROGRAMME_PROCESS_UPDATED = register_event_type(
    "internal_audit.programme_process_updated", _("Programme process changed")
)
PROGRAMME_PLANNED = register_event_type(
    "internal_audit.programme_planned", _("Audits planned from the programme")
)
AUDIT_CREATED = register_event_type("internal_audit.created", _("Internal audit created"))
AUDIT_UPDATED = register_event_type("internal_audit.updated", _("Internal audit changed"))
AUDIT_STARTED = register_event_type("internal_audit.started", _("Internal audit started"))
AUDIT_REPORTED = register_event_type("internal_audit.reported", _("Internal audit report issued"))
AUDIT_CLOSED = register_event_type("internal_audit.closed", _("Internal audit closed"))
AUDIT_CANCELLED = register_event_type("internal_audit.cancelled", _("Internal audit cancelled"))
