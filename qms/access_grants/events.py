"""Audit event types owned by external-auditor access."""

from django.utils.translation import gettext_lazy as _

from qms.core.audit import register_event_type

GRANT_CREATED = register_event_type("access_grants.granted", _("External access granted"))
GRANT_UPDATED = register_event_type(
    "access_grants.changed", _("External access changed (window, purpose)")
)
GRANT_REVOKED = register_event_type("access_grants.revoked", _("External access revoked"))
PAGE_VIEWED = register_event_type(
    "access_grants.page_viewed", _("Page viewed by an external auditor")
)
PAGE_DENIED = register_event_type(
    "access_grants.page_denied", _("Page refused to an external auditor (outside the grant)")
)
REQUEST_CREATED = register_event_type(
    "access_grants.request_created", _("Evidence requested by an external auditor")
)
REQUEST_UPDATED = register_event_type(
    "access_grants.request_changed", _("Evidence request changed (owner, due date)")
)
REQUEST_ANSWERED = register_event_type(
    "access_grants.request_answered", _("Evidence request answered")
)
REQUEST_CLOSED = register_event_type("access_grants.request_closed", _("Evidence request closed"))
REQUEST_REOPENED = register_event_type(
    "access_grants.request_reopened", _("Evidence request re-opened")
)
