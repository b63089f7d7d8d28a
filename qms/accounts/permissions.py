"""Who may see and manage members and invitations (registered in ready())."""

from __future__ import annotations

from qms.core.permissions import MANAGERS, Role, register_permissions


def register() -> None:
    register_permissions(
        "accounts.membership",
        {
            "view": MANAGERS | {Role.INTERNAL_AUDITOR},
            "export": MANAGERS,
            "change": {Role.OWNER},
            "delete": {Role.OWNER},
        },
    )
    register_permissions(
        "accounts.invitation",
        {"view": MANAGERS, "add": {Role.OWNER}, "delete": {Role.OWNER}},
    )
