"""Audit event types owned by documents."""

from django.utils.translation import gettext_lazy as _

from qms.core.audit import register_event_type

NUMBERING_SCHEME_CREATED = register_event_type(
    "numbering_scheme.created", _("Numbering scheme created")
)
NUMBERING_SCHEME_UPDATED = register_event_type(
    "numbering_scheme.updated", _("Numbering scheme changed")
)
NUMBERING_SCHEME_DELETED = register_event_type(
    "numbering_scheme.deleted", _("Numbering scheme deleted")
)
DOCUMENT_CREATED = register_event_type("document.created", _("Document registered"))
DOCUMENT_UPDATED = register_event_type("document.updated", _("Document details changed"))
DOCUMENT_MADE_OBSOLETE = register_event_type("document.made_obsolete", _("Document made obsolete"))
DOCUMENT_DISPOSED = register_event_type("document.disposed", _("Record disposed of"))
DOCUMENT_REVIEWED = register_event_type("document.reviewed", _("Document periodically reviewed"))
REVISION_CREATED = register_event_type("document.revision_created", _("Revision started"))
REVISION_UPDATED = register_event_type("document.revision_updated", _("Revision changed"))
REVISION_SUBMITTED = register_event_type(
    "document.revision_submitted", _("Revision sent for review")
)
REVISION_CHANGES_REQUESTED = register_event_type(
    "document.revision_changes_requested", _("Changes requested on a revision")
)
REVISION_APPROVED = register_event_type(
    "document.revision_approved", _("Revision approved and effective")
)
REVISION_SUPERSEDED = register_event_type("document.revision_superseded", _("Revision superseded"))
REVISION_WITHDRAWN = register_event_type("document.revision_withdrawn", _("Revision withdrawn"))
DISTRIBUTION_ADDED = register_event_type(
    "document.distribution_added", _("Document distributed to readers")
)
DISTRIBUTION_REMOVED = register_event_type(
    "document.distribution_removed", _("Readers removed from a document's distribution")
)
ACKNOWLEDGEMENT_REQUESTED = register_event_type(
    "document.acknowledgement_requested", _("Reading and acknowledgement requested")
)
ACKNOWLEDGED = register_event_type("document.acknowledged", _("Revision read and acknowledged"))
