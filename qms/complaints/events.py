"""Audit event types owned by complaints."""

from django.utils.translation import gettext_lazy as _

from qms.core.audit import register_event_type

COMPLAINT_CREATED = register_event_type("complaint.created", _("Complaint logged"))
COMPLAINT_UPDATED = register_event_type("complaint.updated", _("Complaint changed"))
COMPLAINT_ACKNOWLEDGED = register_event_type("complaint.acknowledged", _("Complaint acknowledged"))
COMPLAINT_RESPONDED = register_event_type("complaint.responded", _("Complaint answered"))
COMPLAINT_CLOSED = register_event_type("complaint.closed", _("Complaint closed"))
COMPLAINT_REOPENED = register_event_type("complaint.reopened", _("Complaint reopened"))
COMPLAINT_ESCALATED = register_event_type(
    "complaint.escalated", _("Complaint escalated to a nonconformity")
)
