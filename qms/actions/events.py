"""Audit event types owned by the action tracker."""

from django.utils.translation import gettext_lazy as _

from qms.core.audit import register_event_type

ACTION_CREATED = register_event_type("action.created", _("Action created"))
ACTION_UPDATED = register_event_type("action.updated", _("Action changed"))
ACTION_STARTED = register_event_type("action.started", _("Action started"))
ACTION_COMPLETED = register_event_type("action.completed", _("Action completed"))
ACTION_COMPLETION_RECORDED = register_event_type(
    "action.completion_recorded", _("Action completion recorded")
)
ACTION_CANCELLED = register_event_type("action.cancelled", _("Action cancelled"))
ACTION_REOPENED = register_event_type("action.reopened", _("Action reopened"))
ACTION_COMPLETION_CLEARED = register_event_type(
    "action.completion_cleared", _("Action completion cleared on reopening")
)
