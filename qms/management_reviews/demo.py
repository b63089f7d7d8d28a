"""Demo data of management reviews: Acme's annual management review held three weeks ago,
with its input pack compiled from Acme's live records (the earlier demos: context, risks,
nonconformities, complaints, surveys, objectives and internal audits), the attendance, the
text of the manual sections, three decisions followed up as actions, and the minutes
approved with the owner's signature; and the next review, planned in ten days with its pack
still to compile (the chair's reminder and the calendar show it).

Runs after the internal audits demo (INSTALLED_APPS order). Idempotent: nothing is written
when Acme has a management review already.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from qms.accounts.models import User
from qms.core.workflow import model_transition
from qms.organizations.models import Organization

from . import services
from .models import InputSection, ManagementReview

PASSWORD = "demo"  # noqa: S105 - the demo users' password (organizations demo)
OWNER = "owner@acme.example"
QUALITY = "quality@acme.example"
PROCESS_OWNER = "process@acme.example"

SECTION_TEXT = {
    "audits": (
        "**External audit.** No certification audit yet: the Stage 1 audit with the "
        "certification body is planned once the readiness report shows no blocking gap."
    ),
    "providers": (
        "Castings supplier: two late deliveries in the period, one batch with porosity "
        "(handled as an NC). Calibration service provider: all certificates on time. "
        "Steel bar stock: no issue."
    ),
    "resources": (
        "The calibration laboratory runs at full capacity; one technician retires next "
        "year. Machining: three of five CNC machines are over 20 years old. Office and "
        "IT resources are adequate."
    ),
}

MINUTES = """\
## Opening
The owner opened the review and confirmed the period covered and the attendance.

## Inputs
The quality manager presented the input pack section by section. Points discussed:

- Nonconformities: the NCs raised from the internal audit findings are in progress; the
  open major NC on gauge calibration is the priority.
- Customer feedback: the survey index is stable; complaints are acknowledged on time.
- Objectives: on-time delivery is behind its planned path.
- Resources: knowledge in the calibration laboratory depends on few people.

## Decisions
Three decisions were taken (see the decisions and their actions).
"""

CONCLUSION = (
    "Top management concludes that the QMS remains **suitable** for Acme's products and "
    "context, **adequate** with the resource decision taken today, and **effective** "
    "overall: objectives are mostly on track and nonconformities are handled, with the "
    "calibration knowledge risk and on-time delivery as the points to improve."
)

OUTPUTS = [
    (
        "improvement",
        "Introduce first-article inspection on the machining cell to cut rework.",
        PROCESS_OWNER,
        60,
    ),
    (
        "qms_change",
        "Merge the two incoming-inspection procedures into one controlled procedure.",
        QUALITY,
        45,
    ),
    (
        "resource_need",
        "Recruit and train a second calibration technician before the retirement.",
        OWNER,
        120,
    ),
]


def load(*, stdout: Any) -> None:
    acme = Organization.objects.filter(slug="acme").first()
    if acme is None or ManagementReview.objects.for_organization(acme).exists():
        return
    users = {u.email: u for u in User.objects.filter(email__in=[OWNER, QUALITY, PROCESS_OWNER])}
    if len(users) < 3:
        return
    today = timezone.localdate()
    _load_acme(acme, users, today)
    stdout.write(f"Management reviews: 2 at {acme.name} (one held and approved, one planned).")


def _load_acme(acme: Organization, users: dict[str, Any], today: dt.date) -> None:
    owner, quality = users[OWNER], users[QUALITY]
    held_on = today - dt.timedelta(days=21)
    review = services.review_create(
        actor=quality,
        organization=acme,
        data={
            "title": f"Annual management review {held_on.year}",
            "planned_on": held_on,
            "chair": owner,
            "format": "in_person",
            "location": "Board room, head office",
        },
    )
    review = services.pack_compile(actor=quality, review=review)
    for user, role in (
        (owner, "Managing director (chair)"),
        (quality, "Quality manager"),
        (users[PROCESS_OWNER], "Production manager"),
    ):
        services.attendance_add(
            actor=quality, review=review, data={"user": user, "role": role, "status": "present"}
        )
    services.attendance_add(
        actor=quality,
        review=review,
        data={"name": "Sam Patel", "role": "External quality consultant", "status": "apologies"},
    )
    for section in InputSection.objects.for_organization(acme).filter(
        review=review, key__in=list(SECTION_TEXT)
    ):
        services.section_text_update(actor=quality, section=section, text=SECTION_TEXT[section.key])
    review = model_transition(actor=quality, instance=review, transition="hold")
    for kind, decision, email, days in OUTPUTS:
        services.output_create(
            actor=quality,
            review=review,
            data={
                "kind": kind,
                "decision": decision,
                "owner": users[email],
                "due_date": today + dt.timedelta(days=days),
            },
        )
    review = services.minutes_update(
        actor=quality,
        instance=review,
        data={"minutes": MINUTES, "conclusion": CONCLUSION, "held_on": held_on},
    )
    model_transition(actor=owner, instance=review, transition="approve", password=PASSWORD)
    services.review_create(
        actor=quality,
        organization=acme,
        data={
            "title": "Mid-term management review",
            "planned_on": today + dt.timedelta(days=10),
            "chair": owner,
            "format": "hybrid",
            "location": "Board room and video call",
        },
    )
