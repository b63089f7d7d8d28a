"""Audit event types of a certification audit's work: its team, its plan and the versions
sent to the client, its checklist, its findings and its conclusion."""

from django.utils.translation import gettext_lazy as _

from qms.core.audit import register_event_type

TEAM_MEMBER_ADDED = register_event_type(
    "certification.audit_team_member_added", _("Audit team member added")
)
TEAM_MEMBER_DECLARED = register_event_type(
    "certification.audit_team_member_declared", _("Audit team member's conflict declaration")
)
TEAM_MEMBER_CHECKED = register_event_type(
    "certification.audit_team_member_checked", _("Audit team member's competence checked again")
)
TEAM_MEMBER_REMOVED = register_event_type(
    "certification.audit_team_member_removed", _("Audit team member removed")
)
AUDIT_TEAM_CHANGED = register_event_type(
    "certification.cert_audit_team_changed", _("Certification audit's lead auditor and team")
)
PLAN_CREATED = register_event_type("certification.audit_plan_created", _("Audit plan started"))
PLAN_UPDATED = register_event_type("certification.audit_plan_updated", _("Audit plan changed"))
PLAN_SENT = register_event_type("certification.audit_plan_sent", _("Audit plan sent to the client"))
SLOT_ADDED = register_event_type("certification.audit_plan_slot_added", _("Plan slot added"))
SLOT_CHANGED = register_event_type("certification.audit_plan_slot_changed", _("Plan slot changed"))
SLOT_REMOVED = register_event_type("certification.audit_plan_slot_removed", _("Plan slot removed"))
CHECKLIST_GENERATED = register_event_type(
    "certification.cert_checklist_generated", _("Certification audit checklist generated")
)
CHECKLIST_RECORDED = register_event_type(
    "certification.cert_checklist_recorded", _("Checklist item recorded")
)
FINDING_RAISED = register_event_type(
    "certification.cert_finding_raised", _("Certification audit finding raised")
)
FINDING_UPDATED = register_event_type(
    "certification.cert_finding_updated", _("Certification audit finding changed")
)
AUDIT_CONCLUDED = register_event_type(
    "certification.cert_audit_concluded", _("Certification audit concluded")
)
