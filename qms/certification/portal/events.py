"""Audit event types of the client portal: portal accesses, the client's responses to
nonconformities and their review, the link to the client's own nonconformity register and
the audit team's read access to the client's records."""

from django.utils.translation import gettext_lazy as _

from qms.core.audit import register_event_type

PORTAL_ACCESS_GRANTED = register_event_type(
    "certification.portal_access_granted", _("Client portal access granted")
)
PORTAL_ACCESS_REVOKED = register_event_type(
    "certification.portal_access_revoked", _("Client portal access revoked")
)
PORTAL_ACCESS_RESTORED = register_event_type(
    "certification.portal_access_restored", _("Client portal access given again")
)
RESPONSE_CREATED = register_event_type(
    "certification.finding_response_created", _("Client's response to a finding recorded")
)
RESPONSE_SUBMITTED = register_event_type(
    "certification.finding_response_submitted", _("Client's response to a finding submitted")
)
RESPONSE_ACCEPTED = register_event_type(
    "certification.finding_response_accepted", _("Client's response to a finding accepted")
)
RESPONSE_RETURNED = register_event_type(
    "certification.finding_response_returned",
    _("Client's response to a finding returned with comments"),
)
FINDING_VERIFIED = register_event_type(
    "certification.finding_verified", _("Major nonconformity verified")
)
CLIENT_NC_RAISED = register_event_type(
    "certification.finding_client_nc_raised",
    _("Finding raised in the client's own nonconformity register"),
)
CLIENT_NC_CLOSED = register_event_type(
    "certification.finding_client_nc_closed",
    _("The client closed the finding's nonconformity in its register"),
)
TEAM_ACCESS_SYNCED = register_event_type(
    "certification.audit_team_access_synced",
    _("Audit team's read access to the client's records brought in line with the audit"),
)
FINDING_VERIFICATION_RECORDED = register_event_type(
    "certification.finding_verification_recorded",
    _("How and when a major nonconformity was verified recorded"),
)
