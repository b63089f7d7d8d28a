"""Who may do what with the organization, its sites and its processes (registered in ready()).

Read it as a table: one line per model and action. Workflow transitions are actions too:
a process is activated and retired by the managers, and by its own process owner
(`owner_is("owner")`), who may also change the processes they own, and only those.
"""

from __future__ import annotations

from qms.core.permissions import ALL_ROLES, MANAGERS, Role, grant, owner_is, register_permissions

_OWN_PROCESS = {**grant(MANAGERS), Role.PROCESS_OWNER: owner_is("owner")}


def register() -> None:
    register_permissions("organizations.organization", {"view": ALL_ROLES, "change": {Role.OWNER}})
    register_permissions(
        "organizations.site",
        {
            "view": ALL_ROLES,
            "export": ALL_ROLES - {Role.EMPLOYEE},
            "add": MANAGERS,
            "change": MANAGERS,
            "delete": MANAGERS,
        },
    )
    register_permissions(
        "organizations.process",
        {
            "view": ALL_ROLES,
            "export": ALL_ROLES - {Role.EMPLOYEE},
            "add": MANAGERS,
            "change": _OWN_PROCESS,
            "delete": MANAGERS,
            "activate": _OWN_PROCESS,
            "retire": MANAGERS,
        },
    )
    # The arrows of the process map: whoever may change processes draws them.
    register_permissions(
        "organizations.processinteraction",
        {
            "view": ALL_ROLES,
            "export": ALL_ROLES - {Role.EMPLOYEE},
            "add": MANAGERS,
            "change": MANAGERS,
            "delete": MANAGERS,
        },
    )
