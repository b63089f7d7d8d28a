"""Demo data of nonconformities: a year of Acme's nonconformities, each moved through its
workflow by the services as people would (containment, root cause, corrective actions in
the action tracker, effectiveness checks by someone who owned no action, closing).

About forty records with a realistic spread of sources, severities, processes and states:
most closed with an effective check, some waiting at each step, some with overdue actions
or an overdue effectiveness check, one closed only after an ineffective check started a
second action cycle. The workflow writes today's date where a step happens today; the dates
of the steps of earlier months (the check date, the closing time) are then set to when they
happened, through the services too (each such correction is in the audit trail).

Idempotent: nothing is written when Acme already has nonconformities. The analysis
sub-package's own demo (5 whys, Ishikawa, 8D, dispositions) runs at the end when present.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.db import transaction
from django.utils import timezone

from qms.accounts.models import User
from qms.core.services import model_update
from qms.core.workflow import model_transition
from qms.organizations.models import Organization, Process

from . import events
from .models import EffectivenessCheck, Nonconformity
from .services import nonconformity_create, nonconformity_update

ORGANIZATION = "acme"
PASSWORD = "demo"  # noqa: S105 - the demo password (organizations/demo.py)
QUALITY = "quality@acme.example"
PROCESS_OWNER = "process@acme.example"
AUDITOR = "auditor@acme.example"
EMPLOYEE = "employee@acme.example"

# The steps in order, and the state each one reaches.
STEPS = ("contained", "analysed", "planned", "implemented", "verified", "closed")


@dataclass(frozen=True)
class Spec:
    days_ago: int
    source: str
    severity: str
    process: str  # process code ("" for none)
    state: str  # reported, contained, analysed, planned, implemented, verified, closed
    title: str
    description: str
    cause: str  # the root cause (and its 6M category after a "|")
    action: str  # the corrective action
    product: str = ""
    quantity: int | None = None
    overdue: bool = False  # actions (or the check) left overdue
    ineffective: bool = False  # a first check found the actions not effective


S = Spec
NONCONFORMITIES: list[Spec] = [
    S(
        360,
        "internal_audit",
        "minor",
        "P-01",
        "closed",
        "Contract review record missing for order 2291",
        "Order 2291 (ring gauges, 40 pcs) was accepted without the signed contract review form.",
        "The review form is not part of the order entry screen, so it is easy to skip.|method",
        "Make the contract review a mandatory step of order entry in the ERP.",
    ),
    S(
        352,
        "product_inspection",
        "major",
        "P-03",
        "closed",
        "Plug gauges undersize on batch 4711",
        "Final inspection found 12 of 200 plug gauges 2 µm under the lower limit.",
        "The lapping compound was changed without requalifying the lapping time.|material",
        "Requalify lapping times whenever a consumable changes; add it to the change checklist.",
        "PG-10H7 batch 4711",
        12,
    ),
    S(
        340,
        "customer_complaint",
        "major",
        "P-04",
        "closed",
        "Calibration certificate with wrong serial number",
        "Customer Northwind reported certificate C-2291 naming serial 88412 instead of 88421.",
        "Serial numbers are typed twice, from the label and into the certificate.|method",
        "Print certificates from the scanned serial number; remove the manual field.",
        "Certificate C-2291",
        1,
    ),
    S(
        331,
        "supplier",
        "minor",
        "P-03",
        "closed",
        "Gauge blanks delivered without material certificate",
        "Delivery 7781 of tool-steel blanks arrived without the 3.1 material certificate.",
        "The purchase order template does not ask for the certificate.|material",
        "Add the 3.1 certificate requirement to the purchase order template.",
        "Delivery 7781",
        150,
    ),
    S(
        320,
        "process_monitoring",
        "observation",
        "P-03",
        "closed",
        "Coolant concentration trending low",
        "Weekly checks show the coolant concentration drifting towards the lower limit.",
        "Top-up is done with water only when the level is low.|method",
        "Top up with premix; add a concentration check to the daily start-up list.",
    ),
    S(
        305,
        "external_audit",
        "minor",
        "P-04",
        "closed",
        "Reference standards overdue for recalibration",
        "The certification body found two reference gauge blocks past their recalibration date.",
        "Recall dates live in a spreadsheet nobody is reminded from.|method",
        "Move the recall list into the equipment register with reminders.",
    ),
    S(
        296,
        "product_inspection",
        "minor",
        "P-03",
        "closed",
        "Thread gauges with burrs at the first thread",
        "Seven M12 thread gauges had a burr on the first thread.",
        "The chamfer tool was worn beyond its tool-life limit.|machine",
        "Set a tool-life counter on the chamfer tool with an automatic stop.",
        "TG-M12 batch 4760",
        7,
    ),
    S(
        288,
        "internal_audit",
        "observation",
        "P-02",
        "closed",
        "Design review minutes not filed",
        "Minutes of the design review of the new air gauge were kept in an e-mail only.",
        "No place in the design file for review minutes.|method",
        "Add a design review record to the design file template.",
    ),
    S(
        270,
        "customer_complaint",
        "minor",
        "P-01",
        "closed",
        "Delivery promised without checking capacity",
        "A customer received their gauges two weeks late; the date had been promised on the phone.",
        "Sales cannot see the machining load when quoting.|method",
        "Give sales a read-only view of the machining schedule.",
    ),
    S(
        262,
        "process_monitoring",
        "minor",
        "P-04",
        "closed",
        "Temperature of the calibration room out of range",
        "The room logged 23.4 °C for three hours on a hot afternoon (limit 20 ± 1 °C).",
        "The air conditioning set-point was changed for a visitor and not reset.|environment",
        "Lock the set-point; add a temperature alarm to the room logger.",
    ),
    S(
        249,
        "product_inspection",
        "major",
        "P-03",
        "closed",
        "Ring gauges with taper beyond tolerance",
        "Ten ring gauges of 25 mm showed a taper of 1.5 µm (limit 1 µm).",
        "The honing machine's spindle bearing was worn.|machine",
        "Replace the spindle bearing; add vibration checks to preventive maintenance.",
        "RG-25 batch 4802",
        10,
        False,
        True,
    ),
    S(
        238,
        "supplier",
        "major",
        "P-03",
        "closed",
        "Hardness of blanks below specification",
        "Blanks from the new heat-treatment supplier measured 58 HRC (specification 62 ± 2).",
        "The supplier was approved without a first-article check.|material",
        "Require a first-article hardness check before approving a heat-treatment supplier.",
        "Delivery 7903",
        300,
    ),
    S(
        225,
        "management_review",
        "observation",
        "",
        "closed",
        "Customer satisfaction survey not run",
        "The annual customer satisfaction survey planned for Q2 was not sent.",
        "No owner was named for the survey.|man",
        "Name an owner and a date for the survey in the annual plan.",
    ),
    S(
        214,
        "internal_audit",
        "minor",
        "P-04",
        "closed",
        "Measurement uncertainty budget not updated",
        "The uncertainty budget of the bore gauge calibration still used the old reference.",
        "Changing a reference does not trigger a review of the budgets using it.|method",
        "Link uncertainty budgets to the references they use; review on change.",
    ),
    S(
        203,
        "product_inspection",
        "minor",
        "P-03",
        "closed",
        "Marking illegible on 20 gauges",
        "Laser marking of size and serial number was too faint on 20 plug gauges.",
        "The laser power was reduced for a different material and not restored.|machine",
        "Store laser settings per material in the machine's program library.",
        "PG-8H7 batch 4855",
        20,
    ),
    S(
        190,
        "customer_complaint",
        "minor",
        "P-04",
        "closed",
        "Gauge damaged in transit",
        "A setting ring arrived with a dent; the box had no foam insert.",
        "Packing instructions do not cover setting rings.|method",
        "Add setting rings to the packing instruction with a foam insert.",
        "Shipment 5521",
        1,
    ),
    S(
        176,
        "process_monitoring",
        "observation",
        "P-02",
        "closed",
        "Design changes approved by the designer",
        "Three drawing changes were approved by the person who made them.",
        "The drawing system allows self-approval.|method",
        "Switch on separation of duties in the drawing system.",
    ),
    S(
        160,
        "external_audit",
        "minor",
        "P-01",
        "closed",
        "Customer property not identified",
        "Customer-owned master gauges were stored without identification tags.",
        "No procedure for customer property.|method",
        "Write the customer property procedure; tag and register the masters.",
    ),
    S(
        148,
        "product_inspection",
        "major",
        "P-03",
        "closed",
        "Wrong tolerance class machined",
        "An order for H7 plug gauges was machined to H8.",
        "The router shows the class in small print next to the size.|man",
        "Print the tolerance class prominently on the router; add a check at set-up.",
    ),
    S(
        131,
        "internal_audit",
        "minor",
        "P-03",
        "verified",
        "Set-up sheets not signed",
        "Four set-up sheets on the lathe were not signed by the operator.",
        "The signature box is on the back of the sheet.|method",
        "Redesign the set-up sheet with the signature at the bottom of the front.",
    ),
    S(
        118,
        "supplier",
        "minor",
        "P-03",
        "verified",
        "Late delivery of gauge blanks",
        "Blanks ordered for week 20 arrived in week 23, delaying three orders.",
        "The supplier's lead time changed and our planning was not told.|method",
        "Ask suppliers for lead-time changes in the quarterly review.",
    ),
    S(
        104,
        "customer_complaint",
        "major",
        "P-04",
        "implemented",
        "Calibration interval recommended too long",
        "A customer's gauge drifted out of tolerance before the recommended recalibration.",
        "The interval was set from the catalogue, not from the gauge's use.|method",
        "Recommend intervals from the customer's stated use; update the certificate template.",
        "Certificate C-2710",
        1,
        True,
    ),
    S(
        96,
        "process_monitoring",
        "minor",
        "P-03",
        "implemented",
        "Scrap rate above target on CNC lathe 2",
        "Scrap on lathe 2 reached 3.1 % in May (target 1.5 %).",
        "Tool offsets are not re-measured after a tool change.|method",
        "Measure tool offsets after every change with the presetter.",
        "Lathe 2, May production",
        46,
        True,
    ),
    S(
        88,
        "internal_audit",
        "observation",
        "P-01",
        "implemented",
        "Quotation template out of date",
        "Two quotations used the old terms and conditions.",
        "The old template is still in the shared folder.|method",
        "Remove old templates; link the quotation tool to the controlled one.",
    ),
    S(
        80,
        "product_inspection",
        "minor",
        "P-03",
        "implemented",
        "Surface finish rough on thread gauges",
        "Ra 0.4 µm measured on the flanks of M8 thread gauges (limit 0.2 µm).",
        "The grinding wheel was dressed too rarely.|machine",
        "Dress the wheel every 20 parts; record it on the set-up sheet.",
        "TG-M8 batch 4950",
        15,
    ),
    S(
        71,
        "customer_complaint",
        "minor",
        "P-01",
        "planned",
        "Invoice sent to the wrong address",
        "An invoice went to the customer's old address after they had moved.",
        "Address changes are recorded in the CRM but not in accounting.|method",
        "Synchronise customer addresses between the CRM and accounting.",
        "",
        None,
        True,
    ),
    S(
        63,
        "supplier",
        "major",
        "P-03",
        "planned",
        "Measuring pins with wrong diameter",
        "Twenty pins of 5.000 mm from the supplier measured 5.004 mm.",
        "The supplier measured at 25 °C without correction.|measurement",
        "Agree the measuring temperature with the supplier; add it to the specification.",
        "Delivery 8120",
        20,
    ),
    S(
        55,
        "internal_audit",
        "minor",
        "P-02",
        "planned",
        "Design verification without records",
        "Verification of the new air gauge design has no test records.",
        "Tests were done but recorded in a personal notebook.|man",
        "Provide a design verification record form; train the design team.",
    ),
    S(
        49,
        "process_monitoring",
        "observation",
        "P-04",
        "planned",
        "Calibration queue growing",
        "The queue of gauges waiting for calibration grew from 40 to 95 in a month.",
        "One of two calibration technicians was absent for six weeks.|man",
        "Cross-train a second person for the bore gauge calibrations.",
    ),
    S(
        42,
        "product_inspection",
        "minor",
        "P-03",
        "analysed",
        "Packaging labels swapped",
        "Two boxes carried each other's labels (sizes 10 and 12 mm).",
        "Labels for several orders are printed at once and sorted by hand.|method",
        "Print each label at the packing station when the box is closed.",
        "Order 3021",
        2,
    ),
    S(
        37,
        "customer_complaint",
        "major",
        "P-04",
        "analysed",
        "Gauge certified in tolerance found out",
        "A customer's check found a plug gauge 1.5 µm under the limit our certificate passed.",
        "The reference ring used had not been temperature-soaked.|measurement",
        "Enforce a two-hour soak time for references; log it on the calibration record.",
        "Certificate C-2902",
        1,
    ),
    S(
        31,
        "internal_audit",
        "minor",
        "P-03",
        "analysed",
        "Maintenance plan not followed",
        "Monthly maintenance of the surface grinder was skipped in two months.",
        "The plan is on paper in the office, not at the machine.|method",
        "Put the maintenance plan at the machine and in the reminders.",
    ),
    S(
        26,
        "supplier",
        "minor",
        "P-03",
        "contained",
        "Packaging foam from a new supplier too soft",
        "Foam inserts from the new supplier do not hold the gauges in place.",
        "",
        "",
        "Delivery 8201",
        500,
    ),
    S(
        21,
        "product_inspection",
        "minor",
        "P-03",
        "contained",
        "Chips in the bore of ring gauges",
        "Three ring gauges had metal chips left in the bore after washing.",
        "",
        "",
        "RG-16 batch 5010",
        3,
    ),
    S(
        17,
        "process_monitoring",
        "observation",
        "P-04",
        "contained",
        "Humidity logger battery flat",
        "The calibration room's humidity logger stopped recording for four days.",
        "",
        "",
    ),
    S(
        12,
        "customer_complaint",
        "minor",
        "P-01",
        "reported",
        "Order confirmation not sent",
        "A customer chased us for the confirmation of order 3105 a week after ordering.",
        "",
        "",
    ),
    S(
        9,
        "internal_audit",
        "minor",
        "P-02",
        "reported",
        "Drawing revision not on the shop floor",
        "Lathe 1 worked from revision B of drawing 4410; revision C had been released.",
        "",
        "",
    ),
    S(
        6,
        "product_inspection",
        "major",
        "P-03",
        "reported",
        "Crack found in a setting ring",
        "A hairline crack was found in a 50 mm setting ring at final inspection.",
        "",
        "",
        "SR-50 batch 5060",
        1,
    ),
    S(
        4,
        "external_audit",
        "minor",
        "P-04",
        "reported",
        "Competence record missing",
        "No competence record for the new calibration technician.",
        "",
        "",
    ),
    S(
        2,
        "supplier",
        "observation",
        "P-03",
        "reported",
        "Certificate in the wrong language",
        "A material certificate arrived in a language nobody here reads.",
        "",
        "",
        "Delivery 8240",
        None,
    ),
]


# Demo NCs that point at an entry of the demo risk register (loaded before this module):
# three recurring gauge-calibration NCs within 12 months (the later two prompt a review of
# the risk) and two supplier NCs. An entry that is absent is skipped.
GAUGE_RISK = "Reference gauges used past their calibration due date"
CASTINGS_RISK = "Late deliveries of castings from a single supplier"
RISK_LINKS = {
    "Reference standards overdue for recalibration": GAUGE_RISK,
    "Calibration interval recommended too long": GAUGE_RISK,
    "Gauge certified in tolerance found out": GAUGE_RISK,
    "Hardness of blanks below specification": CASTINGS_RISK,
    "Late delivery of gauge blanks": CASTINGS_RISK,
}


def _risks_by_title(organization: Organization) -> dict[str, Any]:
    """The demo risks the NCs point at, found by title among those an NC may point at."""
    from qms.risks.selectors import risk_choices

    wanted = set(RISK_LINKS.values())
    found: dict[str, Any] = {}
    for risk in risk_choices(organization=organization).filter(title__in=wanted):
        found.setdefault(risk.title, risk)
    return found


def load(*, stdout: Any) -> None:
    organization = Organization.objects.filter(slug=ORGANIZATION).first()
    if organization is None:
        return
    if Nonconformity.objects.for_organization(organization).exists():
        return
    people = {
        email: User.objects.get(email=email)
        for email in (QUALITY, PROCESS_OWNER, AUDITOR, EMPLOYEE)
    }
    processes = {
        process.code: process for process in Process.objects.for_organization(organization)
    }
    today = timezone.localdate()
    risks = _risks_by_title(organization)
    for spec in sorted(NONCONFORMITIES, key=lambda item: -item.days_ago):
        risk = risks.get(RISK_LINKS.get(spec.title, ""))
        _one(organization, spec, people, processes, today, risk)
    stdout.write(f"  nonconformities: {len(NONCONFORMITIES)} added to Acme's register")
    if find_spec("qms.nonconformities.analysis.demo") is not None:
        import_module("qms.nonconformities.analysis.demo").load(stdout=stdout)


def _fresh(nc: Nonconformity) -> Nonconformity:
    found: Nonconformity = Nonconformity.objects.for_organization(nc.organization_id).get(pk=nc.pk)
    return found


@transaction.atomic
def _one(
    organization: Organization,
    spec: Spec,
    people: dict[str, User],
    processes: dict[str, Process],
    today: dt.date,
    risk: Any = None,
) -> None:
    qm = people[QUALITY]
    detected = today - dt.timedelta(days=spec.days_ago)
    process = processes.get(spec.process)
    reporter = people[AUDITOR] if "audit" in spec.source else people[EMPLOYEE]
    nc = nonconformity_create(
        actor=reporter,
        organization=organization,
        data={
            "title": spec.title,
            "description": spec.description,
            "source": spec.source,
            "severity": spec.severity,
            "process": process,
            "detected_on": detected,
            "owner": people[PROCESS_OWNER] if spec.process in ("P-02", "P-03", "P-04") else qm,
            "product_reference": spec.product,
            "quantity_affected": Decimal(spec.quantity) if spec.quantity else None,
            "quantity_unit": "pcs" if spec.quantity else "",
            "risk": risk,
        },
    )
    target = STEPS.index(spec.state) if spec.state in STEPS else -1
    if target < 0:
        return
    # Containment and correction, within a day or two.
    nc = nonconformity_update(
        actor=qm,
        instance=nc,
        data={
            "containment": _containment(spec),
            "correction": _correction(spec),
        },
    )
    nc = model_transition(actor=qm, instance=nc, transition="record_containment")
    if target < 1:
        return
    _cycle(nc, spec, people, today, detected, target, first=True)


def _containment(spec: Spec) -> str:
    if spec.product:
        return f"{spec.product} quarantined and labelled; stock and open orders checked."
    return "The affected records and work in progress were checked; nothing else affected."


def _correction(spec: Spec) -> str:
    if spec.quantity and spec.severity == "major":
        return f"{spec.quantity} pcs reworked or scrapped after inspection; customer informed."
    if spec.quantity:
        return f"{spec.quantity} pcs reworked and re-inspected."
    return "The instance was put right (record completed, document corrected)."


def _cycle(
    nc: Nonconformity,
    spec: Spec,
    people: dict[str, User],
    today: dt.date,
    detected: dt.date,
    target: int,
    *,
    first: bool,
) -> Nonconformity | None:
    """One action cycle from the analysis on; returns the record when it reached `target`."""
    from qms.actions.services import action_create

    from .analysis.services import root_cause_analysis_save

    qm, owner, auditor = people[QUALITY], people[PROCESS_OWNER], people[AUDITOR]
    cause, _sep, category = spec.cause.partition("|")
    if not first:
        cause = f"Second analysis: the first actions treated a symptom. {cause}"
    root_cause_analysis_save(
        actor=qm,
        nonconformity=nc,
        data={
            "five_whys": [
                {"why": f"Why did it happen? ({spec.title.lower()})", "answer": cause},
                {"why": "Why was it not caught earlier?", "answer": "No check covered it."},
            ],
            "root_cause": cause,
            "cause_category": category,
        },
    )
    nc = model_transition(actor=qm, instance=_fresh(nc), transition="analyse")
    if target < 2:
        return None
    # The plan: one corrective action (sometimes two), the check some weeks later.
    age = (today - detected).days
    spread = spec.days_ago * 7 % 31  # a fixed spread per record: not every NC takes as long
    due = detected + dt.timedelta(days=min(8 + spread, max(age // 2, 1)))
    check_on = min(
        due + dt.timedelta(days=14 + spec.days_ago * 3 % 40), today - dt.timedelta(days=3)
    )
    if spec.state in ("planned", "implemented") and not spec.overdue:
        due = max(due, today + dt.timedelta(days=14))
        check_on = today + dt.timedelta(days=30)
    if spec.overdue and spec.state == "implemented":
        check_on = today - dt.timedelta(days=10)  # the check itself is overdue
    actions = [
        action_create(
            actor=qm,
            organization=nc.organization,
            data={"title": spec.action, "owner": owner if spec.process else qm, "due_date": due},
            origin=nc,
            kind="corrective",
            cycle=nc.cycle,
        )
    ]
    if spec.severity == "major":
        actions.append(
            action_create(
                actor=qm,
                organization=nc.organization,
                data={
                    "title": "Check whether other products or processes have the same cause",
                    "owner": people[EMPLOYEE],
                    "due_date": due,
                    "priority": "high",
                },
                origin=nc,
                kind="corrective",
                cycle=nc.cycle,
            )
        )
    nc = nonconformity_update(actor=qm, instance=_fresh(nc), data={"verification_due": check_on})
    nc = model_transition(actor=qm, instance=nc, transition="plan")
    if target < 3:
        return None
    for action in actions:
        model_transition(
            actor=action.owner, instance=action, transition="complete", reason="Done as planned."
        )
    nc = model_transition(actor=qm, instance=_fresh(nc), transition="implement")
    if target < 4 or nc.verification_due is None or nc.verification_due > today:
        return None
    if spec.ineffective and first:
        nc = model_transition(
            actor=auditor,
            instance=_fresh(nc),
            transition="verify_ineffective",
            reason="Two more parts with the same defect were found after the actions.",
        )
        _backdate_check(nc, check_on, qm)
        return _cycle(_fresh(nc), spec, people, today, check_on, target, first=False)
    nc = model_transition(
        actor=auditor,  # owns none of the actions: the check is independent
        instance=_fresh(nc),
        transition="verify",
        reason="Sampled the output since the actions: no recurrence.",
        password=PASSWORD,
    )
    _backdate_check(nc, check_on, qm)
    if target < 5:
        return nc
    nc = model_transition(actor=qm, instance=_fresh(nc), transition="close")
    closed = timezone.make_aware(
        dt.datetime.combine(min(check_on + dt.timedelta(days=2), today), dt.time(15, 30))
    )
    nc, _changed = model_update(
        actor=qm,
        instance=_fresh(nc),
        data={"closed_at": closed},
        fields=("closed_at",),
        event_type=events.NONCONFORMITY_UPDATED,
    )
    return nc


def _backdate_check(nc: Nonconformity, checked_on: dt.date, actor: User) -> None:
    """The check happened on its planned date, not on the day the demo was loaded."""
    check = (
        EffectivenessCheck.objects.for_organization(nc.organization_id)
        .filter(nonconformity=nc)
        .order_by("-id")
        .first()
    )
    if check is not None and check.checked_on != checked_on:
        model_update(
            actor=actor,
            instance=check,
            data={"checked_on": checked_on},
            fields=("checked_on",),
            event_type=events.EFFECTIVENESS_CHECK_UPDATED,
        )
