"""Audit event types owned by internal audits: programme, audits, checklists, findings."""

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
CHECKLIST_GENERATED = register_event_type(
    "audit_checklist.generated", _("Audit checklist generated from the criteria")
)
CHECKLIST_ANSWERED = register_event_type(
    "audit_checklist.answered", _("Audit checklist question answered")
)
FINDING_RAISED = register_event_type("audit_finding.raised", _("Audit finding raised"))
FINDING_UPDATED = register_event_type("audit_finding.updated", _("Audit finding changed"))
FINDING_WITHDRAWN = register_event_type(
    "audit_finding.withdrawn", _("Audit finding withdrawn (answer changed before the report)")
)
FINDING_RERAISED = register_event_type(
    "audit_finding.reraised", _("Withdrawn audit finding raised again (item graded again)")
)
FINDING_NC_RAISED = register_event_type(
    "audit_finding.nonconformity_raised", _("Audit finding recorded as a nonconformity")
)
