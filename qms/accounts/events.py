"""Audit event types owned by accounts."""

from django.utils.translation import gettext_lazy as _

from qms.core.audit import register_event_type

MEMBERSHIP_CREATED = register_event_type("membership.created", _("Member added"))
MEMBERSHIP_ROLE_CHANGED = register_event_type("membership.role_changed", _("Member's role changed"))
MEMBERSHIP_REMOVED = register_event_type("membership.removed", _("Member removed"))
INVITATION_SENT = register_event_type("invitation.sent", _("Invitation sent"))
INVITATION_ACCEPTED = register_event_type("invitation.accepted", _("Invitation accepted"))
INVITATION_REVOKED = register_event_type("invitation.revoked", _("Invitation revoked"))
TOKEN_CREATED = register_event_type("api_token.created", _("API token created"))
TOKEN_REVOKED = register_event_type("api_token.revoked", _("API token revoked"))
USER_CREATED = register_event_type("user.created", _("User account created"))
USER_PASSWORD_CHANGED = register_event_type("user.password_changed", _("Password changed"))
USER_PASSWORD_RESET = register_event_type("user.password_reset", _("Password reset by e-mail link"))
USER_PROFILE_CHANGED = register_event_type("user.profile_changed", _("Profile changed"))
USER_LOGIN_LOCKED = register_event_type(
    "user.login_locked", _("Log-in locked after repeated failures")
)
