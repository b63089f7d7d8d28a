"""Demo data of internal audits: Acme's audit programme for the current year with its
processes (importance set, risk level read from the risk register, frequency suggested),
three completed audits earlier in the year — answered checklists, findings, two of them
nonconformities carried into the NC register — and the planned audits for the rest of the
year, then the programme approved with the quality manager's signature.

The internal auditor (Aidan Archer) leads every audit: he owns no process, so auditor
independence holds; the quality manager joins as a team member only for processes he does
not own. Past audits go through the workflow today, then their dates are set back to when
they happened through core's model_update (each correction in the audit trail).

Runs after the standards, risks and nonconformities demos (INSTALLED_APPS order).
Idempotent: nothing is written when Acme already has a programme for the year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from qms.accounts.models import User
from qms.core.services import model_update
from qms.core.workflow import model_transition
from qms.organizations.models import Organization, Process

from . import events, services
from .models import Audit, AuditProgramme, ChecklistItem, ProgrammeProcess

PASSWORD = "demo"  # noqa: S105 - the demo users' password (organizations/demo.py)
QUALITY = "quality@acme.example"
AUDITOR = "auditor@acme.example"
PROCESS = "process@acme.example"
EMPLOYEE = "employee@acme.example"

IMPORTANCE = {"P-01": "medium", "P-02": "medium", "P-03": "high", "P-04": "high"}


@dataclass(frozen=True)
class Past:
    title: str
    process: str
    clauses: tuple[str, ...]
    months_ago: int
    graded: tuple[tuple[str, str, str], ...]  # (answer, notes, evidence) for the first items
    close: bool = False


PAST: tuple[Past, ...] = (
    Past(
        "Measuring equipment and calibration",
        "P-04",
        ("7.1.5",),
        7,
        (
            (
                "minor",
                "Two height gauges in the inspection room carried no calibration label and "
                "were not on the recall list.",
                "Gauges HG-07 and HG-11 seen on bench 3; recall list of 3 March.",
            ),
            (
                "observation",
                "Calibration certificates are filed by supplier, which makes a gauge's "
                "history slow to find.",
                "Certificate folder, inspection office.",
            ),
        ),
    ),
    Past(
        "Sales and contract review",
        "P-01",
        ("8.2",),
        5,
        (
            (
                "improvement",
                "A checklist of the customer's drawing requirements would speed up the "
                "review of rail orders.",
                "Orders 4711 and 4730 reviewed with the sales engineer.",
            ),
        ),
        close=True,
    ),
    Past(
        "Machining and assembly: control of production",
        "P-03",
        ("8.5.1",),
        3,
        (
            (
                "major",
                "Work instructions on the CNC cell refer to a superseded drawing revision "
                "(C instead of D) and two batches were made to it.",
                "Traveller of batch 26-118; drawing register; operator interview.",
            ),
            (
                "observation",
                "First-off inspection records are kept on paper at the machine and scanned weekly.",
                "First-off sheets, CNC cell 2.",
            ),
        ),
    ),
)


def _answer_all(audit: Audit, spec: Past, actor: Any) -> None:
    from . import checklists

    answer = getattr(checklists, "checklist_answer", None)
    items = list(
        ChecklistItem.objects.for_organization(audit.organization_id)
        .filter(audit=audit)
        .order_by("position", "id")
    )
    if answer is None or not items:
        raise RuntimeError("The checklist half (checklists.checklist_answer) is not installed.")
    for index, item in enumerate(items):
        if index < len(spec.graded):
            grade, notes, evidence = spec.graded[index]
        else:
            grade, notes, evidence = "conform", "", "Seen during the audit."
        answer(actor=actor, item=item, answer=grade, notes=notes, evidence_notes=evidence)


def _backdate(audit: Audit, actor: Any, *, reported: dt.date) -> Audit:
    """The report (and closing) dates of a past audit; the audit's own dates were set when it
    was planned, so the report's signature covers them and stays valid."""
    data: dict[str, Any] = {"reported_on": reported}
    if audit.closed_on is not None:
        data["closed_on"] = reported + dt.timedelta(days=20)
    updated, _changed = model_update(
        actor=actor,
        instance=audit,
        data=data,
        fields=tuple(data),
        event_type=events.AUDIT_UPDATED,
        details={
            "reason": "Demo data: the dates on which this past audit was reported and closed."
        },
    )
    return updated


def _past_audit(
    acme: Organization,
    spec: Past,
    programme: AuditProgramme | None,
    users: dict[str, User],
    processes: dict[str, Process],
    clauses: dict[str, Any],
    today: dt.date,
) -> Audit:
    process = processes[spec.process]
    lead, quality = users[AUDITOR], users[QUALITY]
    month = (today.replace(day=1) - dt.timedelta(days=30 * spec.months_ago)).replace(day=1)
    held = month + dt.timedelta(days=9)
    audit = services.audit_create(
        actor=quality,
        organization=acme,
        data={
            "title": spec.title,
            "programme": programme if programme and programme.year == month.year else None,
            "processes": [process],
            "clauses": [clauses[n] for n in spec.clauses if n in clauses],
            "scope": f"The {process.name.lower()} process at the Sheffield works.",
            "lead_auditor": lead,
            "auditors": [quality] if process.owner_id != quality.pk else [],
            "auditees": [process.owner] if process.owner else [],
            "planned_month": month,
            "start_on": held,
            "end_on": held,
            "plan": (
                "## Agenda\n\n- 09:00 opening meeting\n- 09:30 records and interviews\n"
                "- 14:00 walk-through of the area\n- 16:00 closing meeting"
            ),
            "conclusion": "The process is effective; see the findings for what to improve.",
        },
    )
    audit = model_transition(actor=lead, instance=audit, transition="start")
    _answer_all(audit, spec, lead)
    audit = model_transition(
        actor=lead, instance=audit, transition="report", password=PASSWORD, meaning="released"
    )
    if spec.close:
        audit = model_transition(actor=quality, instance=audit, transition="close")
    return _backdate(audit, quality, reported=held + dt.timedelta(days=4))


@transaction.atomic
def load(*, stdout: Any) -> None:
    from qms.standards.selectors import clause_choices

    today = timezone.localdate()
    acme = Organization.objects.filter(slug="acme").first()
    if acme is None:
        return
    users = {u.email: u for u in User.objects.filter(email__in=[QUALITY, AUDITOR, PROCESS])}
    if len(users) != 3:
        return
    if AuditProgramme.objects.for_organization(acme).filter(year=today.year).exists():
        return
    processes = {
        p.code: p
        for p in Process.objects.for_organization(acme)
        .filter(status="active")
        .select_related("owner")
    }
    clauses = {
        c.number: c
        for c in clause_choices(organization=acme).filter(edition__urn="urn:qms:iso:9001:2015")
    }
    quality = users[QUALITY]
    programme = services.programme_create(
        actor=quality,
        organization=acme,
        data={
            "year": today.year,
            "title": f"Internal audit programme {today.year}",
            "objectives": (
                "- Audit every process at least once and every clause of ISO 9001 over three "
                "years.\n- Audit more often where risks are high or the last audit found "
                "nonconformities.\n- Verify the corrective actions of last year's findings."
            ),
        },
    )
    past = [
        _past_audit(acme, spec, programme, users, processes, clauses, today)
        for spec in PAST
        if spec.process in processes
    ]
    for code in sorted(processes):
        services.programme_process_add(
            actor=quality,
            programme=programme,
            data={"process": processes[code], "importance": IMPORTANCE.get(code, "low")},
        )
    planned = services.programme_plan(actor=quality, programme=programme)
    model_transition(
        actor=quality,
        instance=programme,
        transition="approve",
        password=PASSWORD,
        meaning="approved",
    )
    rows = ProgrammeProcess.objects.for_organization(acme).filter(programme=programme).count()
    stdout.write(
        f"Internal audits: programme {today.year} with {rows} processes, {len(past)} completed "
        f"and {len(planned)} planned audits at {acme.name}."
    )
