"""Audit event types of the technical review, the certification decision and the
certificates (registered at import, from setup.register())."""

from django.utils.translation import gettext_lazy as _

from qms.core.audit import register_event_type

DECISION_OPENED = register_event_type(
    "certification.decision_opened", _("Certification decision opened for technical review")
)
DECISION_REVIEWED = register_event_type(
    "certification.decision_reviewed", _("Technical review of a certification decision recorded")
)
DECISION_GRANTED = register_event_type("certification.decision_granted", _("Certification granted"))
DECISION_REFUSED = register_event_type("certification.decision_refused", _("Certification refused"))
CERTIFICATE_CREATED = register_event_type(
    "certification.certificate_created", _("Certificate prepared (draft)")
)
CERTIFICATE_UPDATED = register_event_type(
    "certification.certificate_updated", _("Certificate changed")
)
CERTIFICATE_GRANTED = register_event_type(
    "certification.certificate_granted", _("Certificate issued (active)")
)
CERTIFICATE_SUSPENDED = register_event_type(
    "certification.certificate_suspended", _("Certificate suspended")
)
CERTIFICATE_RESTORED = register_event_type(
    "certification.certificate_restored", _("Certificate restored after suspension")
)
CERTIFICATE_WITHDRAWN = register_event_type(
    "certification.certificate_withdrawn", _("Certificate withdrawn")
)
CERTIFICATE_CANCELLED = register_event_type(
    "certification.certificate_cancelled", _("Certificate cancelled")
)
CERTIFICATE_EXPIRED = register_event_type(
    "certification.certificate_expired", _("Certificate expired")
)
CERTIFICATE_SUPERSEDED = register_event_type(
    "certification.certificate_superseded", _("Certificate superseded by a new revision")
)
