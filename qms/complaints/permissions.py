"""Who may do what with complaints (registered in ready()).

Everyone reads the log; managers and process owners log complaints; a process owner
works (edits, acknowledges, answers, closes) the complaints they own, the managers all of
them; only managers reopen a closed complaint and escalate one to a nonconformity.
"""

from __future__ import annotations

from qms.core.permissions import ALL_ROLES, MANAGERS, Role, grant, owner_is, register_permissions

_OWN = {**grant(MANAGERS), Role.PROCESS_OWNER: owner_is("owner")}


def register() -> None:
    register_permissions(
        "complaints.complaint",
        {
            "view": ALL_ROLES,
            "export": ALL_ROLES - {Role.EMPLOYEE},
            "add": MANAGERS | {Role.PROCESS_OWNER},
            "change": _OWN,
            "acknowledge": _OWN,
            "respond": _OWN,
            "close": _OWN,
            "reopen": MANAGERS,
            "escalate": MANAGERS,
        },
    )
