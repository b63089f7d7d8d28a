"""Audit event types owned by management reviews."""

from django.utils.translation import gettext_lazy as _

from qms.core.audit import register_event_type

REVIEW_CREATED = register_event_type("management_review.created", _("Management review planned"))
REVIEW_UPDATED = register_event_type("management_review.updated", _("Management review changed"))
PACK_COMPILED = register_event_type(
    "management_review.pack_compiled", _("Management review pack compiled")
)
REVIEW_HELD = register_event_type("management_review.held", _("Management review held"))
MINUTES_APPROVED = register_event_type(
    "management_review.minutes_approved", _("Management review minutes approved")
)
REVIEW_CANCELLED = register_event_type(
    "management_review.cancelled", _("Management review cancelled")
)
SECTION_UPDATED = register_event_type(
    "management_review.section_updated", _("Management review input text changed")
)
ATTENDANCE_RECORDED = register_event_type(
    "management_review.attendance_recorded", _("Management review attendance recorded")
)
ATTENDANCE_CHANGED = register_event_type(
    "management_review.attendance_changed", _("Management review attendance changed")
)
OUTPUT_RECORDED = register_event_type(
    "management_review.output_recorded", _("Management review decision recorded")
)
