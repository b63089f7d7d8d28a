"""Audit event types owned by organizations."""

from django.utils.translation import gettext_lazy as _

from qms.core.audit import register_event_type

ORGANIZATION_CREATED = register_event_type("organization.created", _("Organization created"))
ORGANIZATION_UPDATED = register_event_type(
    "organization.updated", _("Organization details changed")
)
SITE_CREATED = register_event_type("site.created", _("Site created"))
SITE_UPDATED = register_event_type("site.updated", _("Site changed"))
SITE_DELETED = register_event_type("site.deleted", _("Site deleted"))
PROCESS_CREATED = register_event_type("process.created", _("Process created"))
PROCESS_UPDATED = register_event_type("process.updated", _("Process changed"))
PROCESS_DELETED = register_event_type("process.deleted", _("Process deleted"))
PROCESS_ACTIVATED = register_event_type("process.activated", _("Process activated"))
PROCESS_RETIRED = register_event_type("process.retired", _("Process retired"))
INTERACTION_CREATED = register_event_type(
    "process_interaction.created", _("Process interaction added")
)
INTERACTION_UPDATED = register_event_type(
    "process_interaction.updated", _("Process interaction changed")
)
INTERACTION_DELETED = register_event_type(
    "process_interaction.deleted", _("Process interaction removed")
)
