"""Demo data of issue 18, called by demo.py for each client's story: the audits' work and
outcomes, the certification decisions and the certificates.

- Every held Stage 1 is concluded "ready"; every Stage 2 and recertification audit is
  concluded with its recommendation and the auditor-days spent, as the lead auditor would.
- Acme's Stage 2 (its first cycle at Meridian) has a plan sent to the client, one major and
  two minor nonconformities and an observation. Acme's quality manager (quality@acme.example,
  already a user of Acme's own QMS) is given portal access and answers each of them in the
  portal; the lead auditor accepts the answers and verifies the major by document review.
- The decision of each cycle is opened by the technical reviewer and granted by
  decision@meridian.example (never on an audit team) on the cycle's decision day: the
  certificate is issued and published to the registry by the certificates' services.
- Some clients' certificates then change state as their spec says: suspended, withdrawn,
  expired, cancelled, or superseded by a scope reduction.

Everything goes through the services of audits, portal and certificates; the dates are the
story's (relative to today), so the cycle is consistent: findings are answered and verified
before the decision day, and the decision precedes the certificate's effective date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from qms.accounts.models import User
from qms.core.services import model_update

from .audits import events as audit_events
from .audits import services as audits
from .certificates import services as certificates
from .choices import AuditKind, CertificateStatus, DecisionKind, FindingGrade
from .models import (
    AuditTeamMember,
    CertAudit,
    CertChecklistItem,
    CertFinding,
    Certificate,
    CertificationProgramme,
    Client,
    ClientContact,
    ClientSite,
)
from .portal import services as portal

DEMO_PASSWORD = "demo"  # noqa: S105 - the demo users' password (demo.py)
# The Acme contact who answers the findings in the portal: a user of Acme's own QMS already.
ACME_PORTAL_USER = "quality@acme.example"

STAGE1_CONCLUSION = (
    "The documented information meets the standard's requirements; internal audits and a "
    "management review have been held. The organization is ready for Stage 2."
)
STAGE1_CONCERNS = (
    "Internal audits have not yet covered every process in the scope; complete the "
    "programme before Stage 2."
)
STAGE2_CONCLUSION = (
    "The management system is implemented and effective for the scope; the audit objectives "
    "were met."
)
STAGE2_CONCLUSION_NCS = (
    "The management system is implemented for the scope, except for the control of "
    "externally provided processes (one major nonconformity). The audit objectives were met."
)
RECERT_CONCLUSION = (
    "The management system remains effective over the cycle; performance and the "
    "surveillance reports reviewed; the scope is still relevant."
)
AUDIT_TIME_NOTE = (
    "Auditor-days as planned from the stored IAF MD 5 calculation (Stage 1 and Stage 2 "
    "rounded to half days)."
)
INITIAL_REASONS = (
    "Technical review complete: Stage 1 and Stage 2 reports, nonconformities closed as "
    "required (majors verified, minor plans accepted), audit time as calculated, scope "
    "inside the accreditation. Certification granted."
)
RENEWAL_REASONS = (
    "Recertification audit report and the cycle's performance reviewed; no open major "
    "nonconformity. Certification renewed."
)


def _person(context: Any, email: str) -> User:
    person: User = context.people[email]
    return person


def _concluded_on_last_day(context: Any, audit: CertAudit) -> CertAudit:
    """A past audit was concluded on its last day, not on the day the demo was loaded: its
    report is dated then, before the decision that relies on it."""
    last = audit.end_date or audit.start_date
    if last is None or last >= timezone.localdate():
        return audit
    moment = timezone.make_aware(dt.datetime.combine(last, dt.time(17, 0)))
    updated, _changed = model_update(
        actor=context.lead,
        instance=audit,
        data={"concluded_at": moment},
        fields=("concluded_at",),
        event_type=audit_events.AUDIT_CONCLUDED,
        details={"reason": "Demo data: the day on which this past audit was concluded."},
    )
    return updated


def conclude_stage1(context: Any, audit: CertAudit) -> CertAudit:
    """The lead auditor records that the client is ready for Stage 2."""
    concluded: CertAudit = audits.audit_conclude(
        actor=context.lead,
        audit=audit,
        data={
            "stage1_conclusion": "ready",
            "issues_to_fix": STAGE1_CONCERNS,
            "conclusion": STAGE1_CONCLUSION,
            "days_spent": audit.audit_days,
        },
    )
    return _concluded_on_last_day(context, concluded)


def conclude(context: Any, audit: CertAudit, *, major: bool = False) -> CertAudit:
    """The lead auditor concludes a Stage 2, surveillance or recertification audit."""
    if audit.kind == AuditKind.RECERTIFICATION:
        conclusion, recommendation = RECERT_CONCLUSION, "renew"
    elif audit.kind == AuditKind.STAGE2:
        conclusion = STAGE2_CONCLUSION_NCS if major else STAGE2_CONCLUSION
        recommendation = "grant_after_ncs" if major else "grant"
    else:
        conclusion, recommendation = STAGE2_CONCLUSION, "continue"
    concluded: CertAudit = audits.audit_conclude(
        actor=context.lead,
        audit=audit,
        data={
            "conclusion": conclusion,
            "recommendation": recommendation,
            "days_spent": audit.audit_days,
        },
    )
    return _concluded_on_last_day(context, concluded)


# --- Acme's Stage 2 ----------------------------------------------------------------------


def acme_plan(context: Any, audit: CertAudit, sites: list[ClientSite]) -> None:
    """Acme's Stage 2 team (each member's declaration of no conflict of interest) and its
    plan sent to Acme: objectives, scope, criteria and the first day's slots."""
    declaration = "No consultancy, employment or other link with Acme in the last two years."
    audits.team_member_add(
        actor=context.manager,
        audit=audit,
        person=context.lead,
        role="lead_auditor",
        declaration=declaration,
    )
    for member in AuditTeamMember.objects.filter(
        organization_id=audit.organization_id, audit=audit, declared_at__isnull=True
    ):
        audits.team_member_declare(actor=context.manager, member=member, declaration=declaration)
    plan = audits.plan_save(
        actor=context.lead,
        audit=audit,
        data={
            "objectives": (
                "Evaluate the implementation and effectiveness of the QMS, including the "
                "areas of concern raised at Stage 1."
            ),
            "scope": (
                "Design, manufacture, calibration and sale of precision measuring gauges and "
                "dimensional inspection instruments."
            ),
            "criteria": "ISO 9001:2015; Acme's QMS manual QM-01 and its procedures.",
            "notes": "Please have the purchasing and calibration records available.",
        },
    )
    day = audit.start_date
    if day is None:
        raise RuntimeError(f"{audit} has no days to plan.")
    works = sites[0]
    laboratory = sites[-1]
    slots = (
        (dt.time(9), dt.time(9, 30), works, "Opening meeting", "", context.lead),
        (dt.time(9, 30), dt.time(12, 30), works, "Purchasing", "Purchasing", context.lead),
        (
            dt.time(9, 30),
            dt.time(12, 30),
            works,
            "Production",
            "Machining, assembly",
            context.auditor,
        ),
        (
            dt.time(13, 30),
            dt.time(16, 30),
            laboratory,
            "Calibration and final inspection",
            "Calibration",
            context.auditor,
        ),
    )
    for starts, ends, site, activity, processes, auditor in slots:
        audits.slot_add(
            actor=context.lead,
            plan=plan,
            data={
                "day": day,
                "starts": starts,
                "ends": ends,
                "site": site,
                "activity": activity,
                "processes": processes,
                "auditor": auditor,
            },
        )
    audits.plan_send(actor=context.lead, plan=plan)


def _clause(programme: CertificationProgramme, number: str) -> Any:
    from qms.standards.models import Clause

    edition_ids = list(programme.editions.values_list("pk", flat=True))
    return Clause.objects.filter(edition_id__in=edition_ids, number=number).first()


def acme_findings(context: Any, audit: CertAudit, sites: list[ClientSite]) -> list[CertFinding]:
    """One major, two minors and an observation, raised by the lead auditor."""
    programme = audit.programme
    works, laboratory = sites[0], sites[-1]
    specs = (
        (
            FindingGrade.MAJOR,
            "8.4.1",
            works,
            "Externally provided heat treatment and plating are not evaluated or monitored: "
            "no criteria for their selection, evaluation or re-evaluation exist.",
            "No evaluation records for the three heat-treatment and plating subcontractors "
            "(purchase orders PO-2291, PO-2304, PO-2317 sampled).",
            "ISO 9001:2015 8.4.1; Acme procedure QP-08 Purchasing, section 4.",
        ),
        (
            FindingGrade.MINOR,
            "7.5.3",
            works,
            "Two work instructions at the machining cells show no revision status.",
            "WI-12 and WI-14 posted at cells 3 and 5 carry no revision or approval mark.",
            "ISO 9001:2015 7.5.3.2; QP-02 Control of documented information.",
        ),
        (
            FindingGrade.MINOR,
            "7.1.5",
            laboratory,
            "A torque wrench in use for final assembly was past its calibration date.",
            "Torque wrench TW-07: calibration due two weeks before the audit, in use.",
            "ISO 9001:2015 7.1.5.2; QP-11 Monitoring and measuring equipment.",
        ),
        (
            FindingGrade.OBSERVATION,
            "9.2.2",
            works,
            "Internal audit reports could name the evidence sampled, to support their conclusions.",
            "Internal audit reports IA-2024-03 and IA-2024-04.",
            "ISO 9001:2015 9.2.2",
        ),
    )
    items = _answer_checklist(context, audit, works, {spec[1]: spec[0] for spec in specs})
    found = []
    for grade, number, site, statement, evidence, requirement in specs:
        found.append(
            audits.finding_raise(
                actor=context.lead,
                audit=audit,
                data={
                    "grade": grade,
                    "clause": _clause(programme, number),
                    "site": site,
                    "statement": statement,
                    "objective_evidence": evidence,
                    "requirement": requirement,
                    "checklist_item": items.get(number),
                },
            )
        )
    return found


def _answer_checklist(
    context: Any, audit: CertAudit, site: ClientSite, graded: dict[str, str]
) -> dict[str, CertChecklistItem]:
    """The Stage 2 checklist, every clause in scope answered: conformity with a note,
    except the clauses of the findings (their grade). Returns the items by clause number."""
    audits.checklist_generate(actor=context.lead, audit=audit)
    items = list(
        CertChecklistItem.objects.filter(organization_id=audit.organization_id, audit=audit)
        .select_related("clause")
        .order_by("id")
    )
    by_number: dict[str, CertChecklistItem] = {}
    for item in items:
        number = item.clause.number
        grade = graded.get(number)
        audits.checklist_record(
            actor=context.lead,
            item=item,
            data={
                "result": grade or "conformity",
                "notes": "See finding." if grade else "Records and interviews sampled: conforms.",
                "site": site,
            },
        )
        by_number[number] = item
    return by_number


ANSWERS = {
    FindingGrade.MAJOR: (
        "Evaluated the three subcontractors against new criteria; two approved, one on "
        "probation with 100 % incoming inspection.",
        "QP-08 covered suppliers of parts but not outsourced processes; nobody owned "
        "subcontractor performance.",
        "QP-08 revised (rev. 5) to cover outsourced processes, with annual re-evaluation; "
        "purchasing manager named owner; staff briefed.",
    ),
    FindingGrade.MINOR: (
        "Corrected the documents concerned and checked the others of the same kind.",
        "The local copies were printed outside the document control system.",
        "Plan: printing only from the controlled system with a watermark; monthly checks "
        "by the team leaders for three months.",
    ),
}


def _acme_contact(client: Client) -> ClientContact:
    contact: ClientContact | None = (
        ClientContact.objects.filter(organization_id=client.organization_id, client=client)
        .filter(email=ACME_PORTAL_USER)
        .first()
    )
    if contact is None:
        contact = ClientContact.objects.filter(
            organization_id=client.organization_id, client=client
        ).first()
    if contact is None:
        raise RuntimeError(f"{client} has no contact to give portal access to.")
    return contact


def acme_close_findings(
    context: Any, client: Client, findings: list[CertFinding], *, verified_on: dt.date
) -> User:
    """Acme's quality manager answers every nonconformity in the portal; the lead auditor
    accepts each answer and verifies the major (document review). Returns the portal user."""
    access = portal.portal_access_grant(
        actor=context.manager, client=client, contact=_acme_contact(client)
    )
    user = access.user
    for finding in findings:
        if finding.grade not in (FindingGrade.MAJOR, FindingGrade.MINOR):
            continue
        correction, cause, action = ANSWERS[FindingGrade(finding.grade)]
        response = portal.response_submit(
            actor=user,
            finding=finding,
            data={"correction": correction, "root_cause": cause, "corrective_action": action},
        )
        portal.response_accept(
            actor=context.lead,
            response=response,
            comment="Accepted: the correction and the action address the root cause.",
        )
        if finding.grade == FindingGrade.MAJOR:
            fresh = CertFinding.objects.filter(organization_id=finding.organization_id).get(
                pk=finding.pk
            )
            portal.finding_verify(
                actor=context.lead,
                finding=fresh,
                method="document_review",
                notes=(
                    "QP-08 rev. 5, the three evaluation records and the probation "
                    "inspection records reviewed: effective."
                ),
                on=verified_on,
            )
    return user


# --- Decisions and certificates ------------------------------------------------------------


def decide(
    context: Any,
    programme: CertificationProgramme,
    *,
    day: dt.date,
    kind: str = DecisionKind.INITIAL,
    audits_: list[CertAudit] | None = None,
    scope: str | None = None,
    reasons: str = "",
) -> tuple[CertificationProgramme, Certificate]:
    """The technical reviewer opens the decision and records the review; the decision-maker
    (decision@, never on a team) grants it on `day`: the certificate is issued."""
    from . import demo_data as data

    reviewer = _person(context, data.REVIEWER)
    decision = certificates.decision_open(
        actor=reviewer, programme=programme, kind=kind, audits=audits_
    )
    decision = certificates.decision_review(
        actor=reviewer,
        decision=decision,
        reviewer_notes="Reports, findings and the audit time reviewed.",
        audit_time_justification=AUDIT_TIME_NOTE,
    )
    if not reasons:
        reasons = RENEWAL_REASONS if kind == DecisionKind.RECERTIFICATION else INITIAL_REASONS
    certificate: Certificate = certificates.decision_grant(
        actor=_person(context, data.DECISION),
        decision=decision,
        reasons=reasons,
        password=DEMO_PASSWORD,  # signed "decided" by the decision-maker
        decision_date=day,
        effective_date=day,
        scope=scope,
    )
    fresh = CertificationProgramme.objects.filter(organization_id=programme.organization_id).get(
        pk=programme.pk
    )
    return fresh, certificate


def certificate_of(client: Client) -> Certificate | None:
    """The client's certificate as it stands (its latest revision)."""
    found: Certificate | None = (
        Certificate.objects.filter(organization_id=client.organization_id, client=client)
        .order_by("-id")
        .first()
    )
    return found


def change_state(context: Any, client: Client, spec: Any, *, programme: Any) -> None:
    """Take the client's certificate to `spec.certificate` (domain spec §3.6) through the
    certificates' services; "superseded" is a scope reduction to `spec.reduced_scope` (a new
    revision supersedes the issued one)."""
    state = spec.certificate
    certificate = certificate_of(client)
    if not state or certificate is None:
        return
    manager = context.manager
    if state == CertificateStatus.SUSPENDED:
        certificates.certificate_suspend(
            actor=manager,
            certificate=certificate,
            reason_code="r2",
            reason="Surveillance 1 not held within its window: the client postponed twice.",
        )
    elif state == CertificateStatus.WITHDRAWN:
        certificates.certificate_withdraw(
            actor=manager,
            certificate=certificate,
            reason=(
                "Misuse of the certification mark on product packaging, not corrected "
                "after two requests."
            ),
        )
    elif state == CertificateStatus.CANCELLED:
        certificates.certificate_cancel(
            actor=manager,
            certificate=certificate,
            reason="Contract ended at the client's request (business sold).",
        )
    elif state == CertificateStatus.EXPIRED:
        certificates.certificate_expire(actor=manager, certificate=certificate)
    elif state == CertificateStatus.SUPERSEDED:
        decide(
            context,
            programme,
            day=context.days(-20),
            kind=DecisionKind.SCOPE_REDUCTION,
            audits_=[],
            scope=spec.reduced_scope,
            reasons="Scope reduced at the client's request: it no longer carries out groundworks.",
        )
    else:
        raise ValueError(f"Unknown certificate state in the demo: {state}")
