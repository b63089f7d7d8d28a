"""Who may do what with the risk register (registered in ready()).

Everyone reads the register; managers and process owners record entries; a process owner
works the entries they own, the managers all of them. Approval is further limited to the
entry's owner by the workflow guard (rules.approval_problem). Only managers close, reopen
and change the matrix (the matrix has its own check: services.matrix_may_change).
"""

from __future__ import annotations

from qms.core.permissions import ALL_ROLES, MANAGERS, Role, grant, owner_is, register_permissions

_OWN = {**grant(MANAGERS), Role.PROCESS_OWNER: owner_is("owner")}


def register() -> None:
    register_permissions(
        "risks.risk",
        {
            "view": ALL_ROLES,
            "export": ALL_ROLES - {Role.EMPLOYEE},
            "add": MANAGERS | {Role.PROCESS_OWNER},
            "change": _OWN,
            "assess": _OWN,
            "plan": _OWN,
            "approve": _OWN,
            "revise": _OWN,
            "review": _OWN,
            "close": MANAGERS,
            "reopen": MANAGERS,
            "import": MANAGERS,
        },
    )
    # The organization's rating matrix (not a tenant-scoped list: one per organization).
    register_permissions("risks.riskmatrix", {"view": ALL_ROLES, "change": MANAGERS})
