"""The builders of the §9.3.2 input sections: each reads the live records of the period
(`start`..`end`, both days included) of one organization in a constant number of queries
and returns figures, links to the records and whether there was anything to report.

Other apps are read through their selectors where they have one for the purpose, else
through their models with aggregate queries (never a query per row)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.db.models import Avg, Count, Q

from qms.core.indicators import indicator_value

from .registry import SectionData, figure, link

ROW_LIMIT = 50  # links listed per section (the figures count every record)


# --- a) status of actions from previous management reviews ----------------------------------


def previous_actions(organization: Any, start: date, end: date) -> SectionData:
    from qms.actions.choices import ActionStatus

    from ..choices import HELD_STATES
    from ..models import Output

    outputs = list(
        Output.objects.for_organization(organization)
        .filter(review__status__in=HELD_STATES, review__period_end__lt=start)
        .select_related("action", "action__owner", "review")
        .order_by("review__held_on", "id")
    )
    if not outputs:
        return SectionData(
            no_data=True, note="No output of an earlier management review is on record."
        )
    counts: Counter[str] = Counter()
    rows = []
    for output in outputs:
        action = output.action
        overdue = action.is_open and action.due_date < end  # overdue_q, on the period's end
        state = "overdue" if overdue else action.status
        counts[state] += 1
        if action.is_open or (
            action.completed_at is not None and action.completed_at.date() >= start
        ):
            rows.append(
                link(
                    action,
                    detail=f"{output.review.number} · {action.get_status_display()}"
                    + (" · overdue" if overdue else "")
                    + f" · due {action.due_date:%Y-%m-%d} · {action.owner}",
                )
            )
    return SectionData(
        figures=[
            figure("Actions from earlier reviews", len(outputs)),
            figure("Done", counts[ActionStatus.DONE]),
            figure("Open, on time", counts[ActionStatus.OPEN] + counts[ActionStatus.IN_PROGRESS]),
            figure("Overdue", counts["overdue"]),
            figure("Cancelled", counts[ActionStatus.CANCELLED]),
        ],
        rows=rows[:ROW_LIMIT],
    )


# --- b) changes in external and internal issues ---------------------------------------------


def context_changes(organization: Any, start: date, end: date) -> SectionData:
    from qms.context.models import ClimateDecision, ContextIssue

    issues = list(
        ContextIssue.objects.for_organization(organization)
        .filter(
            Q(created_at__date__range=(start, end))
            | Q(updated_at__date__range=(start, end))
            | Q(retired_on__range=(start, end))
        )
        .order_by("title")
    )
    decisions = list(
        ClimateDecision.objects.for_organization(organization)
        .filter(decided_on__range=(start, end))
        .order_by("decided_on", "id")
    )
    added = [i for i in issues if start <= i.created_at.date() <= end]
    retired = [i for i in issues if i.retired_on and start <= i.retired_on <= end]
    changed = [i for i in issues if i not in added and i not in retired]
    rows = []
    for label, group in (("added", added), ("changed", changed), ("retired", retired)):
        for issue in group:
            rows.append(
                link(
                    issue,
                    number="Issue",
                    detail=f"{label} · {issue.get_origin_display()}",
                )
            )
    for decision in decisions:
        rows.append(
            link(
                decision,
                number="Climate decision",
                title=str(decision),
                detail=f"decided {decision.decided_on:%Y-%m-%d}",
            )
        )
    return SectionData(
        figures=[
            figure("Issues added", len(added)),
            figure("Issues changed", len(changed)),
            figure("Issues retired", len(retired)),
            figure("Climate-change decisions", len(decisions)),
        ],
        rows=rows[:ROW_LIMIT],
        no_data=not rows,
        note="" if rows else "No context issue or climate decision changed in the period.",
    )


# --- c) 1) customer satisfaction and feedback from interested parties ------------------------


def customer_feedback(organization: Any, start: date, end: date) -> SectionData:
    from qms.complaints.choices import ComplaintStatus
    from qms.complaints.models import Complaint
    from qms.complaints.selectors import received_between
    from qms.surveys.models import Survey, SurveyAnswer

    surveys = list(
        Survey.objects.for_organization(organization)
        .filter(responses__submitted_at__date__range=(start, end))
        .annotate(n=Count("responses", distinct=True))
        .order_by("title")
    )
    means = {
        row["question__kind"]: row["mean"]
        for row in SurveyAnswer.objects.filter(
            response__organization_id=organization.pk,
            response__submitted_at__date__range=(start, end),
            rating__isnull=False,
        )
        .values("question__kind")
        .annotate(mean=Avg("rating"))
        .order_by()
    }
    complaints = list(
        received_between(
            Complaint.objects.for_organization(organization), start=start, end=end
        ).order_by("received_on", "id")
    )
    closed = sum(1 for c in complaints if c.status == ComplaintStatus.CLOSED)
    responses = sum(s.n for s in surveys)
    rows = [link(s, number="Survey", title=str(s), detail=f"{s.n} responses") for s in surveys]
    rows += [
        link(
            c,
            title=c.customer_name,
            detail=f"received {c.received_on:%Y-%m-%d} · {c.get_status_display()}",
        )
        for c in complaints
    ]
    figures = [
        figure("Survey responses", responses),
        figure(
            "Mean rating (1-5)",
            round(float(means["rating_5"]), 2) if means.get("rating_5") is not None else "—",
        ),
        figure(
            "Mean rating (0-10)",
            round(float(means["rating_10"]), 2) if means.get("rating_10") is not None else "—",
        ),
        figure("Complaints received", len(complaints)),
        figure("Complaints closed", closed),
        figure("Complaints still open", len(complaints) - closed),
    ]
    return SectionData(
        figures=figures,
        rows=rows[:ROW_LIMIT],
        no_data=not rows,
        note="" if rows else "No survey response and no complaint in the period.",
    )


# --- c) 2) extent to which quality objectives have been met ----------------------------------


def objectives_met(organization: Any, start: date, end: date) -> SectionData:
    from qms.objectives.choices import ObjectiveStatus, Performance
    from qms.objectives.models import QualityObjective
    from qms.objectives.selectors import performance_of, with_latest

    objectives = list(
        with_latest(
            QualityObjective.objects.for_organization(organization)
            .filter(start_date__lte=end, due_date__gte=start)
            .exclude(status__in=(ObjectiveStatus.DRAFT, ObjectiveStatus.CANCELLED))
            .select_related("owner")
            .order_by("number")
        )
    )
    if not objectives:
        return SectionData(no_data=True, note="No quality objective ran during the period.")
    counts: Counter[str] = Counter()
    rows = []
    for objective in objectives:
        shown: Any = objective  # target_label and latest_value_label: objectives' properties
        performance = performance_of(objective, today=end)
        counts[performance] += 1
        rows.append(
            link(
                objective,
                detail=f"{objective.get_status_display()} · {Performance(performance).label}"
                f" · target {shown.target_label}"
                f" · latest {shown.latest_value_label or '—'}",
            )
        )
    labels = [str(p.label) for p in Performance]
    values = [counts[p.value] for p in Performance]
    return SectionData(
        figures=[
            figure("Objectives", len(objectives)),
            figure("Achieved", sum(1 for o in objectives if o.status == ObjectiveStatus.ACHIEVED)),
            figure(
                "Not achieved",
                sum(1 for o in objectives if o.status == ObjectiveStatus.NOT_ACHIEVED),
            ),
            *[figure(str(p.label), counts[p.value]) for p in Performance],
        ],
        rows=rows[:ROW_LIMIT],
        series={
            "title": "Objectives by performance",
            "unit": "",
            "labels": labels,
            "values": values,
        },
    )


# --- c) 3) process performance and conformity of products and services ---------------------


def process_performance(organization: Any, start: date, end: date) -> SectionData:
    from qms.nonconformities.models import Nonconformity
    from qms.nonconformities.selectors import reported_between
    from qms.objectives.models import QualityObjective
    from qms.organizations.choices import ProcessStatus
    from qms.organizations.models import Process

    processes = list(
        Process.objects.for_organization(organization)
        .filter(status=ProcessStatus.ACTIVE)
        .select_related("owner")
        .order_by("sequence", "name")
    )
    if not processes:
        return SectionData(no_data=True, note="No active process is on record.")
    ncs = Counter(
        dict(
            reported_between(
                Nonconformity.objects.for_organization(organization), start=start, end=end
            )
            .filter(process__isnull=False)
            .values_list("process_id")
            .annotate(n=Count("id"))
            .order_by()
        )
    )
    objectives = Counter(
        dict(
            QualityObjective.objects.for_organization(organization)
            .filter(start_date__lte=end, due_date__gte=start)
            .values_list("processes")
            .annotate(n=Count("id"))
            .order_by()
        )
    )
    rows = [
        link(
            p,
            number=p.code or "Process",
            title=p.name,
            detail=f"owner {p.owner or '—'} · {objectives[p.pk]} objectives"
            f" · {ncs[p.pk]} NCs in period",
        )
        for p in processes
    ]
    return SectionData(
        figures=[
            figure("Active processes", len(processes)),
            figure("Processes with an NC in the period", sum(1 for p in processes if ncs[p.pk])),
            figure("NCs with a process", sum(ncs.values())),
        ],
        rows=rows[:ROW_LIMIT],
        series={
            "title": "Nonconformities per process in the period",
            "unit": "NCs",
            "labels": [p.code or p.name for p in processes],
            "values": [ncs[p.pk] for p in processes],
        },
    )


# --- c) 4) nonconformities and corrective actions ---------------------------------------------


def nonconformities(organization: Any, start: date, end: date) -> SectionData:
    from qms.nonconformities.choices import OPEN_STATES, Severity
    from qms.nonconformities.models import Nonconformity
    from qms.nonconformities.selectors import closed_between, reported_between

    base = Nonconformity.objects.for_organization(organization)
    reported = list(
        reported_between(base, start=start, end=end)
        .select_related("process")
        .order_by("detected_on", "id")
    )
    closed = closed_between(base, start=start, end=end).count()
    open_majors = base.filter(status__in=OPEN_STATES, severity=Severity.MAJOR).count()
    # The same figure as the objectives' indicator and the improvement dashboard.
    on_time = indicator_value(
        "nonconformities.closed_on_time_pct",
        organization.pk,
        start=start,
        end=end,
    )
    if not reported and not closed and not open_majors:
        return SectionData(
            no_data=True,
            figures=[figure("Open major NCs", 0)],
            note="No nonconformity was reported or closed in the period.",
        )
    rows = [
        link(
            nc,
            detail=f"{nc.get_severity_display()} · {nc.get_source_display()}"
            f" · {nc.get_status_display()} · detected {nc.detected_on:%Y-%m-%d}"
            + (f" · {nc.process}" if nc.process_id else ""),
        )
        for nc in reported
    ]
    by_source = Counter(nc.get_source_display() for nc in reported)
    return SectionData(
        figures=[
            figure("Reported in the period", len(reported)),
            figure("Closed in the period", closed),
            figure("Open major NCs", open_majors),
            figure(
                "Closed on time (by the check date plus the grace)",
                f"{round(on_time, 1)} %" if on_time is not None else "—",
            ),
            figure(
                "Reported from internal audits",
                sum(1 for nc in reported if nc.source == "internal_audit"),
            ),
        ],
        rows=rows[:ROW_LIMIT],
        series={
            "title": "NCs reported in the period by source",
            "unit": "NCs",
            "labels": list(by_source),
            "values": list(by_source.values()),
        }
        if by_source
        else None,
    )


# --- c) 5) monitoring and measurement results ---------------------------------------------------


def monitoring_results(organization: Any, start: date, end: date) -> SectionData:
    from qms.objectives.models import Measurement

    measurements = list(
        Measurement.objects.for_organization(organization)
        .filter(period__range=(start, end), voided=False)
        .select_related("objective")
        .order_by("objective__number", "period")
    )
    if not measurements:
        return SectionData(no_data=True, note="No measurement was recorded for the period.")
    latest: dict[int, Any] = {}
    count: Counter[int] = Counter()
    for m in measurements:
        latest[m.objective_id] = m
        count[m.objective_id] += 1
    rows = [
        link(
            m.objective,
            detail=f"{count[m.objective_id]} measurements · latest {m.period:%Y-%m}: "
            f"{m.value_label} {m.objective.unit}".rstrip(),
        )
        for m in latest.values()
    ]
    return SectionData(
        figures=[
            figure("Measurements in the period", len(measurements)),
            figure("Objectives measured", len(latest)),
        ],
        rows=rows[:ROW_LIMIT],
    )


# --- c) 6) audit results ------------------------------------------------------------------------


def audit_results(organization: Any, start: date, end: date) -> SectionData:
    from qms.internal_audits.selectors import audit_results as results_of

    results = results_of(organization=organization, start=start, end=end)
    grades = dict(results.findings_by_grade)
    rows = [
        link(audit, detail=f"reported {audit.reported_on:%Y-%m-%d}" if audit.reported_on else "")
        for audit in results.audits
    ]
    nothing = not results.planned and not results.completed and not rows
    return SectionData(
        figures=[
            figure("Internal audits planned", results.planned),
            figure("Completed", results.completed),
            figure("Overdue", results.overdue),
            *[figure(f"Findings: {grade}", n) for grade, n in sorted(grades.items())],
            figure("Open NCs from audit findings", results.open_nonconformities),
        ],
        rows=rows[:ROW_LIMIT],
        no_data=nothing,
        note=(
            "No internal audit was planned or completed in the period."
            if nothing
            else "External audit results are written below by hand until the certification "
            "module exists."
        ),
        series={
            "title": "Internal audit findings by grade",
            "unit": "findings",
            "labels": list(grades),
            "values": list(grades.values()),
        }
        if grades
        else None,
    )


# --- e) effectiveness of actions taken to address risks and opportunities ----------------------


def risk_actions(organization: Any, start: date, end: date) -> SectionData:
    from django.contrib.contenttypes.models import ContentType

    from qms.actions.choices import ActionStatus
    from qms.actions.models import Action
    from qms.risks.choices import OPEN_STATES
    from qms.risks.models import Risk, RiskReview
    from qms.risks.rules import review_overdue

    risks = list(
        Risk.objects.for_organization(organization)
        .filter(status__in=OPEN_STATES)
        .only(
            "number",
            "title",
            "kind",
            "status",
            "inherent_score",
            "residual_score",
            "next_review_on",
        )
        .order_by("number")
    )
    content_type = ContentType.objects.get_for_model(Risk)
    treatments = Counter(
        dict(
            Action.objects.for_organization(organization)
            .filter(
                origin_type=content_type,
                status=ActionStatus.DONE,
                completed_at__date__range=(start, end),
            )
            .values_list("origin_id")
            .annotate(n=Count("id"))
            .order_by()
        )
    )
    reviewed = RiskReview.objects.filter(
        risk__organization=organization, reviewed_on__range=(start, end)
    ).count()
    if not risks and not treatments and not reviewed:
        return SectionData(no_data=True, note="The risk register has no open entry.")
    overdue = [
        r
        for r in risks
        if review_overdue(status=r.status, next_review_on=r.next_review_on, today=end)
    ]
    rated = [r for r in risks if r.inherent_score and r.residual_score]
    reduced = [r for r in rated if (r.residual_score or 0) < (r.inherent_score or 0)]
    rows = [
        link(
            r,
            detail=f"{r.get_kind_display()} · inherent {r.inherent_score or '—'}"
            f" → residual {r.residual_score or '—'}"
            + (f" · {treatments[r.pk]} treatment actions done" if treatments[r.pk] else "")
            + (" · review overdue" if r in overdue else ""),
        )
        for r in risks
        if treatments[r.pk] or r in overdue or r in reduced
    ]
    return SectionData(
        figures=[
            figure("Open entries", len(risks)),
            figure("Treatment actions done in the period", sum(treatments.values())),
            figure("Residual below inherent", f"{len(reduced)} of {len(rated)}"),
            figure("Reviews in the period", reviewed),
            figure("Reviews overdue", len(overdue)),
        ],
        rows=rows[:ROW_LIMIT],
    )


# --- f) opportunities for improvement ---------------------------------------------------------


def improvement(organization: Any, start: date, end: date) -> SectionData:
    from qms.actions.choices import ActionKind
    from qms.actions.models import Action
    from qms.internal_audits.selectors import audit_results as results_of
    from qms.risks.choices import OPEN_STATES, RiskKind
    from qms.risks.models import Risk

    findings = int(
        results_of(organization=organization, start=start, end=end).findings_by_grade.get(
            "improvement", 0
        )
    )
    opportunities = list(
        Risk.objects.for_organization(organization)
        .filter(kind=RiskKind.OPPORTUNITY, status__in=OPEN_STATES)
        .order_by("number")
    )
    actions = list(
        Action.objects.for_organization(organization)
        .filter(kind=ActionKind.IMPROVEMENT, created_at__date__range=(start, end))
        .select_related("owner")
        .order_by("due_date", "id")
    )
    if not findings and not opportunities and not actions:
        return SectionData(
            no_data=True,
            note="No improvement finding, open opportunity or improvement action in the period.",
        )
    rows = [link(r, detail=f"opportunity · {r.get_status_display()}") for r in opportunities]
    rows += [
        link(a, detail=f"improvement action · {a.get_status_display()} · {a.owner}")
        for a in actions
    ]
    return SectionData(
        figures=[
            figure("Improvement findings from internal audits", findings),
            figure("Open opportunities in the risk register", len(opportunities)),
            figure("Improvement actions raised", len(actions)),
        ],
        rows=rows[:ROW_LIMIT],
    )
