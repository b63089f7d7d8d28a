"""Reads of internal audits: lists, the programme's facts (risk level, previous result),
the calendar and matrix, clause coverage, results for management review and readiness, KPIs.
Every function runs a fixed number of queries, however many rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from qms.core.dates import add_months

from . import rules
from .choices import (
    COMPLETED_STATES,
    NONCONFORMITY_GRADES,
    NOT_DONE_STATES,
    AuditStatus,
    ChecklistAnswer,
    FindingStatus,
)
from .models import Audit, AuditProgramme, ChecklistItem, Finding, ProgrammeProcess

# --- Lists ------------------------------------------------------------------------------


def audit_list(*, user: Any, organization: Any) -> QuerySet[Audit]:
    """Audits the user may see, with what the list, its export and the API list show (no
    query per row): the lead auditor joined, the processes prefetched for the page only; not
    the programme (the list shows none; the API list gives its id) nor the long texts."""
    return (
        Audit.objects.for_user(user, "view", organization=organization)
        .select_related("lead_auditor")
        .defer("scope", "plan", "conclusion")
        .prefetch_related("processes")
    )


def programme_list(*, user: Any, organization: Any) -> QuerySet[AuditProgramme]:
    return AuditProgramme.objects.for_user(user, "view", organization=organization)


def programme_rows(*, programme: AuditProgramme) -> list[ProgrammeProcess]:
    return list(
        ProgrammeProcess.objects.for_organization(programme.organization_id)
        .filter(programme=programme)
        .select_related("process", "process__owner")
        .order_by("process__name", "id")
    )


def programme_for_year(*, organization: Any, year: int) -> AuditProgramme | None:
    return AuditProgramme.objects.for_organization(organization).filter(year=year).first()


def programme_audits(*, programme: AuditProgramme) -> list[Audit]:
    """The programme's audits (cancelled ones included, shown as such), by month."""
    return list(
        Audit.objects.for_organization(programme.organization_id)
        .filter(programme=programme)
        .select_related("lead_auditor")
        .prefetch_related("processes")
        .order_by("planned_month", "number")
    )


# --- Facts behind the programme ---------------------------------------------------------


def process_risk_levels(*, organization: Any, process_ids: Iterable[int]) -> dict[int, str]:
    """{process pk: highest current level of its open risks} from the risk register: the
    residual band when rated, else the inherent band (risks link to processes by M2M)."""
    from qms.risks.choices import OPEN_STATES, RiskKind
    from qms.risks.models import Risk

    ids = list(process_ids)
    bands: dict[int, list[str]] = defaultdict(list)
    through = Risk.processes.through
    rows = (
        through.objects.filter(
            process_id__in=ids,
            risk__organization=organization,
            risk__kind=RiskKind.RISK,
            risk__status__in=OPEN_STATES,
        )
        .values_list("process_id", "risk__residual_band", "risk__inherent_band")
        .order_by()
    )
    for process_id, residual, inherent in rows:
        bands[process_id].append(residual or inherent)
    return {pk: rules.risk_level(bands.get(pk, [])) for pk in ids}


def process_previous_results(
    *, organization: Any, process_ids: Iterable[int], before: date | None = None
) -> dict[int, str]:
    """{process pk: result of its last completed audit} (its worst finding), 'not_audited'
    for a process never audited. `before`: only audits reported before that day."""
    ids = list(process_ids)
    audits = Audit.objects.for_organization(organization).filter(
        status__in=COMPLETED_STATES, processes__in=ids, reported_on__isnull=False
    )
    if before is not None:
        audits = audits.filter(reported_on__lt=before)
    latest: dict[int, tuple[date, int]] = {}
    through = Audit.processes.through
    for process_id, audit_id, reported_on in (
        through.objects.filter(audit__in=audits, process_id__in=ids)
        .values_list("process_id", "audit_id", "audit__reported_on")
        .order_by()
    ):
        if reported_on is None:
            continue
        if process_id not in latest or (reported_on, audit_id) > latest[process_id]:
            latest[process_id] = (reported_on, audit_id)
    grades: dict[int, list[str]] = defaultdict(list)
    for audit_id, grade in (
        Finding.objects.for_organization(organization)
        .filter(status=FindingStatus.RAISED)
        .filter(audit_id__in={audit_id for _on, audit_id in latest.values()})
        .values_list("audit_id", "grade")
    ):
        grades[audit_id].append(grade)
    return {
        pk: rules.previous_result(grades.get(latest[pk][1], []) if pk in latest else None)
        for pk in ids
    }


# --- Calendar and matrix --------------------------------------------------------------------


@dataclass
class MatrixCell:
    month: int
    year: int = 0
    audits: list[Audit] = field(default_factory=list)

    @property
    def month_label(self) -> str:
        return date(self.year or 2000, self.month, 1).strftime("%B")

    @property
    def status(self) -> str:
        """The cell's state for colour and text: done, in_progress, planned, overdue,
        cancelled, or '' when nothing is planned."""
        if not self.audits:
            return ""
        states = {audit.status for audit in self.audits}
        for state in (AuditStatus.PLANNED, AuditStatus.IN_PROGRESS):
            if state in states:
                return str(state)
        if states & set(COMPLETED_STATES):
            return "done"
        return str(AuditStatus.CANCELLED)


@dataclass
class MatrixRow:
    row: ProgrammeProcess | None
    process: Any
    cells: list[MatrixCell]


def programme_matrix(*, programme: AuditProgramme) -> list[MatrixRow]:
    """Processes x months of the programme's year (3 queries)."""
    rows = programme_rows(programme=programme)
    audits = programme_audits(programme=programme)
    by_process: dict[int, list[Audit]] = defaultdict(list)
    for audit in audits:
        for process in audit.processes.all():
            by_process[process.pk].append(audit)
    matrix = []
    for row in rows:
        cells = [MatrixCell(month=m, year=programme.year) for m in range(1, 13)]
        for audit in by_process.get(row.process_id, []):
            if audit.planned_month.year == programme.year:
                cells[audit.planned_month.month - 1].audits.append(audit)
        matrix.append(MatrixRow(row=row, process=row.process, cells=cells))
    return matrix


def programme_calendar(*, programme: AuditProgramme) -> list[tuple[date, list[Audit]]]:
    """The twelve months of the programme's year with their audits."""
    audits = programme_audits(programme=programme)
    months: list[tuple[date, list[Audit]]] = [
        (date(programme.year, m, 1), []) for m in range(1, 13)
    ]
    for audit in audits:
        if audit.planned_month.year == programme.year:
            months[audit.planned_month.month - 1][1].append(audit)
    return months


def audits_between(*, organization: Any, first: date, last: date) -> list[Audit]:
    """Audits planned or held between two days (the core calendar feed)."""
    return list(
        Audit.objects.for_organization(organization)
        .exclude(status=AuditStatus.CANCELLED)
        .filter(
            Q(planned_month__gte=rules.month_start(first), planned_month__lte=last)
            | Q(start_on__lte=last, end_on__gte=first)
        )
        .select_related("lead_auditor")
        .order_by("planned_month", "number")
    )


# --- Contracts for management review and readiness ------------------------------------------


def clause_coverage(*, organization: Any, since: date | None) -> dict[int, date]:
    """{clause pk: latest reported_on of a completed audit whose criteria include it}."""
    audits = Audit.objects.for_organization(organization).filter(
        status__in=COMPLETED_STATES, reported_on__isnull=False
    )
    if since is not None:
        audits = audits.filter(reported_on__gte=since)
    coverage: dict[int, date] = {}
    for clause_id, reported_on in (
        Audit.clauses.through.objects.filter(audit__in=audits)
        .values_list("clause_id", "audit__reported_on")
        .order_by()
    ):
        if reported_on is None:
            continue
        if clause_id not in coverage or reported_on > coverage[clause_id]:
            coverage[clause_id] = reported_on
    return coverage


@dataclass
class AuditResults:
    planned: int
    completed: int
    findings_by_grade: dict[str, int]
    open_nonconformities: int
    overdue: int
    audits: list[Audit]


def _overdue_q(today: date) -> Q:
    return Q(status__in=NOT_DONE_STATES, planned_month__lt=rules.month_start(today))


def audit_results(
    *, organization: Any, start: date, end: date, today: date | None = None
) -> AuditResults:
    """What the internal audits of a period show (management review input, §9.3.2)."""
    from qms.nonconformities.choices import NonconformityStatus

    today = today or timezone.localdate()
    scoped = Audit.objects.for_organization(organization)
    counts = scoped.aggregate(
        planned=Count(
            "pk",
            filter=Q(planned_month__gte=rules.month_start(start), planned_month__lte=end)
            & ~Q(status=AuditStatus.CANCELLED),
        ),
        overdue=Count("pk", filter=_overdue_q(today)),
    )
    completed = list(
        scoped.filter(
            status__in=COMPLETED_STATES, reported_on__gte=start, reported_on__lte=end
        ).order_by("reported_on", "number")
    )
    findings = Finding.objects.for_organization(organization).filter(
        audit__in=completed, status=FindingStatus.RAISED
    )
    by_grade = {
        row["grade"]: row["n"]
        for row in findings.values("grade").annotate(n=Count("pk")).order_by()
    }
    open_ncs = (
        findings.filter(nonconformity__isnull=False)
        .exclude(nonconformity__status=NonconformityStatus.CLOSED)
        .values("nonconformity")
        .distinct()
        .count()
    )
    return AuditResults(
        planned=counts["planned"],
        completed=len(completed),
        findings_by_grade=by_grade,
        open_nonconformities=open_ncs,
        overdue=counts["overdue"],
        audits=completed,
    )


def overdue_audits(*, organization: Any, today: date) -> QuerySet[Audit]:
    return Audit.objects.for_organization(organization).filter(_overdue_q(today))


# --- One audit ----------------------------------------------------------------------------


@dataclass
class ChecklistSummary:
    total: int
    answered: int
    by_answer: dict[str, int]

    @property
    def unanswered(self) -> int:
        return self.total - self.answered


def checklist_summary(*, audit: Audit) -> ChecklistSummary:
    rows = (
        ChecklistItem.objects.for_organization(audit.organization_id)
        .filter(audit=audit)
        .values("answer")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_answer = {row["answer"]: row["n"] for row in rows}
    total = sum(by_answer.values())
    return ChecklistSummary(
        total=total,
        answered=total - by_answer.get(ChecklistAnswer.BLANK, 0),
        by_answer=by_answer,
    )


def findings_of(*, audit: Audit) -> list[Finding]:
    """The audit's findings, withdrawn ones included (the page shows them as withdrawn)."""
    return list(
        Finding.objects.for_organization(audit.organization_id)
        .filter(audit=audit)
        .select_related("clause", "nonconformity", "withdrawn_by")
        .order_by("number", "id")
    )


def findings_blocking_close(*, audit: Audit) -> list[str]:
    """Numbers of nonconformity findings whose NC record is missing or not closed."""
    from qms.nonconformities.choices import NonconformityStatus

    return list(
        Finding.objects.for_organization(audit.organization_id)
        .filter(audit=audit, grade__in=NONCONFORMITY_GRADES, status=FindingStatus.RAISED)
        .filter(
            Q(nonconformity__isnull=True) | ~Q(nonconformity__status=NonconformityStatus.CLOSED)
        )
        .order_by("number")
        .values_list("number", flat=True)
    )


def planned_not_started(*, first: date) -> list[Audit]:
    """Audits planned for the month starting `first` and not started (reminder rule)."""
    return list(
        Audit._base_manager.filter(status=AuditStatus.PLANNED, planned_month=first).select_related(
            "lead_auditor", "organization"
        )
    )


def audit_detail_queryset(*, user: Any, organization: Any) -> QuerySet[Audit]:
    return (
        Audit.objects.for_user(user, "view", organization=organization)
        .select_related("lead_auditor", "programme", "previous")
        .prefetch_related(
            "processes",
            "auditors",
            "auditees",
            Prefetch("clauses", queryset=_clause_queryset()),
        )
    )


def _clause_queryset() -> QuerySet[Any]:
    from qms.standards.models import Clause

    return Clause.objects.select_related("edition__standard").order_by(
        "edition__standard__code", "sort_key"
    )


@dataclass
class CoverageRow:
    clause: Any
    last_audited: date | None


def coverage_rows(*, organization: Any, since: date | None) -> list[CoverageRow]:
    """Every requirement clause of the adopted editions with its latest audit in the period
    (2 queries)."""
    from qms.standards.selectors import clause_choices

    coverage = clause_coverage(organization=organization, since=since)
    return [
        CoverageRow(clause=clause, last_audited=coverage.get(clause.pk))
        for clause in clause_choices(organization=organization)
    ]


# --- KPIs ---------------------------------------------------------------------------------


def _month_end(day: date) -> date:
    return add_months(rules.month_start(day), 1) - timedelta(days=1)


def due_by(audit: Audit) -> date:
    """An audit is on time when its report is issued by the end of the month after its
    planned month (a month's grace to write the report)."""
    return _month_end(add_months(audit.planned_month, 1))


@dataclass
class KpiPeriod:
    label: str
    start: date
    end: date
    planned: int = 0
    completed: int = 0
    on_time: int = 0
    findings: int = 0
    days_to_report: list[int] = field(default_factory=list)
    days_to_close: list[int] = field(default_factory=list)

    @staticmethod
    def _mean(values: list[int]) -> float | None:
        return round(sum(values) / len(values), 1) if values else None

    @property
    def mean_days_to_report(self) -> float | None:
        return self._mean(self.days_to_report)

    @property
    def mean_days_to_close(self) -> float | None:
        return self._mean(self.days_to_close)

    @property
    def findings_per_audit(self) -> float | None:
        return round(self.findings / self.completed, 1) if self.completed else None

    @property
    def on_time_pct(self) -> float | None:
        return round(100 * self.on_time / self.completed, 1) if self.completed else None


def audit_kpis(*, organization: Any, periods: list[tuple[str, date, date]]) -> list[KpiPeriod]:
    """Per period (quarters, months): audits planned and completed, share reported on time,
    mean days to report (from the audit's last day, or its start, to the report), findings
    per completed audit and mean days to close the findings' NCs (NC closed - report).
    Three queries whatever the number of periods or audits."""
    if not periods:
        return []
    rows = [KpiPeriod(label=label, start=start, end=end) for label, start, end in periods]
    first = min(start for _l, start, _e in periods)
    last = max(end for _l, _s, end in periods)

    def period_of(day: date | None) -> KpiPeriod | None:
        if day is None:
            return None
        for row in rows:
            if row.start <= day <= row.end:
                return row
        return None

    scoped = Audit.objects.for_organization(organization)
    for month in (
        scoped.filter(planned_month__gte=rules.month_start(first), planned_month__lte=last)
        .exclude(status=AuditStatus.CANCELLED)
        .values_list("planned_month", flat=True)
    ):
        row = period_of(month)
        if row is not None:
            row.planned += 1
    completed = list(
        scoped.filter(
            status__in=COMPLETED_STATES, reported_on__gte=first, reported_on__lte=last
        ).only("pk", "planned_month", "start_on", "end_on", "reported_on")
    )
    by_audit: dict[int, KpiPeriod] = {}
    for audit in completed:
        row = period_of(audit.reported_on)
        if row is None or audit.reported_on is None:
            continue
        by_audit[audit.pk] = row
        row.completed += 1
        if audit.reported_on <= due_by(audit):
            row.on_time += 1
        held = audit.end_on or audit.start_on
        if held is not None:
            row.days_to_report.append(max(0, (audit.reported_on - held).days))
    reported_on = {audit.pk: audit.reported_on for audit in completed}
    for audit_id, closed_at in (
        Finding.objects.for_organization(organization)
        .filter(audit_id__in=list(by_audit), status=FindingStatus.RAISED)
        .values_list("audit_id", "nonconformity__closed_at")
    ):
        row = by_audit[audit_id]
        row.findings += 1
        report = reported_on[audit_id]
        if closed_at is not None and report is not None:
            row.days_to_close.append(max(0, (timezone.localdate(closed_at) - report).days))
    return rows


def quarters(year: int) -> list[tuple[str, date, date]]:
    return [
        (f"Q{q} {year}", date(year, 3 * q - 2, 1), _month_end(date(year, 3 * q, 1)))
        for q in range(1, 5)
    ]


def months(year: int) -> list[tuple[str, date, date]]:
    return [
        (date(year, m, 1).strftime("%b %Y"), date(year, m, 1), _month_end(date(year, m, 1)))
        for m in range(1, 13)
    ]


def audits_of_user(*, user: Any) -> list[Audit]:
    """Audits (not cancelled, not closed) the user leads, audits or is audited in, in every
    organization they belong to (the personal calendar feed)."""
    from qms.accounts.models import Membership

    member_of = Membership.objects.filter(user_id=user.pk).values("organization_id")
    return list(
        Audit._base_manager.filter(
            Q(lead_auditor_id=user.pk) | Q(auditors=user) | Q(auditees=user),
            organization_id__in=member_of,
        )
        .exclude(status__in=(AuditStatus.CANCELLED, AuditStatus.CLOSED))
        .select_related("organization")
        .distinct()
        .order_by("planned_month", "id")
    )


def home_counts(*, user: Any, organization: Any, today: date) -> dict[str, int]:
    """Audits planned this month and not done, and overdue audits (one query)."""
    month = rules.month_start(today)
    result = (
        Audit.objects.for_user(user, "view", organization=organization)
        .filter(status__in=NOT_DONE_STATES)
        .aggregate(
            this_month=Count("pk", filter=Q(planned_month=month)),
            overdue=Count("pk", filter=Q(planned_month__lt=month)),
        )
    )
    return {"this_month": result["this_month"] or 0, "overdue": result["overdue"] or 0}
