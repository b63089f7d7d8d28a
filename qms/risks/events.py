"""Audit event types owned by risks."""

from django.utils.translation import gettext_lazy as _

from qms.core.audit import register_event_type

RISK_CREATED = register_event_type("risk.created", _("Risk or opportunity recorded"))
RISK_UPDATED = register_event_type("risk.updated", _("Risk or opportunity changed"))
RISK_ASSESSED = register_event_type("risk.assessed", _("Risk or opportunity assessed"))
RISK_PLANNED = register_event_type("risk.planned", _("Risk treatment planned"))
RISK_APPROVED = register_event_type("risk.approved", _("Risk treatment approved by its owner"))
RISK_REVISED = register_event_type("risk.revised", _("Approved risk treatment sent back"))
RISK_CLOSED = register_event_type("risk.closed", _("Risk or opportunity closed"))
RISK_REOPENED = register_event_type("risk.reopened", _("Risk or opportunity reopened"))
RISK_REVIEWED = register_event_type("risk.reviewed", _("Risk or opportunity reviewed"))
RISK_REVIEW_PROMPTED = register_event_type(
    "risk.review_prompted", _("Risk review prompted by another record")
)
RISK_MATRIX_CHANGED = register_event_type("risk.matrix_changed", _("Risk matrix changed"))
