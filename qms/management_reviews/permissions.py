"""Who may do what with management reviews (registered in ready()).

Every member reads the reviews (the pack, the minutes and the decisions concern everyone in
the QMS); the managers (owner, quality manager) plan them, compile the pack, record
attendance, decisions and minutes. The minutes are approved, with a signature, by the owner
or by a quality manager who chairs the review.
"""

from __future__ import annotations

from qms.core.permissions import (
    ALL_ROLES,
    MANAGERS,
    Role,
    owner_is,
    register_permissions,
)

_EXPORT = ALL_ROLES - {Role.EMPLOYEE}


def register() -> None:
    register_permissions(
        "management_reviews.managementreview",
        {
            "view": ALL_ROLES,
            "export": _EXPORT,
            "add": MANAGERS,
            "change": MANAGERS,
            "compile": MANAGERS,
            "hold": MANAGERS,
            "approve": {Role.OWNER: None, Role.QUALITY_MANAGER: owner_is("chair")},
            "cancel": MANAGERS,
        },
    )
    for label in (
        "management_reviews.attendance",
        "management_reviews.inputsection",
        "management_reviews.output",
    ):
        register_permissions(
            label, {"view": ALL_ROLES, "export": _EXPORT, "add": MANAGERS, "change": MANAGERS}
        )
