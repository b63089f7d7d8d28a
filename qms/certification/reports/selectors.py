"""What an audit report shows, read in one pass (a fixed number of queries whatever the
number of findings, team members, sites or checklist items).

`audit_report_data(audit)` returns an `AuditReport`: plain values the PDF template and the
DOCX writer both read, so the two documents say the same thing. A Stage 1 audit gives the
Stage 1 report (documented review, readiness conclusion, areas of concern, the basis for
planning Stage 2); any other audit gives the audit report the body sends to the client
(ISO/IEC 17021-1 §9.4.8).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from ..body.selectors import certification_body_of
from ..choices import AuditKind, FindingGrade, FindingStatus, ResponseReview
from ..models import (
    Accreditation,
    AuditPlan,
    AuditPlanSlot,
    AuditTeamMember,
    CertAudit,
    CertChecklistItem,
    CertFinding,
    FindingResponse,
)

GRADE_ORDER: dict[str, int] = {
    FindingGrade.MAJOR.value: 0,
    FindingGrade.MINOR.value: 1,
    FindingGrade.OBSERVATION.value: 2,
    FindingGrade.CONFORMITY.value: 3,
}
ROLE_ORDER = {"lead_auditor": 0, "auditor": 1, "technical_expert": 2, "trainee": 3}


@dataclass(frozen=True)
class TeamRow:
    name: str
    email: str
    role: str


@dataclass(frozen=True)
class FindingRow:
    number: str
    grade: str
    grade_value: str
    clause: str
    site: str
    statement: str
    evidence: str
    requirement: str
    status: str
    status_value: str
    respond_by: dt.date | None
    verify_by: dt.date | None
    verified_on: dt.date | None
    response: str  # the latest round's review, e.g. "Round 2 accepted 2026-03-02"

    @property
    def is_nonconformity(self) -> bool:
        return self.grade_value in (FindingGrade.MAJOR, FindingGrade.MINOR)


@dataclass(frozen=True)
class ReviewRow:
    """One clause of the documented review (the checklist of a Stage 1, or the coverage of
    another audit)."""

    clause: str
    result: str
    notes: str
    site: str


@dataclass
class AuditReport:
    audit: CertAudit
    is_stage1: bool
    title: str
    reference: str  # e.g. "PRG-2026-0003 · Stage 2"
    body_name: str
    body_address: str
    accreditation: str
    client_name: str
    client_number: str
    client_address: str
    scope: str
    standards: list[str]
    iaf_codes: list[str]
    team: list[TeamRow]
    dates: str
    sites: list[str]
    planned_days: Decimal | None
    spent_days: Decimal | None
    time_difference: Decimal | None
    time_difference_reason: str
    findings: list[FindingRow]
    counts: list[tuple[str, int]]
    review: list[ReviewRow]
    conclusion: str
    recommendation: str
    stage1_conclusion: str
    stage1_ready: bool | None
    issues_to_fix: str
    stage2_basis: list[tuple[str, str]]
    prepared_by: str
    prepared_on: dt.date | None
    status_note: str
    generated_at: dt.datetime
    metadata: list[tuple[str, str]] = field(default_factory=list)


def _person(user: Any) -> str:
    if user is None:
        return ""
    name = user.full_name or ""
    return f"{name} ({user.email})" if name else str(user.email)


def _clause(clause: Any) -> str:
    if clause is None:
        return ""
    title = clause.title or clause.label or ""
    return f"{clause.number} {title}".strip()


def _dates(start: dt.date | None, end: dt.date | None) -> str:
    if start is None:
        return ""
    if end is None or end == start:
        return start.isoformat()
    return f"{start.isoformat()} to {end.isoformat()}"


def _days(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def report_queryset(organization_id: int) -> Any:
    """The audit with everything the report reads, prefetched."""
    return (
        CertAudit.objects.for_organization(organization_id)
        .select_related(
            "organization",
            "programme__client",
            "programme__application",
            "lead_auditor",
            "concluded_by",
        )
        .prefetch_related(
            "team",
            "sites",
            "programme__editions__standard",
            "programme__iaf_codes",
            Prefetch(
                "members",
                queryset=AuditTeamMember.objects.filter(organization_id=organization_id)
                .select_related("person")
                .order_by("id"),
            ),
            Prefetch(
                "findings",
                queryset=CertFinding.objects.filter(organization_id=organization_id)
                .select_related("clause", "site")
                .prefetch_related(
                    Prefetch(
                        "responses",
                        queryset=FindingResponse.objects.filter(
                            organization_id=organization_id
                        ).order_by("round"),
                    )
                )
                .order_by("id"),
            ),
            Prefetch(
                "checklist",
                queryset=CertChecklistItem.objects.filter(organization_id=organization_id)
                .select_related("clause", "site")
                .order_by("clause__edition_id", "clause__sort_key", "id"),
            ),
        )
    )


def _plan(audit: CertAudit) -> AuditPlan | None:
    plan: AuditPlan | None = (
        AuditPlan.objects.filter(organization_id=audit.organization_id, audit=audit)
        .prefetch_related(
            Prefetch(
                "slots",
                queryset=AuditPlanSlot.objects.filter(organization_id=audit.organization_id)
                .select_related("site")
                .order_by("day", "starts", "id"),
            )
        )
        .first()
    )
    return plan


def _team(audit: CertAudit) -> list[TeamRow]:
    members = list(audit.members.all())
    if members:
        rows = sorted(members, key=lambda m: (ROLE_ORDER.get(m.role, 9), m.id))
        return [
            TeamRow(
                name=m.person.full_name or m.person.email,
                email=m.person.email,
                role=m.get_role_display(),
            )
            for m in rows
        ]
    # Before team members were recorded per role: the lead auditor and the team.
    rows_: list[TeamRow] = []
    lead = audit.lead_auditor
    if lead is not None:
        rows_.append(
            TeamRow(name=lead.full_name or lead.email, email=lead.email, role="Lead auditor")
        )
    for user in sorted(audit.team.all(), key=lambda u: u.full_name or u.email):
        if lead is None or user.pk != lead.pk:
            rows_.append(
                TeamRow(name=user.full_name or user.email, email=user.email, role="Auditor")
            )
    return rows_


def _response_text(finding: CertFinding) -> str:
    responses = list(finding.responses.all())
    if not responses:
        return ""
    last = responses[-1]
    review = ResponseReview(last.review)
    when = last.reviewed_at or last.submitted_at
    day = timezone.localtime(when).date().isoformat() if when else ""
    if review == ResponseReview.PENDING:
        return f"Round {last.round} submitted {day}, awaiting review"
    return f"Round {last.round} {review.label.lower()} {day}".strip()


def _findings(audit: CertAudit) -> list[FindingRow]:
    found = sorted(audit.findings.all(), key=lambda f: (GRADE_ORDER.get(f.grade, 9), f.id))
    return [
        FindingRow(
            number=f.number,
            grade=f.get_grade_display(),
            grade_value=f.grade,
            clause=_clause(f.clause),
            site=f.site.name if f.site else "",
            statement=f.statement,
            evidence=f.objective_evidence,
            requirement=f.requirement,
            status=f.get_status_display(),
            status_value=f.status,
            respond_by=f.respond_by,
            verify_by=f.verify_by,
            verified_on=f.verified_on,
            response=_response_text(f),
        )
        for f in found
    ]


def _sites(audit: CertAudit, plan: AuditPlan | None) -> list[str]:
    seen: dict[int, str] = {}
    for site in audit.sites.all():
        seen[site.pk] = f"{site.name}: {' '.join(site.address.split())}"
    if plan is not None:
        for slot in plan.slots.all():
            if slot.site is not None and slot.site.pk not in seen:
                seen[slot.site.pk] = f"{slot.site.name}: {' '.join(slot.site.address.split())}"
    return list(seen.values())


def _accreditation(organization_id: int, on: dt.date) -> str:
    accreditation = (
        Accreditation.objects.filter(
            organization_id=organization_id,
            status="active",
            valid_from__lte=on,
            valid_until__gte=on,
        )
        .order_by("accreditation_body", "number")
        .first()
    )
    if accreditation is None:
        return ""
    return f"{accreditation.accreditation_body} {accreditation.number}"


def _stage2_basis(audit: CertAudit) -> list[tuple[str, str]]:
    """What the Stage 1 sets for planning Stage 2 (§9.3.1.2): the Stage 2 audit of the
    programme as now planned, the sites and the time."""
    stage2 = (
        CertAudit.objects.filter(
            organization_id=audit.organization_id, programme_id=audit.programme_id, kind="stage2"
        )
        .exclude(status="cancelled")
        .select_related("lead_auditor")
        .prefetch_related("sites")
        .order_by("-id")
        .first()
    )
    if stage2 is None:
        return [("Stage 2", "Not planned yet")]
    window = _dates(stage2.due_from, stage2.due_by)
    return [
        ("Stage 2 dates", _dates(stage2.start_date, stage2.end_date) or "Not fixed yet"),
        ("Due window", window),
        ("Auditor-days planned", _days(stage2.audit_days) or "Not set"),
        ("Lead auditor", _person(stage2.lead_auditor) or "Not assigned"),
        ("Sites to visit", "; ".join(site.name for site in stage2.sites.all()) or "Not chosen yet"),
    ]


def _review(audit: CertAudit) -> list[ReviewRow]:
    return [
        ReviewRow(
            clause=_clause(item.clause),
            result=item.get_result_display(),
            notes=item.notes,
            site=item.site.name if item.site else "",
        )
        for item in audit.checklist.all()
    ]


def _counts(findings: list[FindingRow]) -> list[tuple[str, int]]:
    return [
        (str(FindingGrade(grade).label), sum(1 for f in findings if f.grade_value == grade))
        for grade in (FindingGrade.MAJOR, FindingGrade.MINOR, FindingGrade.OBSERVATION)
    ]


def _status_note(audit: CertAudit, findings: list[FindingRow]) -> str:
    if audit.concluded_at is None:
        return "Draft: the audit is not concluded yet (its content may still change)"
    day = timezone.localtime(audit.concluded_at).date().isoformat()
    still_open = [f for f in findings if not _closed(f)]
    if still_open:
        count = len(still_open)
        noun = "nonconformity" if count == 1 else "nonconformities"
        return f"Issued {day}; {count} {noun} still open"
    return f"Issued {day}"


def _closed(finding: FindingRow) -> bool:
    """A major is closed once verified; a minor once its plan is accepted (§3.3)."""
    if finding.grade_value == FindingGrade.MAJOR:
        return finding.status_value == FindingStatus.VERIFIED
    if finding.grade_value == FindingGrade.MINOR:
        return finding.status_value in (FindingStatus.ACCEPTED, FindingStatus.VERIFIED)
    return True


def audit_report_data(audit: CertAudit) -> AuditReport:
    """Everything the report shows (no rendering here, so a test can read it)."""
    audit = report_queryset(audit.organization_id).get(pk=audit.pk)
    programme = audit.programme
    client = programme.client
    body = certification_body_of(audit.organization_id)
    plan = _plan(audit)
    findings = _findings(audit)
    is_stage1 = audit.kind == AuditKind.STAGE1
    kind = audit.get_kind_display()
    title = f"{kind} report" if is_stage1 else f"Audit report · {kind}"
    application = programme.application
    scope = (plan.scope if plan and plan.scope else "") or (
        getattr(application, "scope", "") if application else ""
    )
    standards = [str(e) for e in programme.editions.all()]
    codes = [f"{c.code} {c.title}" for c in programme.iaf_codes.all()]
    difference = (
        audit.days_spent - audit.audit_days
        if audit.days_spent is not None and audit.audit_days is not None
        else None
    )
    on = audit.end_date or audit.start_date or timezone.localdate()
    prepared = audit.concluded_by or audit.lead_auditor
    report = AuditReport(
        audit=audit,
        is_stage1=is_stage1,
        title=title,
        reference=f"{programme.number} · {kind}",
        body_name=body.name if body else audit.organization.name,
        body_address=body.address if body else "",
        accreditation=_accreditation(audit.organization_id, on),
        client_name=client.legal_name,
        client_number=client.number,
        client_address=" ".join(client.address.split()),
        scope=scope,
        standards=standards,
        iaf_codes=codes,
        team=_team(audit),
        dates=_dates(audit.start_date, audit.end_date),
        sites=_sites(audit, plan),
        planned_days=audit.audit_days,
        spent_days=audit.days_spent,
        time_difference=difference,
        time_difference_reason=audit.time_difference_reason,
        findings=findings,
        counts=_counts(findings),
        review=_review(audit),
        conclusion=audit.conclusion,
        recommendation=audit.get_recommendation_display() if audit.recommendation else "",
        stage1_conclusion=(
            audit.get_stage1_conclusion_display() if audit.stage1_conclusion else ""
        ),
        stage1_ready=(None if not audit.stage1_conclusion else audit.stage1_conclusion == "ready"),
        issues_to_fix=audit.issues_to_fix,
        stage2_basis=_stage2_basis(audit) if is_stage1 else [],
        prepared_by=_person(prepared),
        prepared_on=timezone.localtime(audit.concluded_at).date() if audit.concluded_at else None,
        status_note=_status_note(audit, findings),
        generated_at=timezone.localtime(timezone.now()),
    )
    report.metadata = [
        ("Certification body", report.body_name),
        ("Accreditation", report.accreditation or "Not accredited for this scope"),
        ("Client", f"{report.client_name} ({report.client_number})"),
        ("Address", report.client_address),
        ("Programme", programme.number),
        ("Audit", kind),
        ("Standards", ", ".join(standards)),
        ("IAF codes", "; ".join(codes)),
        ("Scope", report.scope),
        ("Audit dates", report.dates),
    ]
    if plan is not None and plan.criteria:
        report.metadata.append(("Audit criteria", plan.criteria))
    if plan is not None and plan.objectives:
        report.metadata.append(("Objectives", plan.objectives))
    return report


def time_text(report: AuditReport) -> str:
    """Audit time spent against planned, in one sentence."""
    planned, spent = report.planned_days, report.spent_days
    if planned is None and spent is None:
        return "Audit time not recorded."
    if spent is None:
        return f"Planned {_days(planned)} auditor-days; time spent not recorded yet."
    if planned is None:
        return f"{_days(spent)} auditor-days spent; no planned time recorded."
    text = f"Planned {_days(planned)} auditor-days, spent {_days(spent)}"
    if report.time_difference:
        sign = "+" if report.time_difference > 0 else ""
        text += f" (difference {sign}{_days(report.time_difference)})"
        reason = report.time_difference_reason or "no reason recorded"
        return f"{text}. Reason: {reason}"
    return f"{text}: as planned."
