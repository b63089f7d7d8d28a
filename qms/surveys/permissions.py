"""Who may do what with surveys (registered in ready()).

Everyone reads surveys, questions and results; the managers write surveys and questions,
open and close surveys and invite customers. Invitations (customers' names and addresses)
and individual responses are read by the managers and process owners only; responses are
never written by a user (customers answer through their link).
"""

from __future__ import annotations

from qms.core.permissions import ALL_ROLES, MANAGERS, Role, register_permissions

_READERS = MANAGERS | {Role.PROCESS_OWNER}


def register() -> None:
    register_permissions(
        "surveys.survey",
        {
            "view": ALL_ROLES,
            "export": ALL_ROLES - {Role.EMPLOYEE},
            "add": MANAGERS,
            "change": MANAGERS,
            "delete": MANAGERS,
            "open": MANAGERS,
            "close": MANAGERS,
        },
    )
    register_permissions(
        "surveys.surveyquestion",
        {
            "view": ALL_ROLES,
            "export": ALL_ROLES - {Role.EMPLOYEE},
            "add": MANAGERS,
            "change": MANAGERS,
            "delete": MANAGERS,
        },
    )
    register_permissions(
        "surveys.surveyinvitation",
        {"view": _READERS, "export": _READERS, "add": MANAGERS, "delete": MANAGERS},
    )
    register_permissions("surveys.surveyresponse", {"view": _READERS, "export": _READERS})
