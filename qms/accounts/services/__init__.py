"""Writes for users, memberships, invitations and API tokens.

Each service runs in one transaction, takes the acting user as `actor`, validates, records
an audit event in the same transaction and sends e-mail only after commit. The package is
split by concept; import from `qms.accounts.services`.
"""

from .invitations import (
    invitation_accept,
    invitation_create,
    invitation_delete,
    invitation_for_secret,
    invitation_revoke,
    invitation_send,
)
from .memberships import (
    membership_change_role,
    membership_create,
    membership_delete,
    membership_remove,
    membership_update,
)
from .password_reset import password_reset_request, password_reset_send
from .throttling import (
    attempt_record,
    attempts_recent,
    login_failure_record,
    login_failures_clear,
    login_failures_recent,
    login_is_locked,
)
from .tokens import TOKEN_PREFIX, token_authenticate, token_create, token_revoke
from .users import account_exists, user_create, user_set_password, user_update_profile

__all__ = [
    "TOKEN_PREFIX",
    "account_exists",
    "attempt_record",
    "attempts_recent",
    "invitation_accept",
    "invitation_create",
    "invitation_delete",
    "invitation_for_secret",
    "invitation_revoke",
    "invitation_send",
    "login_failure_record",
    "login_failures_clear",
    "login_failures_recent",
    "login_is_locked",
    "membership_change_role",
    "membership_create",
    "membership_delete",
    "membership_remove",
    "membership_update",
    "password_reset_request",
    "password_reset_send",
    "token_authenticate",
    "token_create",
    "token_revoke",
    "user_create",
    "user_set_password",
    "user_update_profile",
]
