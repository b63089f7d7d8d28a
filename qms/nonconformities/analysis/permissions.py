"""Who may do what with root-cause analyses, 8D reports and dispositions (from ready()).

Read it as a table, one line per model and action. Those who manage a nonconformity (the
owner and quality managers; a process owner for the nonconformities of their processes and
those they are responsible for) analyse it, write its 8D report and decide dispositions.
Voiding a disposition (a correction of the record) is for the managers. A viewer reads.
Nothing is deleted.
"""

from __future__ import annotations

from django.db.models import Q

from qms.core.permissions import ALL_ROLES, MANAGERS, Condition, Role, grant, register_permissions

# A process owner: records of the nonconformities of their processes or in their charge.
NC_MANAGER = Condition(
    name="nonconformity_process_owner_or_responsible(user)",
    q=lambda user: Q(nonconformity__process__owner_id=user.pk) | Q(nonconformity__owner_id=user.pk),
    check=lambda user, obj: (
        (obj.nonconformity.owner_id is not None and obj.nonconformity.owner_id == user.pk)
        or (
            obj.nonconformity.process_id is not None
            and obj.nonconformity.process.owner_id == user.pk
        )
    ),
)
_MANAGE = {**grant(MANAGERS), Role.PROCESS_OWNER: NC_MANAGER}
# "add" is decided on the model (no object yet): the service checks the nonconformity.
_ADD = MANAGERS | {Role.PROCESS_OWNER}
_READERS_EXPORT = ALL_ROLES - {Role.EMPLOYEE}


def register() -> None:
    """Register the analysis models' permission rows, and the disposition's workflow (the
    app's ready() calls this one function for the sub-package)."""
    from . import navigation, workflows  # noqa: F401  (menu entries, registered on import)

    register_permissions(
        "nonconformities.rootcauseanalysis",
        {"view": ALL_ROLES, "export": _READERS_EXPORT, "add": _ADD, "change": _MANAGE},
    )
    register_permissions(
        "nonconformities.eightdreport",
        {"view": ALL_ROLES, "export": _READERS_EXPORT, "add": _ADD, "change": _MANAGE},
    )
    register_permissions(
        "nonconformities.disposition",
        {"view": ALL_ROLES, "export": _READERS_EXPORT, "add": _ADD, "void": MANAGERS},
    )
    workflows.register()
