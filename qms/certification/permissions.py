"""The certification body's roles and who may do what in its back office (registered in
ready()).

Four roles of ISO/IEC 17021-1 Annex A join the role matrix: the certification manager runs
the back office (body profile, accreditation, qualifications, clients, applications,
programmes); the technical reviewer reviews applications and computes audit time; auditors
read what they are assigned to; the decision-maker reads everything (decisions come with the
certification audits). One person may hold several roles (`Membership.additional_roles`);
independence (a decision-maker outside the audit team, an auditor who did not consult for
the client) is a rule on the object, checked by the services, not a grant.

The organization side's roles hold none of these permissions, so an organization that is
not a certification body never sees the back office.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qms.core.permissions import register_permissions, register_role

CERTIFICATION_MANAGER = "certification_manager"
CB_AUDITOR = "cb_auditor"
TECHNICAL_REVIEWER = "technical_reviewer"
DECISION_MAKER = "decision_maker"

CB_ROLES = frozenset({CERTIFICATION_MANAGER, CB_AUDITOR, TECHNICAL_REVIEWER, DECISION_MAKER})
MANAGER = frozenset({CERTIFICATION_MANAGER})
REVIEWERS = frozenset({CERTIFICATION_MANAGER, TECHNICAL_REVIEWER})
OFFICE = frozenset({CERTIFICATION_MANAGER, TECHNICAL_REVIEWER, DECISION_MAKER})


def register_roles() -> None:
    register_role(CERTIFICATION_MANAGER, _("Certification manager"))
    register_role(CB_AUDITOR, _("Certification auditor"))
    register_role(TECHNICAL_REVIEWER, _("Technical reviewer"))
    register_role(DECISION_MAKER, _("Decision-maker"))


def register() -> None:
    register_roles()
    read = {"view": CB_ROLES, "export": OFFICE}
    register_permissions(
        "certification.certificationbody", {"view": CB_ROLES, "add": MANAGER, "change": MANAGER}
    )
    register_permissions(
        "certification.accreditation",
        {
            **read,
            "add": MANAGER,
            "change": MANAGER,
            "suspend": MANAGER,
            "reinstate": MANAGER,
            "withdraw": MANAGER,
        },
    )
    for model in ("accreditationscope", "auditorqualification"):
        register_permissions(f"certification.{model}", {**read, "add": MANAGER, "change": MANAGER})
    register_permissions("certification.client", {**read, "add": MANAGER, "change": MANAGER})
    # A site or contact recorded by mistake is removed (the audit event keeps it); a site
    # named by an application or an audit is refused removal by the service.
    for model in ("clientsite", "clientcontact"):
        register_permissions(
            f"certification.{model}",
            {**read, "add": MANAGER, "change": MANAGER, "delete": MANAGER},
        )
    register_permissions(
        "certification.application",
        {
            **read,
            "add": MANAGER,
            "change": MANAGER,
            "review": REVIEWERS,
            "accept": REVIEWERS,
            "decline": REVIEWERS,
            "withdraw": MANAGER,
        },
    )
    register_permissions(
        "certification.transferreview",
        {**read, "add": REVIEWERS, "change": REVIEWERS},
    )
    register_permissions("certification.audittimecalculation", {**read, "add": REVIEWERS})
    register_permissions(
        "certification.certificationprogramme",
        {**read, "add": MANAGER, "change": MANAGER, "plan": MANAGER},
    )
    register_permissions(
        "certification.certaudit",
        {
            **read,
            "add": MANAGER,
            "change": MANAGER,
            "confirm": MANAGER,
            "complete": MANAGER,
            "cancel": MANAGER,
        },
    )
    register_audit_work_permissions(read)
    register_certificate_permissions(read)


AUDIT_TEAM = frozenset({CERTIFICATION_MANAGER, CB_AUDITOR})


def register_audit_work_permissions(read: dict[str, frozenset[str]]) -> None:
    """Team, plan, checklist, findings and the portal (issue 18). Who of the auditors may
    write a given audit's records (its team, its lead auditor) is a rule on the object,
    checked by the services."""
    register_permissions(
        "certification.auditteammember",
        {**read, "add": MANAGER, "change": AUDIT_TEAM, "delete": MANAGER},
    )
    register_permissions(
        "certification.auditplan",
        {**read, "add": AUDIT_TEAM, "change": AUDIT_TEAM, "send": AUDIT_TEAM},
    )
    for model in ("auditplanslot", "auditplanissue"):
        register_permissions(
            f"certification.{model}", {**read, "add": AUDIT_TEAM, "change": AUDIT_TEAM}
        )
    register_permissions(
        "certification.certchecklistitem", {**read, "add": AUDIT_TEAM, "change": AUDIT_TEAM}
    )
    register_permissions(
        "certification.certfinding",
        {
            **read,
            "add": AUDIT_TEAM,
            "change": AUDIT_TEAM,
            "verify": AUDIT_TEAM,
            # The client's portal users answer through their portal access (no role); a
            # manager may record a response the client sent by other means.
            "respond": MANAGER,
            # Accept or return the client's response (team member or manager: a rule).
            "review": AUDIT_TEAM,
        },
    )
    register_permissions("certification.findingresponse", {**read, "review": AUDIT_TEAM})
    register_permissions("certification.portalaccess", {**read, "add": MANAGER, "revoke": MANAGER})


def register_certificate_permissions(read: dict[str, frozenset[str]]) -> None:
    """Decisions and certificates: the decision-maker decides (if not on the audit team,
    a rule on the object); the certification manager runs the certificate's life."""
    register_permissions(
        "certification.certificationdecision",
        {**read, "add": REVIEWERS, "review": REVIEWERS, "decide": frozenset({DECISION_MAKER})},
    )
    register_permissions(
        "certification.certificate",
        {
            **read,
            "change": MANAGER,
            # Issued by the decision that grants it (the guard asks for a granted decision);
            # a corrected revision by the certification manager (reissue).
            "grant": frozenset({DECISION_MAKER, CERTIFICATION_MANAGER}),
            "supersede": frozenset({DECISION_MAKER, CERTIFICATION_MANAGER}),
            "suspend": MANAGER,
            "restore": MANAGER,
            "withdraw": MANAGER,
            "cancel": MANAGER,
            "reissue": MANAGER,
            "expire": MANAGER,
        },
    )
    register_permissions("certification.certificatestatuschange", {"view": CB_ROLES})
    # Granting an initial or recertification decision records the programme's decision date
    # (its "certify" step needs "plan"): the decision-maker holds it only while a decision
    # of that programme is pending.
    from .certificates.selectors import programme_has_pending_decision

    register_permissions(
        "certification.certificationprogramme",
        {"plan": {DECISION_MAKER: programme_has_pending_decision()}},
    )
