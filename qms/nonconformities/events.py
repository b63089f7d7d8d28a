"""Audit event types owned by nonconformities."""

from django.utils.translation import gettext_lazy as _

from qms.core.audit import register_event_type

NONCONFORMITY_CREATED = register_event_type("nonconformity.created", _("Nonconformity reported"))
NONCONFORMITY_UPDATED = register_event_type("nonconformity.updated", _("Nonconformity changed"))
NONCONFORMITY_CONTAINED = register_event_type(
    "nonconformity.contained", _("Containment and correction recorded")
)
NONCONFORMITY_ANALYSED = register_event_type("nonconformity.analysed", _("Root cause analysed"))
NONCONFORMITY_PLANNED = register_event_type(
    "nonconformity.planned", _("Corrective-action plan agreed")
)
NONCONFORMITY_IMPLEMENTED = register_event_type(
    "nonconformity.implemented", _("Corrective actions implemented")
)
NONCONFORMITY_VERIFIED = register_event_type("nonconformity.verified", _("Effectiveness verified"))
NONCONFORMITY_INEFFECTIVE = register_event_type(
    "nonconformity.verified_ineffective", _("Corrective actions found not effective")
)
NONCONFORMITY_CLOSED = register_event_type("nonconformity.closed", _("Nonconformity closed"))
NONCONFORMITY_REOPENED = register_event_type("nonconformity.reopened", _("Nonconformity reopened"))
NONCONFORMITY_CYCLE_STARTED = register_event_type(
    "nonconformity.cycle_started", _("New action cycle started")
)
EFFECTIVENESS_CHECK_RECORDED = register_event_type(
    "nonconformity.effectiveness_check_recorded", _("Effectiveness check recorded")
)
EFFECTIVENESS_CHECK_UPDATED = register_event_type(
    "nonconformity.effectiveness_check_updated", _("Effectiveness check corrected")
)
