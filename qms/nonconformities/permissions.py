"""Who may do what with nonconformities and their effectiveness checks.

Read it as a table: one line per model and action. Every member but a viewer may report a
nonconformity and complete the report they made; the quality managers (and the owner) manage
all of them; a process owner manages the nonconformities of the processes they own, those
they are responsible for and those they reported.
Effectiveness may also be verified by an internal auditor (the rules then refuse anyone who
owns one of the cycle's corrective actions). Nothing is deleted: a nonconformity is closed,
and reopened with a reason.
"""

from __future__ import annotations

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

# A process owner: the nonconformities of their processes, those they are responsible for
# and those they reported.
_PROCESS_OWNER = Condition(
    name="process_owner_responsible_or_reporter(user)",
    q=lambda user: Q(process__owner_id=user.pk) | Q(owner_id=user.pk) | Q(reported_by_id=user.pk),
    check=lambda user, obj: (
        user.pk is not None
        and (
            obj.owner_id == user.pk
            or obj.reported_by_id == user.pk
            or (obj.process_id is not None and obj.process.owner_id == user.pk)
        )
    ),
)
_MANAGE = {**grant(MANAGERS), Role.PROCESS_OWNER: _PROCESS_OWNER}
# Whoever reported a nonconformity may complete and correct their report (and its clauses).
_CHANGE = {**_MANAGE, **grant({Role.EMPLOYEE, Role.INTERNAL_AUDITOR}, owner_is("reported_by"))}
_VERIFY = {**_MANAGE, Role.INTERNAL_AUDITOR: None}
_REPORTERS = ALL_ROLES - {Role.VIEWER}
_READERS_EXPORT = ALL_ROLES - {Role.EMPLOYEE}


def register() -> None:
    register_permissions(
        "nonconformities.nonconformity",
        {
            "view": ALL_ROLES,
            "export": _READERS_EXPORT,
            "add": _REPORTERS,
            "change": _CHANGE,
            "record_containment": _MANAGE,
            "analyse": _MANAGE,
            "plan": _MANAGE,
            "implement": _MANAGE,
            "verify": _VERIFY,
            "verify_ineffective": _VERIFY,
            "close": MANAGERS,
            "reopen": MANAGERS,
        },
    )
    register_permissions(
        "nonconformities.effectivenesscheck",
        {"view": ALL_ROLES, "export": _READERS_EXPORT},
    )
