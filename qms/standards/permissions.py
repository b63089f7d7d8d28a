"""Who may do what with the standards library and the organization's use of it.

The library (standards, editions, clauses, mappings, transition rules, IAF codes and
audit-time tables) is reference data every member reads. Adopting an edition and declaring a
clause not applicable belong to the managers. Linking evidence needs, besides `add` here,
the right to change the linked record itself (checked by the services with
`has_object_perm(..., "change")`), so a module's form calling `evidence_set` lets a process
owner link the records they may change; linking and unlinking directly (evidence pages and
API) is for the managers, reviewing evidence for the managers and the internal auditor.
"""

from __future__ import annotations

from qms.core.permissions import ALL_ROLES, AUDIT_READERS, MANAGERS, register_permissions

LIBRARY = (
    "standards.standard",
    "standards.standardedition",
    "standards.clause",
    "standards.clausemapping",
    "standards.transitionrule",
    "standards.hscoreclause",
    "standards.iafcode",
    "standards.audittimetable",
)


def register() -> None:
    for label in LIBRARY:
        register_permissions(label, {"view": ALL_ROLES})
    register_permissions(
        "standards.organizationstandard",
        {"view": ALL_ROLES, "add": MANAGERS, "change": MANAGERS, "delete": MANAGERS},
    )
    register_permissions(
        "standards.clauseapplicability",
        {"view": ALL_ROLES, "add": MANAGERS, "change": MANAGERS, "delete": MANAGERS},
    )
    register_permissions(
        "standards.clauseevidence",
        {
            "view": ALL_ROLES,
            "add": MANAGERS,
            "change": MANAGERS,
            "delete": MANAGERS,
            "review": AUDIT_READERS,
        },
    )
