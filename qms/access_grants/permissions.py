"""Who may do what with external access (registered in ready()).

Owners and quality managers grant, change, revoke and answer; internal auditors (and the
managers) view the grants, their access logs and the evidence requests. The external person
has no role: the portal checks their grant instead (selectors.open_grant_for).
"""

from __future__ import annotations

from qms.core.permissions import MANAGERS, Role, register_permissions

READERS = MANAGERS | {Role.INTERNAL_AUDITOR}


def register() -> None:
    register_permissions(
        "access_grants.accessgrant",
        {"view": READERS, "add": MANAGERS, "change": MANAGERS, "revoke": MANAGERS},
    )
    register_permissions(
        "access_grants.evidencerequest",
        {
            "view": READERS,
            "change": MANAGERS,
            "answer": MANAGERS,
            "close": MANAGERS,
            "reopen": MANAGERS,
        },
    )
