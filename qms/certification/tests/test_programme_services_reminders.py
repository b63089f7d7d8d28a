"""Reminders of the audit programme: an audit due within 30 days and not planned, and an
overdue audit, remind the body's certification managers once each (`qms remind`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from qms.certification.programme import reminders, services
from qms.core.notifications import Notification
from qms.core.reminders import ReminderDelivery, reminders_run

from .programme_world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organization: Any) -> World:
    return build_world(organization)


def _titles(user: Any) -> list[str]:
    return sorted(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_an_unplanned_audit_due_within_30_days_reminds_the_managers_once(world: World) -> None:
    today = timezone.localdate()
    programme = world.programme()
    services.cert_audit_add_special(
        actor=world.manager,
        programme=programme,
        purpose="Scope extension visit.",
        due_by=today + dt.timedelta(days=20),
    )
    services.cert_audit_add_special(
        actor=world.manager,
        programme=programme,
        purpose="Later.",
        due_by=today + dt.timedelta(days=45),
    )

    first = reminders_run(today=today)
    second = reminders_run(today=today)

    rule = next(r for r in first.rules if r.name == reminders.UNPLANNED)
    assert rule.sent == 1
    assert next(r for r in second.rules if r.name == reminders.UNPLANNED).sent == 0
    assert _titles(world.manager) == ["Plan Special audit: Gauges Client Ltd"]
    assert _titles(world.lead) == []  # auditors are not the ones who plan


def test_a_planned_audit_needs_no_reminder(world: World) -> None:
    today = timezone.localdate()
    programme = world.programme()
    audit = services.cert_audit_add_special(
        actor=world.manager,
        programme=programme,
        purpose="Planned already.",
        due_by=today + dt.timedelta(days=20),
    )
    services.cert_audit_plan(
        actor=world.manager,
        audit=audit,
        start_date=today + dt.timedelta(days=15),
        lead_auditor=world.lead,
    )

    assert list(reminders.unplanned_rule(today)) == []


def test_an_overdue_audit_reminds_the_managers_once_per_due_date(world: World) -> None:
    today = timezone.localdate()
    world.certified(dt.date(2024, 7, 15))  # surveillance 1 and 2 are past their due-by

    reminders_run(today=today)
    reminders_run(today=today + dt.timedelta(days=1))

    overdue = ReminderDelivery.objects.filter(rule=reminders.OVERDUE)
    assert overdue.count() == 2  # one per overdue audit, not one per day
    assert all(d.recipient_id == world.manager.pk for d in overdue)
    titles = _titles(world.manager)
    assert "Overdue, not done: Surveillance 1, Gauges Client Ltd" in titles
