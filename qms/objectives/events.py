"""Audit event types owned by quality objectives."""

from django.utils.translation import gettext_lazy as _

from qms.core.audit import register_event_type

OBJECTIVE_CREATED = register_event_type("objective.created", _("Quality objective created"))
OBJECTIVE_UPDATED = register_event_type("objective.updated", _("Quality objective changed"))
OBJECTIVE_ACTIVATED = register_event_type("objective.activated", _("Quality objective activated"))
OBJECTIVE_ACHIEVED = register_event_type("objective.achieved", _("Quality objective achieved"))
OBJECTIVE_NOT_ACHIEVED = register_event_type(
    "objective.not_achieved", _("Quality objective not achieved")
)
OBJECTIVE_CANCELLED = register_event_type("objective.cancelled", _("Quality objective cancelled"))
OBJECTIVE_REOPENED = register_event_type("objective.reopened", _("Quality objective reopened"))
MEASUREMENT_RECORDED = register_event_type(
    "objective.measurement_recorded", _("Measurement recorded")
)
MEASUREMENT_CORRECTED = register_event_type(
    "objective.measurement_corrected", _("Measurement corrected")
)
MEASUREMENT_VOIDED = register_event_type("objective.measurement_voided", _("Measurement voided"))
MEASUREMENTS_IMPORTED = register_event_type(
    "objective.measurements_imported", _("Measurements imported")
)
MEASUREMENTS_COMPUTED = register_event_type(
    "objective.measurements_computed", _("Measurements computed")
)
