"""Audit event types of audit-time calculations (registered when setup.register() imports
this module at start-up). A calculation is only ever created: a recalculation is a new
record, so there is no "changed" event."""

from django.utils.translation import gettext_lazy as _

from qms.core.audit import register_event_type

CALCULATION_CREATED = register_event_type(
    "audit_time.calculated", _("Audit time calculated (IAF MD 5)")
)
