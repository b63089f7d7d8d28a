"""Action reminders and the weekly digest, with the clock moved: each goes out exactly once,
even when `qms remind` runs twice or missed a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail

from qms.actions import services
from qms.actions.models import Action
from qms.core.notifications import Notification
from qms.core.reminders import ReminderDelivery, reminders_run
from qms.core.workflow import model_transition

DUE = dt.date(2030, 6, 14)  # a Friday


@pytest.fixture(autouse=True)
def _settings(settings: Any) -> None:
    settings.ACTIONS_REMINDER_DAYS = 3
    settings.DIGEST_WEEKDAY = 0  # Monday


@pytest.fixture
def action(organization: Any, quality_manager: Any, employee: Any) -> Action:
    return services.action_create(
        actor=quality_manager,
        organization=organization,
        data={"title": "Check the gauges", "owner": employee, "due_date": DUE},
    )


def _sent(user: Any, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=kind))


def test_due_soon_goes_out_n_days_before_once_with_an_email(
    action: Action, employee: Any, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    reminders_run(today=DUE - dt.timedelta(days=4))
    assert _sent(employee, "actions.due_soon") == []

    with django_capture_on_commit_callbacks(execute=True):
        reminders_run(today=DUE - dt.timedelta(days=3))
        reminders_run(today=DUE - dt.timedelta(days=3))
        reminders_run(today=DUE - dt.timedelta(days=1))

    sent = _sent(employee, "actions.due_soon")
    assert len(sent) == 1
    assert action.number in sent[0].title
    assert sent[0].url == action.get_absolute_url()
    assert [m.to for m in mail.outbox if action.number in m.subject] == [[employee.email]]


def test_a_missed_due_soon_day_is_caught_up_once(action: Action, employee: Any) -> None:
    # the worker was down 3 days before; the next run, 2 days before, still sends it
    reminders_run(today=DUE - dt.timedelta(days=2))
    reminders_run(today=DUE - dt.timedelta(days=1))
    assert len(_sent(employee, "actions.due_soon")) == 1


def test_the_organizations_own_days_win_over_the_setting(
    action: Action, organization: Any, employee: Any
) -> None:
    organization.action_reminder_days = 10
    organization.save()
    reminders_run(today=DUE - dt.timedelta(days=10))
    assert len(_sent(employee, "actions.due_soon")) == 1


def test_overdue_goes_out_the_day_after_once(action: Action, employee: Any) -> None:
    reminders_run(today=DUE)
    assert _sent(employee, "actions.overdue") == []

    reminders_run(today=DUE + dt.timedelta(days=1))
    reminders_run(today=DUE + dt.timedelta(days=1))
    reminders_run(today=DUE + dt.timedelta(days=5))

    sent = _sent(employee, "actions.overdue")
    assert len(sent) == 1
    assert "overdue" in sent[0].title.lower()


def test_a_new_due_date_makes_new_reminders(
    action: Action, quality_manager: Any, employee: Any
) -> None:
    reminders_run(today=DUE - dt.timedelta(days=2))
    later = DUE + dt.timedelta(days=20)
    services.action_update(actor=quality_manager, instance=action, data={"due_date": later})

    reminders_run(today=later - dt.timedelta(days=2))
    reminders_run(today=later + dt.timedelta(days=1))

    assert len(_sent(employee, "actions.due_soon")) == 2
    assert len(_sent(employee, "actions.overdue")) == 1


def test_done_and_cancelled_actions_get_no_reminders(
    action: Action, organization: Any, quality_manager: Any, employee: Any
) -> None:
    other = services.action_create(
        actor=quality_manager,
        organization=organization,
        data={"title": "Other", "owner": employee, "due_date": DUE},
    )
    model_transition(actor=employee, instance=action, transition="complete", reason="Done")
    model_transition(actor=quality_manager, instance=other, transition="cancel", reason="Moot")

    reminders_run(today=DUE - dt.timedelta(days=1))
    reminders_run(today=DUE + dt.timedelta(days=1))

    assert _sent(employee, "actions.due_soon") == []
    assert _sent(employee, "actions.overdue") == []


# --- The weekly digest -----------------------------------------------------------------------

MONDAY = dt.date(2030, 6, 10)


def test_the_digest_goes_out_once_a_week_on_the_weekday(
    action: Action,
    organization: Any,
    quality_manager: Any,
    employee: Any,
    viewer: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    services.action_create(
        actor=quality_manager,
        organization=organization,
        data={"title": "Late thing", "owner": employee, "due_date": MONDAY - dt.timedelta(days=3)},
    )
    services.action_create(
        actor=quality_manager,
        organization=organization,
        data={"title": "Far thing", "owner": employee, "due_date": MONDAY + dt.timedelta(days=40)},
    )

    reminders_run(today=MONDAY - dt.timedelta(days=1))  # Sunday: the week before, no digest
    with django_capture_on_commit_callbacks(execute=True):
        reminders_run(today=MONDAY)
        reminders_run(today=MONDAY)
        reminders_run(today=MONDAY + dt.timedelta(days=3))

    digests = _sent(employee, "actions.weekly_digest")
    assert len(digests) == 2  # Sunday's week and this week, one each
    key = f"digest:{organization.pk}:{employee.pk}:2030-W24"
    delivery = ReminderDelivery.objects.select_related("notification").get(key=key)
    assert delivery.notification is not None
    body = delivery.notification.body
    assert "OVERDUE (1)" in body
    assert "DUE IN THE NEXT 7 DAYS (1)" in body  # DUE is on Friday
    assert "LATER: 1 more" in body
    assert "/actions/mine/" in body
    assert _sent(viewer, "actions.weekly_digest") == []  # nobody without actions
    assert _sent(quality_manager, "actions.weekly_digest") == []
    assert any("Late thing" in m.body for m in mail.outbox)


def test_a_missed_digest_day_is_sent_later_the_same_week_once(
    action: Action, employee: Any
) -> None:
    reminders_run(today=MONDAY + dt.timedelta(days=2))  # Wednesday: Monday's run was missed
    reminders_run(today=MONDAY + dt.timedelta(days=4))
    assert len(_sent(employee, "actions.weekly_digest")) == 1


def test_the_digest_waits_for_its_weekday(settings: Any, action: Action, employee: Any) -> None:
    settings.DIGEST_WEEKDAY = 3  # Thursday
    reminders_run(today=MONDAY)
    assert _sent(employee, "actions.weekly_digest") == []
    reminders_run(today=MONDAY + dt.timedelta(days=3))
    assert len(_sent(employee, "actions.weekly_digest")) == 1
