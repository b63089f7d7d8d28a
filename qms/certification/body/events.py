"""Audit event types of the certification body: its profile and policies, accreditations
and their scope lines, auditor qualifications."""

from django.utils.translation import gettext_lazy as _

from qms.core.audit import register_event_type

BODY_SET_UP = register_event_type(
    "certification.body.set_up", _("Organization set up as a certification body")
)
BODY_UPDATED = register_event_type(
    "certification.body.changed", _("Certification body profile or policies changed")
)
ACCREDITATION_CREATED = register_event_type(
    "certification.accreditation.created", _("Accreditation recorded")
)
ACCREDITATION_UPDATED = register_event_type(
    "certification.accreditation.changed", _("Accreditation changed")
)
ACCREDITATION_SUSPENDED = register_event_type(
    "certification.accreditation.suspended", _("Accreditation suspended")
)
ACCREDITATION_REINSTATED = register_event_type(
    "certification.accreditation.reinstated", _("Accreditation reinstated")
)
ACCREDITATION_WITHDRAWN = register_event_type(
    "certification.accreditation.withdrawn", _("Accreditation withdrawn")
)
SCOPE_CREATED = register_event_type(
    "certification.accreditation_scope.added", _("Line added to an accreditation scope")
)
SCOPE_UPDATED = register_event_type(
    "certification.accreditation_scope.changed", _("Accreditation scope line changed")
)
QUALIFICATION_CREATED = register_event_type(
    "certification.qualification.created", _("Auditor qualification recorded")
)
QUALIFICATION_UPDATED = register_event_type(
    "certification.qualification.changed", _("Auditor qualification changed")
)
