"""Audit event types of clients, their sites and contacts, applications and transfer
reviews (registered when setup.register() imports this module at start-up)."""

from django.utils.translation import gettext_lazy as _

from qms.core.audit import register_event_type

CLIENT_CREATED = register_event_type("certification.client.created", _("Client recorded"))
CLIENT_UPDATED = register_event_type("certification.client.changed", _("Client changed"))
CLIENT_CONSENT_CHANGED = register_event_type(
    "certification.client.consent_changed", _("Client's consent to public listing changed")
)
CLIENT_LINK_CHANGED = register_event_type(
    "certification.client.link_changed",
    _("Client linked to (or unlinked from) an organization of this installation"),
)
SITE_CREATED = register_event_type("certification.client_site.added", _("Client site added"))
SITE_UPDATED = register_event_type("certification.client_site.changed", _("Client site changed"))
SITE_REMOVED = register_event_type("certification.client_site.removed", _("Client site removed"))
CONTACT_CREATED = register_event_type(
    "certification.client_contact.added", _("Client contact added")
)
CONTACT_UPDATED = register_event_type(
    "certification.client_contact.changed", _("Client contact changed")
)
CONTACT_REMOVED = register_event_type(
    "certification.client_contact.removed", _("Client contact removed")
)
APPLICATION_CREATED = register_event_type(
    "certification.application.received", _("Application for certification received")
)
APPLICATION_UPDATED = register_event_type(
    "certification.application.changed", _("Application changed")
)
APPLICATION_CHECKED = register_event_type(
    "certification.application.checked",
    _("Application review: competence and accreditation scope checked"),
)
APPLICATION_REVIEW_STARTED = register_event_type(
    "certification.application.review_started", _("Application review started")
)
APPLICATION_ACCEPTED = register_event_type(
    "certification.application.accepted", _("Application accepted")
)
APPLICATION_DECLINED = register_event_type(
    "certification.application.declined", _("Application declined")
)
APPLICATION_DECISION_RECORDED = register_event_type(
    "certification.application.decision_recorded",
    _("Application decision recorded (its reasons, and the check at acceptance)"),
)
APPLICATION_WITHDRAWN = register_event_type(
    "certification.application.withdrawn", _("Application withdrawn by the applicant")
)
TRANSFER_REVIEW_RECORDED = register_event_type(
    "certification.transfer_review.recorded", _("Pre-transfer review recorded (IAF MD 2)")
)
TRANSFER_REVIEW_UPDATED = register_event_type(
    "certification.transfer_review.changed", _("Pre-transfer review changed")
)
