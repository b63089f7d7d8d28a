"""Who may do what with actions (registered in ready()).

Every member sees the organization's actions; a viewer only reads. Managers (owner,
quality manager) add, change, cancel and reopen any action; process owners and internal
auditors add actions (from their findings and processes) and change their own; whoever
owns an action may start and complete it: an employee only their own (`owner_is("owner")`).
"""

from __future__ import annotations

from qms.core.permissions import (
    ALL_ROLES,
    MANAGERS,
    Role,
    grant,
    owner_is,
    register_permissions,
)

_OWN = owner_is("owner")
# Managers on every action; the other working roles on the actions they own.
_MANAGERS_OR_OWN = {
    **grant(MANAGERS),
    **grant({Role.PROCESS_OWNER, Role.INTERNAL_AUDITOR, Role.EMPLOYEE}, _OWN),
}
_RAISERS = MANAGERS | {Role.PROCESS_OWNER, Role.INTERNAL_AUDITOR}


def register() -> None:
    register_permissions(
        "actions.action",
        {
            "view": ALL_ROLES,
            "export": ALL_ROLES - {Role.EMPLOYEE},
            "add": _RAISERS,
            "change": {**grant(MANAGERS), **grant({Role.PROCESS_OWNER}, _OWN)},
            "start": _MANAGERS_OR_OWN,
            "complete": _MANAGERS_OR_OWN,
            "cancel": MANAGERS,
            "reopen": MANAGERS,
        },
    )
