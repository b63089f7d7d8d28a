"""Who may do what with quality objectives (registered in ready()).

Everyone reads objectives and their measurements; managers set objectives up and run their
workflow; the owner of an objective (a process owner) edits it and records its measurements.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from qms.core.permissions import (
    ALL_ROLES,
    MANAGERS,
    Condition,
    Role,
    grant,
    owner_is,
    register_permissions,
)

_OWN = {**grant(MANAGERS), Role.PROCESS_OWNER: owner_is("owner")}


def _objective_owner(user: Any, obj: Any) -> bool:
    return bool(obj.objective.owner_id == user.pk)


_OWN_OBJECTIVE = {
    **grant(MANAGERS),
    Role.PROCESS_OWNER: Condition(
        name="owner_is(objective.owner)",
        q=lambda user: Q(objective__owner_id=user.pk),
        check=_objective_owner,
    ),
}


def register() -> None:
    register_permissions(
        "objectives.qualityobjective",
        {
            "view": ALL_ROLES,
            "export": ALL_ROLES - {Role.EMPLOYEE},
            "add": MANAGERS,
            "change": _OWN,
            "measure": _OWN,
            "activate": MANAGERS,
            "achieve": MANAGERS,
            "not_achieve": MANAGERS,
            "cancel": MANAGERS,
            "reopen": MANAGERS,
        },
    )
    register_permissions(
        "objectives.measurement",
        {
            "view": ALL_ROLES,
            "export": ALL_ROLES - {Role.EMPLOYEE},
            "add": MANAGERS | {Role.PROCESS_OWNER},
            "change": _OWN_OBJECTIVE,
            "void": _OWN_OBJECTIVE,
        },
    )
