"""Writes for users, memberships, invitations and API tokens.

Each service runs in one transaction, takes the acting user as `actor`, validates, records
an audit event in the same transaction and sends e-mail only after commit. The package is
split by concept; import from `qms.accounts.services`.
"""

from .invitations import (
    invitation_accept,
    invitation_create,
    invitation_for_secret,
    invitation_revoke,
)
from .memberships import membership_change_role, membership_create, membership_remove
from .throttling import (
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
    "invitation_accept",
    "invitation_create",
    "invitation_for_secret",
    "invitation_revoke",
    "login_failure_record",
    "login_failures_clear",
    "login_failures_recent",
    "login_is_locked",
    "membership_change_role",
    "membership_create",
    "membership_remove",
    "token_authenticate",
    "token_create",
    "token_revoke",
    "user_create",
    "user_set_password",
    "user_update_profile",
]
