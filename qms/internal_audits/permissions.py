"""Who may do what with internal audits (registered in ready()).

Every member reads the programme and the audits (an audit is no secret inside the
organization, and auditees need to see the plan and the report); managers set up, approve and
revise the yearly programme; internal auditors and managers plan, edit and run audits.
Managers close and cancel audits. Auditor independence (ISO 9001 §9.2.2 c) is a rule on top
of these grants (rules.independence_problems), checked by the services.
"""

from __future__ import annotations

from qms.core.permissions import ALL_ROLES, MANAGERS, Role, register_permissions

AUDITORS = MANAGERS | {Role.INTERNAL_AUDITOR}


def register() -> None:
    register_permissions(
        "internal_audits.auditprogramme",
        {
            "view": ALL_ROLES,
            "export": ALL_ROLES - {Role.EMPLOYEE},
            "add": MANAGERS,
            "change": MANAGERS,
            "plan": MANAGERS,
            "approve": MANAGERS,
            "revise": MANAGERS,
        },
    )
    register_permissions(
        "internal_audits.programmeprocess",
        {"view": ALL_ROLES, "add": MANAGERS, "change": MANAGERS},
    )
    register_permissions(
        "internal_audits.audit",
        {
            "view": ALL_ROLES,
            "export": ALL_ROLES - {Role.EMPLOYEE},
            "add": AUDITORS,
            "change": AUDITORS,
            "start": AUDITORS,
            "report": AUDITORS,
            "follow_up": AUDITORS,
            "close": MANAGERS,
            "cancel": MANAGERS,
        },
    )
    # "change" is answering (the services also require the actor to be in the audit team).
    register_permissions(
        "internal_audits.checklistitem",
        {"view": ALL_ROLES, "export": ALL_ROLES - {Role.EMPLOYEE}, "change": AUDITORS},
    )
    # Findings come from checklist answers (no add or change of their own).
    register_permissions(
        "internal_audits.finding",
        {"view": ALL_ROLES, "export": ALL_ROLES - {Role.EMPLOYEE}},
    )
