"""Demo data of the context (ISO 9001 clause 4): Acme's issues (internal and external, SWOT
and PESTLE, one about climate), the signed climate-change decision, its interested parties
and their requirements, and the QMS scope with both sites; a short scope for Northwind,
whose §8.3 exclusion comes from the standards demo. The context and scope document is
generated once into Acme's document register (a draft revision, left for review).

Runs after the organizations, standards and documents demos (INSTALLED_APPS order).
Idempotent: records are matched by title or name, the decision and scope are written once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from qms.accounts.models import User
from qms.core.workflow import model_transition
from qms.documents.services.revisions import revision_update
from qms.organizations.models import Organization, Site

from . import services
from .models import ClimateDecision, ContextIssue, InterestedParty, QmsScope

PASSWORD = "demo"  # noqa: S105 - the demo users' password (organizations demo)
QUALITY = "quality@acme.example"
PROCESS_OWNER = "process@acme.example"

# title, origin, SWOT, PESTLE, climate, owner, description, effect on the QMS
ISSUES: list[tuple[str, str, str, str, bool, str, str, str]] = [
    (
        "Experienced toolmakers and calibration staff",
        "internal",
        "strength",
        "",
        False,
        QUALITY,
        "Most of the calibration team has more than 15 years with the company.",
        "Low error rates in final inspection; knowledge sits with few people.",
    ),
    (
        "UKAS-accredited calibration laboratory",
        "internal",
        "strength",
        "",
        False,
        PROCESS_OWNER,
        "The laboratory's accreditation covers length and pressure gauges.",
        "Customers accept our certificates without their own re-checks.",
    ),
    (
        "Ageing CNC machines in the machining cell",
        "internal",
        "weakness",
        "",
        False,
        PROCESS_OWNER,
        "Three of the five CNC machines are over 20 years old.",
        "Unplanned stops delay orders; tolerances drift between services.",
    ),
    (
        "Single source for iron castings",
        "internal",
        "weakness",
        "",
        False,
        QUALITY,
        "Gauge bodies come from one foundry only.",
        "Late or faulty castings stop assembly: see the risk register.",
    ),
    (
        "Retirements in the next five years",
        "internal",
        "weakness",
        "",
        False,
        QUALITY,
        "Four skilled staff reach retirement age by 2030.",
        "Competence gaps unless apprentices are trained in time.",
    ),
    (
        "Rail network renewal programme",
        "external",
        "opportunity",
        "economic",
        False,
        QUALITY,
        "Network operators are buying track-gauge sets for a ten-year renewal.",
        "More orders; tender terms require ISO 9001 certification.",
    ),
    (
        "Digital calibration certificates",
        "external",
        "opportunity",
        "technological",
        False,
        PROCESS_OWNER,
        "Customers ask for machine-readable certificates.",
        "Certificate process and software must change; a chance to lead.",
    ),
    (
        "Revised product safety and metrology rules after Brexit",
        "external",
        "threat",
        "legal",
        False,
        QUALITY,
        "UKCA marking and changed conformity rules for measuring instruments.",
        "Technical files and labels must be kept up to date for two markets.",
    ),
    (
        "Energy prices for heat treatment",
        "external",
        "threat",
        "economic",
        False,
        QUALITY,
        "Electricity for the hardening furnaces doubled in two years.",
        "Pressure on margins; temptation to shorten tempering cycles.",
    ),
    (
        "Summer heat in the works and the laboratory",
        "external",
        "threat",
        "environmental",
        True,
        PROCESS_OWNER,
        "Recent summers pushed the laboratory above 23 °C on several days.",
        "Calibration must stop above the limit; cooling raises energy use.",
    ),
]

CLIMATE_RATIONALE = (
    "Hotter summers already push the calibration laboratory out of its temperature range "
    "on some days, which stops calibration and delays deliveries, and cooling adds to "
    "energy costs that are already high at the works. Customers (rail operators) also ask "
    "about our carbon footprint in tenders. Climate change is therefore a relevant issue: "
    "it is recorded as an issue, and the laboratory's temperature control is in the risk "
    "register."
)

# name, type, influence, description, [(requirement, how we address it, climate, status)]
PARTIES: list[tuple[str, str, str, str, list[tuple[str, str, bool, str]]]] = [
    (
        "Rail network operators",
        "customer",
        "high",
        "Our largest customers, buying track and wheel gauges.",
        [
            (
                "Gauges delivered with traceable calibration certificates.",
                "Certificate with every gauge (P-04); traceability checked at audit.",
                False,
                "met",
            ),
            (
                "Certified ISO 9001 quality management system.",
                "Certification maintained; surveillance audits every year.",
                False,
                "met",
            ),
            (
                "Information on the carbon footprint of supplied products.",
                "Energy use per product being measured; first figures due next year.",
                True,
                "in_progress",
            ),
        ],
    ),
    (
        "Industrial distributors",
        "customer",
        "medium",
        "Resellers of our standard gauges in the UK and Ireland.",
        [
            (
                "Stock items delivered within five working days.",
                "Minimum stock levels; on-time delivery reviewed monthly.",
                False,
                "met",
            ),
        ],
    ),
    (
        "Employees",
        "employee",
        "high",
        "64 people at the works, 9 at the laboratory.",
        [
            (
                "Safe workplace and training for the machines they use.",
                "Training matrix per machine; safety walks every month.",
                False,
                "met",
            ),
            (
                "Bearable temperatures in the workshop in summer.",
                "Extra ventilation installed; summer working hours agreed.",
                True,
                "in_progress",
            ),
        ],
    ),
    (
        "Owners",
        "owner",
        "high",
        "Family shareholders.",
        [
            (
                "Profitable growth without risking the company's reputation for accuracy.",
                "Quarterly management review of quality and financial results.",
                False,
                "met",
            ),
        ],
    ),
    (
        "Casting supplier",
        "supplier",
        "high",
        "The single foundry supplying gauge bodies.",
        [
            (
                "Forecasts of our casting needs three months ahead.",
                "Rolling forecast sent monthly by purchasing (P-05).",
                False,
                "met",
            ),
            (
                "Payment within 30 days.",
                "Monitored by finance.",
                False,
                "met",
            ),
        ],
    ),
    (
        "UKAS (accreditation body)",
        "certification_body",
        "high",
        "Accredits the calibration laboratory to ISO/IEC 17025.",
        [
            (
                "Laboratory conditions kept within the stated temperature range.",
                "Continuous temperature logging; calibration stops outside the range.",
                True,
                "met",
            ),
        ],
    ),
    (
        "Neighbours of the Sheffield works",
        "community",
        "low",
        "Residential streets next to the works.",
        [
            (
                "No noisy work at night.",
                "Machining shifts end at 22:00; compressors enclosed.",
                False,
                "met",
            ),
        ],
    ),
]

SCOPE = {
    "statement": (
        "Design, manufacture, calibration and sale of precision measuring gauges for rail "
        "and industrial customers."
    ),
    "products_services": (
        "Track and wheel gauges; plug, ring and thread gauges; calibration of customers' "
        "gauges with accredited certificates."
    ),
    "boundaries": (
        "Covers the Sheffield works and the calibration laboratory. Castings and heat "
        "treatment bought in are controlled as external provision (8.4). All requirements "
        "of ISO 9001 apply."
    ),
}


def _acme(stdout: Any, acme: Organization, users: dict[str, User]) -> None:
    quality = users[QUALITY]
    today = timezone.localdate()
    titles = set(ContextIssue.objects.for_organization(acme).values_list("title", flat=True))
    if len(titles) >= len(ISSUES) and QmsScope.objects.for_organization(acme).exists():
        return  # loaded before: a second run changes nothing and says nothing
    for index, (title, origin, swot, pestle, climate, owner, text, effect) in enumerate(ISSUES):
        if title in titles:
            continue
        reviewed = today - dt.timedelta(days=30 * (index + 1))
        services.issue_create(
            actor=quality,
            organization=acme,
            data={
                "title": title,
                "origin": origin,
                "category": swot,
                "pestle": pestle,
                "climate_related": climate,
                "owner": users[owner],
                "description": text,
                "effect": effect,
                "last_reviewed_on": reviewed,
                # Two falling due soon, so the overview and reminders have something to show.
                "next_review_on": today + dt.timedelta(days=5) if index in (2, 8) else None,
            },
        )
    names = set(InterestedParty.objects.for_organization(acme).values_list("name", flat=True))
    for name, kind, influence, text, requirements in PARTIES:
        if name in names:
            continue
        party = services.party_create(
            actor=quality,
            organization=acme,
            data={
                "name": name,
                "party_type": kind,
                "influence": influence,
                "description": text,
                "owner": quality,
                "climate_related": any(r[2] for r in requirements),
                "last_reviewed_on": today - dt.timedelta(days=60),
            },
        )
        for requirement, how, climate, status in requirements:
            services.requirement_create(
                actor=quality,
                party=party,
                data={
                    "requirement": requirement,
                    "how_addressed": how,
                    "climate_related": climate,
                    "status": status,
                },
            )
    if not ClimateDecision.objects.for_organization(acme).exists():
        services.climate_decide(
            actor=users["owner@acme.example"],
            organization=acme,
            data={"relevant": True, "rationale": CLIMATE_RATIONALE},
            password=PASSWORD,
        )
    scope = QmsScope.objects.for_organization(acme).first()
    if scope is None:
        scope = services.scope_create(
            actor=quality,
            organization=acme,
            data={
                **SCOPE,
                "sites": list(Site.objects.for_organization(acme)),
                "last_reviewed_on": today - dt.timedelta(days=90),
                "next_review_on": today + dt.timedelta(days=275),
            },
        )
    if scope.document_id is None:
        revision = services.context_document_publish(
            actor=quality,
            organization=acme,
            change_summary="First issue of the context and scope document.",
        )
        # Top management approves the first issue through the documents module's own
        # workflow (signed), so the demo shows it as a controlled, effective document.
        approver = users["owner@acme.example"]
        revision = revision_update(actor=quality, instance=revision, data={"approvers": [approver]})
        revision = model_transition(actor=quality, instance=revision, transition="submit")
        model_transition(actor=approver, instance=revision, transition="approve", password=PASSWORD)
        stdout.write(f"  {acme.name}: context document {revision.document.number} (effective)")
    stdout.write(f"  {acme.name}: context, interested parties, climate decision and scope")


def _northwind(northwind: Organization) -> None:
    if QmsScope.objects.for_organization(northwind).exists():
        return
    manager = User.objects.filter(email="quality@northwind.example").first()
    if manager is None:
        return
    services.scope_create(
        actor=manager,
        organization=northwind,
        data={
            "statement": "Sand and die casting of aluminium and grey-iron parts to customer "
            "drawings.",
            "products_services": "Castings to customers' drawings, machined on request.",
            "sites": list(Site.objects.for_organization(northwind)),
            "boundaries": "Design and development (8.3) is not applicable: castings are made "
            "to customers' designs.",
        },
    )


def load(*, stdout: Any) -> None:
    acme = Organization.objects.filter(slug="acme").first()
    emails = [QUALITY, PROCESS_OWNER, "owner@acme.example"]
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    if acme is not None and len(users) == len(emails):
        _acme(stdout, acme, users)
    northwind = Organization.objects.filter(slug="northwind").first()
    if northwind is not None:
        _northwind(northwind)
