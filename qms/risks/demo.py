"""Demo data of the risk register: about thirty risks and opportunities at Acme in every state
(identified, assessed, planned, approved with the owner's signature and snapshot, closed),
a few reviews overdue, opportunities pursued, deferred and rejected; linked to processes
P-01..P-05, to context issues and interested parties when the context demo has run, with
treatment actions from the action tracker and an assessment history backdated over two years
so the quarterly trend of high risks has a shape.

Runs after the context demo (INSTALLED_APPS order). Idempotent: an entry whose title exists is
left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from qms.accounts.models import User
from qms.actions.services import action_create
from qms.core.workflow import model_transition
from qms.organizations.models import Organization, Process

from .models import Risk, RiskAssessment
from .services import risk_create, risk_update

PASSWORD = "demo"  # noqa: S105 - the demo users' password (organizations/demo.py)
QUALITY = "quality@acme.example"
PROCESS = "process@acme.example"


@dataclass(frozen=True)
class Spec:
    title: str
    kind: str = "risk"
    process: str = ""
    owner: str = QUALITY
    rating: tuple[int, int] | None = None  # inherent L, C (value, effort for an opportunity)
    residual: tuple[int, int] | None = None
    treatment: str = ""
    plan: str = ""
    state: str = "identified"  # identified, assessed, planned, approved, closed
    days_ago: int = 30  # identified this many days ago
    history: tuple[tuple[int, int, int], ...] = ()  # (days ago, L, C) later re-ratings
    decision: str = ""
    reason: str = ""
    actions: tuple[str, ...] = ()
    overdue: bool = False
    issue: str = ""
    party: str = ""
    cause: str = ""
    effect: str = ""
    benefit: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


R = "risk"
O = "opportunity"  # noqa: E741

SPECS: tuple[Spec, ...] = (
    Spec(
        "Reference gauges used past their calibration due date",
        R,
        "P-04",
        PROCESS,
        (4, 4),
        (1, 4),
        "change_likelihood",
        "Recall list generated weekly from the calibration "
        "register; gauges past due are quarantined.",
        "approved",
        700,
        ((420, 3, 4), (120, 2, 4)),
        actions=("Weekly recall list from the register", "Quarantine shelf with red tags"),
        cause="No automatic recall of reference gauges.",
        effect="Out-of-tolerance gauges pass nonconforming parts.",
        issue="UKAS-accredited calibration laboratory",
        party="Rail network operators",
    ),
    Spec(
        "Late deliveries of castings from a single supplier",
        R,
        "P-05",
        QUALITY,
        (4, 5),
        (2, 4),
        "share",
        "Qualify a second foundry and hold two weeks of safety stock.",
        "planned",
        650,
        ((300, 4, 4),),
        actions=("Qualify a second foundry",),
        cause="One foundry supplies every gauge body.",
        effect="Assembly stops; late orders.",
        issue="Single source for iron castings",
        party="Industrial distributors",
    ),
    Spec(
        "Loss of calibration know-how through retirements",
        R,
        "P-04",
        PROCESS,
        (3, 4),
        (2, 3),
        "change_consequence",
        "Apprentice plan and written work instructions for every calibration procedure.",
        "approved",
        600,
        ((200, 3, 3),),
        actions=("Two calibration apprentices",),
        issue="Retirements in the next five years",
        party="Employees",
    ),
    Spec(
        "CNC breakdown in the machining cell",
        R,
        "P-03",
        PROCESS,
        (4, 3),
        (2, 3),
        "change_likelihood",
        "Preventive maintenance contract and spare spindle.",
        "planned",
        540,
        ((260, 4, 4),),
        actions=("Preventive maintenance contract",),
        issue="Ageing CNC machines in the machining cell",
    ),
    Spec(
        "Laboratory above 23 °C in summer",
        R,
        "P-04",
        PROCESS,
        (3, 3),
        (1, 3),
        "remove_source",
        "Install air conditioning in the laboratory.",
        "closed",
        720,
        ((380, 3, 3),),
        actions=("Air conditioning in the laboratory",),
        issue="Summer heat in the works and the laboratory",
    ),
    Spec(
        "Contract review misses customer-specific tolerances",
        R,
        "P-01",
        QUALITY,
        (3, 4),
        (2, 2),
        "change_likelihood",
        "Checklist for special requirements at order entry.",
        "approved",
        500,
        actions=("Order-entry checklist",),
        party="Rail network operators",
    ),
    Spec(
        "Design changes released without verification",
        R,
        "P-02",
        PROCESS,
        (2, 5),
        (1, 5),
        "change_likelihood",
        "Design review gate before release.",
        "assessed",
        420,
    ),
    Spec(
        "Certificate errors after software update",
        R,
        "P-04",
        PROCESS,
        (2, 4),
        None,
        "",
        "",
        "assessed",
        200,
        issue="Digital calibration certificates",
    ),
    Spec(
        "Energy price rise for heat treatment",
        R,
        "P-03",
        QUALITY,
        (4, 2),
        (4, 2),
        "retain",
        "Accepted: prices reviewed quarterly; tempering cycles never shortened.",
        "approved",
        380,
        issue="Energy prices for heat treatment",
        party="Owners",
    ),
    Spec(
        "UKCA technical files out of date",
        R,
        "P-02",
        QUALITY,
        (3, 3),
        (1, 3),
        "change_likelihood",
        "Owner per technical file and yearly check.",
        "planned",
        330,
        actions=("Assign an owner to each technical file",),
        issue="Revised product safety and metrology rules after Brexit",
    ),
    Spec(
        "Key customer switches to a competitor",
        R,
        "P-01",
        QUALITY,
        (2, 5),
        (2, 4),
        "share",
        "Framework agreement with the largest rail customer.",
        "identified",
        90,
        party="Rail network operators",
    ),
    Spec(
        "Supplier delivers uncertified steel",
        R,
        "P-05",
        QUALITY,
        (3, 4),
        (1, 4),
        "change_likelihood",
        "Incoming inspection of mill certificates.",
        "closed",
        690,
        ((500, 2, 4),),
        actions=("Incoming check of mill certificates",),
    ),
    Spec(
        "Operator measures with an unverified gauge",
        R,
        "P-03",
        PROCESS,
        (3, 4),
        None,
        "",
        "",
        "assessed",
        150,
        overdue=True,
    ),
    Spec(
        "Stock-outs of standard gauges",
        R,
        "P-05",
        QUALITY,
        (3, 2),
        (2, 2),
        "change_likelihood",
        "Minimum stock levels reviewed monthly.",
        "approved",
        460,
        actions=("Minimum stock levels",),
        party="Industrial distributors",
        overdue=True,
    ),
    Spec(
        "Tender lost for lack of certification",
        R,
        "P-01",
        QUALITY,
        (2, 5),
        (1, 5),
        "avoid",
        "Keep ISO 9001 certification; surveillance audits planned.",
        "planned",
        280,
        actions=("Surveillance audit booked",),
        issue="Rail network renewal programme",
    ),
    Spec(
        "Drawing errors reach the shop floor",
        R,
        "P-02",
        PROCESS,
        (3, 3),
        None,
        "",
        "",
        "identified",
        25,
    ),
    Spec(
        "Fire in the hardening shop",
        R,
        "P-03",
        QUALITY,
        (1, 5),
        (1, 4),
        "share",
        "Insurance cover and fire drills.",
        "approved",
        610,
        actions=("Yearly fire drill",),
        overdue=True,
    ),
    Spec(
        "Cyber attack on the calibration database",
        R,
        "P-04",
        QUALITY,
        (2, 5),
        None,
        "",
        "",
        "identified",
        40,
    ),
    Spec(
        "Packaging damage in transit",
        R,
        "P-01",
        PROCESS,
        (3, 2),
        (1, 2),
        "change_likelihood",
        "New foam inserts for glass-faced gauges.",
        "closed",
        560,
        actions=("Foam inserts",),
    ),
    Spec(
        "Single person approves all purchase orders",
        R,
        "P-05",
        QUALITY,
        (2, 3),
        None,
        "",
        "",
        "identified",
        12,
    ),
    Spec(
        "Lapsed accreditation of the laboratory",
        R,
        "P-04",
        QUALITY,
        (2, 5),
        (1, 5),
        "change_likelihood",
        "Internal audit of the lab before each assessment visit.",
        "assessed",
        350,
        ((120, 1, 5),),
        issue="UKAS-accredited calibration laboratory",
    ),
    Spec(
        "Apprentices leave after training",
        R,
        "P-03",
        PROCESS,
        (3, 3),
        None,
        "",
        "",
        "identified",
        60,
        party="Employees",
    ),
    # Opportunities: value x effort (higher effort level = lighter).
    Spec(
        "Digital calibration certificates for rail customers",
        O,
        "P-04",
        QUALITY,
        (3, 2),
        decision="pursue",
        reason="Customers ask for them; we can lead the market.",
        state="approved",
        days_ago=300,
        actions=("Pilot digital certificates",),
        issue="Digital calibration certificates",
        party="Rail network operators",
        benefit="Faster acceptance by customers; fewer paper errors.",
    ),
    Spec(
        "Track-gauge sets for the network renewal",
        O,
        "P-01",
        QUALITY,
        (3, 3),
        decision="pursue",
        reason="Ten-year demand; fits our product range.",
        state="planned",
        days_ago=200,
        actions=("Prepare tender documents",),
        issue="Rail network renewal programme",
    ),
    Spec(
        "Calibration services for third parties",
        O,
        "P-04",
        PROCESS,
        (2, 2),
        decision="defer",
        reason="Laboratory capacity is full until the new hires are trained.",
        state="planned",
        days_ago=180,
    ),
    Spec(
        "Export to Irish distributors",
        O,
        "P-01",
        QUALITY,
        (2, 1),
        decision="reject",
        reason="Margins too low after shipping costs.",
        state="closed",
        days_ago=400,
        party="Industrial distributors",
    ),
    Spec(
        "Heat recovery from the hardening furnaces",
        O,
        "P-03",
        QUALITY,
        (2, 2),
        decision="",
        reason="",
        state="assessed",
        days_ago=70,
        issue="Energy prices for heat treatment",
    ),
    Spec(
        "Online ordering of standard gauges",
        O,
        "P-01",
        QUALITY,
        (3, 3),
        state="identified",
        days_ago=20,
    ),
    Spec(
        "Shared apprentice scheme with local firms",
        O,
        "P-03",
        PROCESS,
        (2, 3),
        decision="pursue",
        reason="Lower cost per apprentice.",
        state="assessed",
        days_ago=50,
        issue="Retirements in the next five years",
    ),
    Spec(
        "Supplier development with the foundry",
        O,
        "P-05",
        QUALITY,
        (2, 2),
        decision="defer",
        reason="Wait for the second foundry's qualification.",
        state="planned",
        days_ago=110,
    ),
)


def _context(organization: Organization) -> tuple[dict[str, Any], dict[str, Any]]:
    try:
        from qms.context.selectors import interested_party_choices, issue_choices
    except ImportError:  # pragma: no cover - the context app is part of the product
        return {}, {}
    issues = {i.title: i for i in issue_choices(organization=organization)}
    parties = {p.name: p for p in interested_party_choices(organization=organization)}
    return issues, parties


def _backdate_latest(risk: Risk, on: dt.date) -> None:
    latest = RiskAssessment.objects.filter(risk=risk).order_by("-id").first()
    if latest is not None:
        RiskAssessment.objects.filter(pk=latest.pk).update(assessed_on=on)


def _entry(
    organization: Organization,
    spec: Spec,
    users: dict[str, User],
    processes: dict[str, Process],
    issues: dict[str, Any],
    parties: dict[str, Any],
    today: dt.date,
) -> Risk:
    actor = users[QUALITY]
    owner = users[spec.owner]
    data: dict[str, Any] = {
        "kind": spec.kind,
        "title": spec.title,
        "description": spec.effect or spec.benefit or spec.title,
        "owner": owner,
        "review_interval_months": 12,
        "processes": [processes[spec.process]] if spec.process in processes else [],
        "issues": [issues[spec.issue]] if spec.issue in issues else [],
        "interested_parties": [parties[spec.party]] if spec.party in parties else [],
    }
    first = spec.rating
    if spec.history:
        # The first rating is the oldest one; later ones come from `history`.
        first = spec.rating
    if spec.kind == "risk":
        data.update({"cause": spec.cause, "effect": spec.effect})
        if first:
            data["inherent_likelihood"], data["inherent_consequence"] = first
    else:
        data["benefit"] = spec.benefit
        if first:
            data["value"], data["effort"] = first
    risk = risk_create(actor=actor, organization=organization, data=data)
    identified = today - dt.timedelta(days=spec.days_ago)
    _backdate_latest(risk, identified)
    for days, lik, con in spec.history:
        risk = risk_update(
            actor=actor,
            instance=risk,
            data={"inherent_likelihood": lik, "inherent_consequence": con},
        )
        _backdate_latest(risk, today - dt.timedelta(days=days))
    if spec.state == "identified":
        return _finish(risk, spec, actor, today)
    changes: dict[str, Any] = {}
    if spec.kind == "risk":
        if spec.residual:
            changes["residual_likelihood"], changes["residual_consequence"] = spec.residual
        if spec.treatment:
            changes.update({"treatment": spec.treatment, "treatment_plan": spec.plan})
    elif spec.decision:
        changes.update({"decision": spec.decision, "decision_reason": spec.reason})
    if changes:
        risk = risk_update(actor=actor, instance=risk, data=changes)
        if "residual_likelihood" in changes:
            _backdate_latest(risk, identified + dt.timedelta(days=min(14, spec.days_ago)))
    risk = model_transition(actor=actor, instance=risk, transition="assess")
    for number, title in enumerate(spec.actions):
        action_create(
            actor=actor,
            organization=organization,
            origin=risk,
            data={
                "title": title,
                "owner": owner,
                "due_date": today + dt.timedelta(days=20 + 15 * number - spec.days_ago % 30),
            },
        )
    if spec.state == "assessed":
        return _finish(risk, spec, actor, today)
    risk = model_transition(actor=actor, instance=risk, transition="plan")
    if (spec.state in ("approved", "closed") and spec.kind == "risk") or spec.state == "approved":
        risk = model_transition(
            actor=owner,
            instance=risk,
            transition="approve",
            password=PASSWORD,
            meaning="approved",
        )
    if spec.state == "closed":
        reason = (
            "Opportunity rejected: " + spec.reason
            if spec.kind == "opportunity"
            else "Treatment done and effective; the risk no longer applies."
        )
        risk = model_transition(actor=actor, instance=risk, transition="close", reason=reason)
    return _finish(risk, spec, actor, today)


def _finish(risk: Risk, spec: Spec, actor: User, today: dt.date) -> Risk:
    if spec.overdue and risk.status != "closed":
        risk = risk_update(
            actor=actor,
            instance=risk,
            data={"next_review_on": today - dt.timedelta(days=10 + spec.days_ago % 20)},
        )
    return risk


def load(*, stdout: Any) -> None:
    today = timezone.localdate()
    acme = Organization.objects.filter(slug="acme").first()
    if acme is None:
        return
    users = {u.email: u for u in User.objects.filter(email__in=[QUALITY, PROCESS])}
    if len(users) != 2:
        return
    processes = {
        p.code: p
        for p in Process.objects.for_organization(acme).filter(
            code__in=["P-01", "P-02", "P-03", "P-04", "P-05"]
        )
    }
    issues, parties = _context(acme)
    existing = set(Risk.objects.for_organization(acme).values_list("title", flat=True))
    made = 0
    for spec in SPECS:
        if spec.title in existing:
            continue
        _entry(acme, spec, users, processes, issues, parties, today)
        made += 1
    if made:
        stdout.write(f"Risks and opportunities: {made} at {acme.name}.")
