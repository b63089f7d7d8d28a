"""Who may do what with the context of the organization (registered in ready()).

Every member reads the context, the scope and the process map; the quality managers (and
the owner) maintain them: add, edit, review, retire, decide on climate change and publish
the context and scope document. Nothing is deleted: issues and parties are retired with a
reason, climate decisions are superseded by a newer one.
"""

from __future__ import annotations

from qms.core.permissions import ALL_ROLES, MANAGERS, Role, register_permissions

_EXPORT = ALL_ROLES - {Role.EMPLOYEE}


def register() -> None:
    for label in ("context.contextissue", "context.interestedparty"):
        register_permissions(
            label,
            {
                "view": ALL_ROLES,
                "export": _EXPORT,
                "add": MANAGERS,
                "change": MANAGERS,
                "review": MANAGERS,
                "retire": MANAGERS,
                "reinstate": MANAGERS,
            },
        )
    register_permissions(
        "context.interestedpartyrequirement",
        {"view": ALL_ROLES, "export": _EXPORT, "add": MANAGERS, "change": MANAGERS},
    )
    register_permissions(
        "context.climatedecision", {"view": ALL_ROLES, "add": MANAGERS, "export": _EXPORT}
    )
    register_permissions(
        "context.qmsscope",
        {"view": ALL_ROLES, "add": MANAGERS, "change": MANAGERS, "publish": MANAGERS},
    )
