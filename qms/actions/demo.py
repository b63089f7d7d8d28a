"""Demo actions at Acme Gauges Ltd that are not tied to nonconformities (the nonconformities
demo adds theirs): a few free-standing improvements and process actions, in every state, some
overdue. Each is looked up by title first, so running `qms demo` again changes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from qms.accounts.models import User
from qms.core.workflow import model_transition
from qms.organizations.models import Organization, Process

from . import services
from .models import Action

ORGANIZATION = "acme"
MANAGER = "quality@acme.example"

# (title, owner, days from today, kind, priority, process code or "", steps as (name, reason))
ACTIONS: list[tuple[str, str, int, str, str, str, list[tuple[str, str]]]] = [
    (
        "Move the gauge-block set to the temperature-controlled cabinet",
        "employee@acme.example",
        -6,
        "improvement",
        "high",
        "",
        [],
    ),
    (
        "Update the supplier scorecard template for 2026",
        "process@acme.example",
        4,
        "action",
        "normal",
        "P-01",
        [("start", "")],
    ),
    (
        "Label the reference standards with their next calibration date",
        "employee@acme.example",
        2,
        "action",
        "normal",
        "",
        [],
    ),
    (
        "Add a torque check to the final assembly work instruction",
        "process@acme.example",
        21,
        "improvement",
        "low",
        "P-03",
        [],
    ),
    (
        "Replace the worn bench lights in the inspection area",
        "employee@acme.example",
        -14,
        "action",
        "normal",
        "",
        [("complete", "New LED panels fitted; illuminance measured at 1,200 lux.")],
    ),
    (
        "Trial a second courier for export shipments",
        "quality@acme.example",
        -30,
        "improvement",
        "low",
        "",
        [("cancel", "The current courier's new contract covers export lanes.")],
    ),
    (
        "Prepare the agenda inputs for the management review",
        "quality@acme.example",
        -1,
        "action",
        "urgent",
        "",
        [("start", "")],
    ),
]


def load(*, stdout: Any) -> None:
    organization = Organization.objects.filter(slug=ORGANIZATION).first()
    if organization is None:
        return
    manager = User.objects.filter(email=MANAGER).first()
    if manager is None:
        return
    today = timezone.localdate()
    added = 0
    existing = set(Action.objects.for_organization(organization).values_list("title", flat=True))
    for title, email, days, kind, priority, code, steps in ACTIONS:
        owner = User.objects.filter(email=email).first()
        if title in existing or owner is None:
            continue
        origin = (
            Process.objects.for_organization(organization).filter(code=code).first()
            if code
            else None
        )
        action = services.action_create(
            actor=manager,
            organization=organization,
            data={
                "title": title,
                "owner": owner,
                "due_date": today + timedelta(days=days),
                "priority": priority,
            },
            origin=origin,
            kind=kind,
        )
        for name, reason in steps:
            actor = owner if name in ("start", "complete") else manager
            action = model_transition(actor=actor, instance=action, transition=name, reason=reason)
        added += 1
    if added:
        stdout.write(f"  actions: {added} added at Acme")
