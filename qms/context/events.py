"""Audit event types owned by the context of the organization."""

from django.utils.translation import gettext_lazy as _

from qms.core.audit import register_event_type

ISSUE_CREATED = register_event_type("context.issue_created", _("Context issue added"))
ISSUE_UPDATED = register_event_type("context.issue_updated", _("Context issue changed"))
ISSUE_REVIEWED = register_event_type("context.issue_reviewed", _("Context issue reviewed"))
ISSUE_RETIRED = register_event_type("context.issue_retired", _("Context issue retired"))
ISSUE_REINSTATED = register_event_type("context.issue_reinstated", _("Context issue reinstated"))
PARTY_CREATED = register_event_type("context.party_created", _("Interested party added"))
PARTY_UPDATED = register_event_type("context.party_updated", _("Interested party changed"))
PARTY_REVIEWED = register_event_type("context.party_reviewed", _("Interested party reviewed"))
PARTY_RETIRED = register_event_type("context.party_retired", _("Interested party retired"))
PARTY_REINSTATED = register_event_type("context.party_reinstated", _("Interested party reinstated"))
REQUIREMENT_CREATED = register_event_type(
    "context.requirement_created", _("Interested party requirement added")
)
REQUIREMENT_UPDATED = register_event_type(
    "context.requirement_updated", _("Interested party requirement changed")
)
CLIMATE_DECIDED = register_event_type(
    "context.climate_decided", _("Climate change relevance decided")
)
SCOPE_CREATED = register_event_type("context.scope_created", _("QMS scope written"))
SCOPE_UPDATED = register_event_type("context.scope_updated", _("QMS scope changed"))
DOCUMENT_PUBLISHED = register_event_type(
    "context.document_published", _("Context and scope document generated")
)
