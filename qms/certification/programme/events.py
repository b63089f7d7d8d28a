"""Audit event types of the audit programme: the programme (created, decision set, closed)
and its certification audits (added, planned, confirmed, done, cancelled)."""

from django.utils.translation import gettext_lazy as _

from qms.core.audit import register_event_type

PROGRAMME_CREATED = register_event_type(
    "certification.programme_created", _("Certification programme created")
)
PROGRAMME_UPDATED = register_event_type(
    "certification.programme_updated", _("Certification programme changed")
)
PROGRAMME_CERTIFIED = register_event_type(
    "certification.programme_certified",
    _("Certification decision recorded: the cycle's audits are scheduled"),
)
PROGRAMME_CLOSED = register_event_type(
    "certification.programme_closed", _("Certification programme closed")
)
CERT_AUDIT_ADDED = register_event_type(
    "certification.cert_audit_added", _("Certification audit added to the programme")
)
CERT_AUDIT_PLANNED = register_event_type(
    "certification.cert_audit_planned", _("Certification audit planned")
)
CERT_AUDIT_CONFIRMED = register_event_type(
    "certification.cert_audit_confirmed", _("Certification audit confirmed with the client")
)
CERT_AUDIT_COMPLETED = register_event_type(
    "certification.cert_audit_completed", _("Certification audit done")
)
CERT_AUDIT_CANCELLED = register_event_type(
    "certification.cert_audit_cancelled", _("Certification audit cancelled")
)
