"""Demo data of quality objectives: seven objectives at Acme over two years (from 1 January
last year to 31 December this year, one ending last month), with monthly (one quarterly)
measurements: four entered by hand with a realistic course, two computed from the demo
nonconformities and complaints through registered indicators (a manual objective when the
indicator is absent). Varied performance: on track, at risk, missed, one achieved. Plan
actions on two of them. Runs after nonconformities and complaints. Idempotent: nothing is
written for an organization that already has objectives.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from qms.accounts.models import User
from qms.core.indicators import indicators
from qms.core.workflow import model_transition
from qms.documents.models import Document
from qms.organizations.models import Organization, Process

from . import rules, services
from .choices import MeasurementSource
from .models import QualityObjective

QUALITY = "quality@acme.example"
PROCESS_OWNER = "process@acme.example"


def _course(start: float, end: float, months: int, wobble: float) -> list[Decimal]:
    """A deterministic course from `start` to `end` with a small saw-tooth wobble."""
    values = []
    for i in range(months):
        base = start + (end - start) * i / max(months - 1, 1)
        values.append(Decimal(str(round(base + wobble * ((i % 3) - 1), 1))))
    return values


def _indicator(*prefixes: str) -> str:
    keys = [i.key for i in indicators()]
    for prefix in prefixes:
        for key in keys:
            if key.startswith(prefix):
                return key
    return ""


def _record(
    objective: QualityObjective, actor: User, values: list[Decimal], today: dt.date
) -> None:
    periods = rules.periods(
        start=objective.start_date,
        end=min(today, objective.due_date),
        frequency=objective.frequency,
    )
    rows = [
        services.Row(objective=objective, period=p, value=v)
        for p, v in zip(periods, values, strict=False)
    ]
    services.measurements_write(
        actor=actor, organization=objective.organization, rows=rows, source=MeasurementSource.MANUAL
    )


def _objective(acme: Organization, actor: User, data: dict[str, Any]) -> QualityObjective:
    objective = services.objective_create(actor=actor, organization=acme, data=data)
    return model_transition(actor=actor, instance=objective, transition="activate")


def _load_acme(acme: Organization, users: dict[str, User], today: dt.date, stdout: Any) -> None:
    quality, process_owner = users[QUALITY], users[PROCESS_OWNER]
    processes = {p.code: p for p in Process.objects.for_organization(acme)}
    policy = Document.objects.for_organization(acme).filter(document_type="policy").first()
    start = dt.date(today.year - 1, 1, 1)
    due = dt.date(today.year, 12, 31)
    months = len(rules.periods(start=start, end=today, frequency="monthly"))
    common = {"start_date": start, "due_date": due, "policy": policy}

    def procs(*codes: str) -> list[Process]:
        return [processes[c] for c in codes if c in processes]

    on_time = _objective(
        acme,
        quality,
        {
            **common,
            "title": "On-time delivery to customers",
            "description": "Orders shipped on or before the date confirmed to the customer.",
            "owner": quality,
            "processes": procs("P-01", "P-03"),
            "unit": "%",
            "direction": "higher",
            "baseline": Decimal("86"),
            "target": Decimal("95"),
            "tolerance_kind": "percent",
            "tolerance": Decimal("3"),
            "resources": "Planning board in the machining cell; weekly capacity review.",
            "evaluation": "Monthly from the ERP dispatch report; reviewed at management review.",
        },
    )
    _record(on_time, quality, _course(86, 93.5, months, 0.8), today)

    yield_ = _objective(
        acme,
        quality,
        {
            **common,
            "title": "First-pass yield in final inspection",
            "owner": process_owner,
            "processes": procs("P-03", "P-04"),
            "unit": "%",
            "direction": "higher",
            "baseline": Decimal("92"),
            "target": Decimal("98"),
            "tolerance_kind": "absolute",
            "tolerance": Decimal("1"),
            "resources": "Second bench tester; operator training on the new fixtures.",
            "evaluation": "Units passing final inspection first time / units inspected.",
        },
    )
    _record(yield_, process_owner, _course(92, 93.2, months, 0.4), today)

    calibration = _objective(
        acme,
        quality,
        {
            **common,
            "title": "Reference gauges calibrated on schedule",
            "owner": process_owner,
            "processes": procs("P-04"),
            "unit": "%",
            "direction": "higher",
            "baseline": Decimal("90"),
            "target": Decimal("100"),
            "tolerance_kind": "percent",
            "tolerance": Decimal("2"),
            "resources": "Calibration recall list; external laboratory contract.",
            "evaluation": "Gauges calibrated by their due date / gauges due in the month.",
        },
    )
    _record(
        calibration,
        process_owner,
        [*_course(90, 99, months - 2, 0.5), Decimal(100), Decimal(100)],
        today,
    )
    model_transition(
        actor=quality,
        instance=calibration,
        transition="achieve",
        reason="100 % on schedule for two months running; recall list in place.",
    )

    satisfaction = _objective(
        acme,
        quality,
        {
            **common,
            "title": "Customer satisfaction index",
            "owner": quality,
            "processes": procs("P-01"),
            "unit": "points (1-5)",
            "direction": "higher",
            "baseline": Decimal("3.9"),
            "target": Decimal("4.4"),
            "frequency": "quarterly",
            "tolerance_kind": "absolute",
            "tolerance": Decimal("0.1"),
            "resources": "Quarterly customer survey.",
            "evaluation": "Mean overall rating of the quarter's survey answers.",
        },
    )
    quarters = len(rules.periods(start=start, end=today, frequency="quarterly"))
    _record(satisfaction, quality, _course(3.9, 4.3, quarters, 0.05), today)

    scrap_due = dt.date(today.year, today.month, 1) - dt.timedelta(days=1)
    scrap = _objective(
        acme,
        quality,
        {
            "start_date": start,
            "due_date": scrap_due,
            "policy": policy,
            "title": "Scrap rate in machining",
            "owner": process_owner,
            "processes": procs("P-03"),
            "unit": "%",
            "direction": "lower",
            "baseline": Decimal("3.0"),
            "target": Decimal("1.5"),
            "tolerance_kind": "absolute",
            "tolerance": Decimal("0.2"),
            "resources": "Tool-life monitoring; set-up checklists.",
            "evaluation": "Scrapped parts / parts machined, monthly.",
        },
    )
    _record(scrap, process_owner, _course(3.0, 2.1, months - 1, 0.1), today)

    computed = 0
    for title, prefixes, unit, direction, baseline, target in (
        (
            "Nonconformities closed on time",
            ("nonconformities.closed_on_time",),
            "%",
            "higher",
            "70",
            "90",
        ),
        (
            "Complaints received per month",
            ("complaints.received", "complaints."),
            "complaints",
            "lower",
            "4",
            "2",
        ),
    ):
        key = _indicator(*prefixes)
        data = {
            **common,
            "title": title,
            "owner": quality,
            "unit": unit,
            "direction": direction,
            "baseline": Decimal(baseline),
            "target": Decimal(target),
            "tolerance_kind": "percent",
            "tolerance": Decimal("10"),
            "evaluation": "Computed monthly from the register by the product.",
        }
        if key:
            objective = _objective(acme, quality, {**data, "source": "indicator", "indicator": key})
            services.objective_measurements_compute(actor=quality, objective=objective, today=today)
            computed += 1
        else:
            objective = _objective(acme, quality, data)
            _record(objective, quality, _course(float(baseline), float(target), months, 0.5), today)

    from qms.actions.services import action_create

    for origin, title, owner, days in (
        (yield_, "Add a second bench tester to final inspection", process_owner, 30),
        (yield_, "Train operators on the new assembly fixtures", process_owner, 60),
        (on_time, "Weekly capacity review of the machining cell", quality, 21),
    ):
        action_create(
            actor=quality,
            organization=acme,
            data={
                "title": title,
                "description": title + ".",
                "owner": owner,
                "due_date": today + dt.timedelta(days=days),
            },
            origin=origin,
        )
    stdout.write(f"Quality objectives: 7 at {acme.name} ({computed} computed by indicators).")


def load(*, stdout: Any) -> None:
    today = timezone.localdate()
    acme = Organization.objects.filter(slug="acme").first()
    if acme is None or QualityObjective.objects.for_organization(acme).exists():
        return
    users = {u.email: u for u in User.objects.filter(email__in=[QUALITY, PROCESS_OWNER])}
    if len(users) == 2:
        _load_acme(acme, users, today, stdout)
