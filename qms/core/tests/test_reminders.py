"""Reminders: each (rule, key, recipient) is delivered once, however often `qms remind` runs."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction

from qms.accounts.models import User
from qms.core import reminders
from qms.core.audit import AuditEvent
from qms.core.notifications import Notification
from qms.core.reminders import (
    Reminder,
    ReminderDelivery,
    ReminderRule,
    register_reminder_rule,
    reminder_deliver,
    reminders_run,
)
from qms.core.testing.cli import run_qms
from qms.organizations.models import Organization

DAY = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _no_other_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the rules a test registers run (not those of the installed modules)."""
    monkeypatch.setattr(reminders, "_RULES", {})


def _review_due(
    people: list[User], organization: Organization | None, due: str = "2026-12-01"
) -> ReminderRule:
    def rule(today: date) -> Iterable[Reminder]:
        for person in people:
            yield Reminder(
                key=f"document:12:review:{due}",
                recipient=person,
                organization=organization,
                kind="document.review_due",
                title="Review due: Calibration procedure",
                body=f"The review is due on {due}.",
                url="/documents/12/",
            )

    return rule


def _remind(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("remind", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# --- The runner -------------------------------------------------------------------------------


def test_running_twice_delivers_each_reminder_once(
    quality_manager: User,
    employee: User,
    organization: Organization,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given a rule that reminds two people of one review
    register_reminder_rule(
        "documents.review_due", _review_due([quality_manager, employee], organization)
    )

    # when reminders run twice the same day
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_run(today=DAY)
    with django_capture_on_commit_callbacks(execute=True):
        second = reminders_run(today=DAY)

    # then each person got one notification and one e-mail
    assert (first.sent, first.already_sent) == (2, 0)
    assert (second.sent, second.already_sent) == (0, 2)
    assert Notification.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["employee@acme.test", "quality@acme.test"]
    assert mail.outbox[0].subject == "[qms] Review due: Calibration procedure"
    # and each delivery points at its notification
    deliveries = ReminderDelivery.objects.all()
    assert {d.recipient_id for d in deliveries} == {quality_manager.pk, employee.pk}
    assert all(d.notification_id is not None for d in deliveries)


def test_a_new_key_makes_a_new_reminder(
    quality_manager: User, organization: Organization, django_capture_on_commit_callbacks: Any
) -> None:
    # given a reminder delivered for one due date
    register_reminder_rule("documents.review_due", _review_due([quality_manager], organization))
    with django_capture_on_commit_callbacks(execute=True):
        reminders_run(today=DAY)

    # when the due date moves (the rule now gives another key)
    reminders._RULES.clear()
    register_reminder_rule(
        "documents.review_due", _review_due([quality_manager], organization, due="2027-06-01")
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = reminders_run(today=DAY)

    # then it is delivered again
    assert report.sent == 1
    assert len(mail.outbox) == 2


def test_each_delivery_is_audited_in_the_organizations_chain(
    quality_manager: User, organization: Organization
) -> None:
    register_reminder_rule("documents.review_due", _review_due([quality_manager], organization))

    reminders_run(today=DAY)

    event = AuditEvent.objects.get(event_type="reminder.delivered")
    assert event.organization_id == organization.pk
    assert event.actor_id is None
    assert event.subject_type == "core.reminderdelivery"
    assert event.data["rule"] == "documents.review_due"
    assert event.data["key"] == "document:12:review:2026-12-01"
    assert event.data["recipient"] == quality_manager.pk


def test_a_delivery_already_inserted_by_another_run_is_not_sent_again(
    quality_manager: User, organization: Organization, django_capture_on_commit_callbacks: Any
) -> None:
    # given another run inserted the delivery just before this one (the race a check-then-
    # insert would lose): the insert itself decides, through the unique constraint
    reminder = next(iter(_review_due([quality_manager], organization)(DAY)))
    ReminderDelivery.objects.create(
        rule="documents.review_due",
        key=reminder.key,
        recipient=quality_manager,
        organization=organization,
        run_date=DAY,
    )

    # when this run delivers the same reminder
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        delivered = reminder_deliver(rule="documents.review_due", reminder=reminder, today=DAY)

    # then it sends nothing, and leaves nothing behind
    assert delivered is False
    assert callbacks == []
    assert mail.outbox == []
    assert Notification.objects.count() == 0
    assert not AuditEvent.objects.filter(event_type="reminder.delivered").exists()
    # and the surrounding transaction is still usable
    with transaction.atomic():
        assert ReminderDelivery.objects.count() == 1


def test_the_dry_run_writes_and_sends_nothing(
    quality_manager: User, organization: Organization, django_capture_on_commit_callbacks: Any
) -> None:
    register_reminder_rule("documents.review_due", _review_due([quality_manager], organization))

    with django_capture_on_commit_callbacks(execute=True):
        report = reminders_run(today=DAY, dry_run=True)

    assert report.sent == 1
    assert ReminderDelivery.objects.count() == 0
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_a_failing_rule_is_reported_and_the_others_still_run(
    quality_manager: User, organization: Organization
) -> None:
    def broken(today: date) -> Iterator[Reminder]:
        raise LookupError("no such table")
        yield  # pragma: no cover

    register_reminder_rule("a.broken", broken)
    register_reminder_rule("documents.review_due", _review_due([quality_manager], organization))

    report = reminders_run(today=DAY)

    assert [rule.name for rule in report.failed] == ["a.broken"]
    assert "LookupError: no such table" in report.failed[0].error
    assert report.sent == 1


def test_a_rule_is_given_the_day(quality_manager: User, organization: Organization) -> None:
    seen: list[date] = []

    def rule(today: date) -> list[Reminder]:
        seen.append(today)
        return []

    register_reminder_rule("documents.review_due", rule)
    reminders_run(today=DAY)
    assert seen == [DAY]


def test_registering_a_rule_twice() -> None:
    def rule(today: date) -> list[Reminder]:
        return []

    register_reminder_rule("documents.review_due", rule)
    register_reminder_rule("documents.review_due", rule)  # the same function: fine
    with pytest.raises(ValueError, match="registered twice"):
        register_reminder_rule("documents.review_due", lambda today: [])
    with pytest.raises(ValueError):
        register_reminder_rule("", rule)


# --- Two runs at once (PostgreSQL: the second insert waits for the first) -------------------


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_deliver_a_reminder_once(
    quality_manager: User, organization: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: one database lock, no concurrent inserts")
    reminder = next(iter(_review_due([quality_manager], organization)(DAY)))
    inserted, release = threading.Event(), threading.Event()
    real_notify = reminders.notify

    def slow_notify(**kwargs: Any) -> Any:
        if threading.current_thread().name == "first":
            inserted.set()  # the first run holds its uncommitted delivery row ...
            release.wait(10)  # ... until the second has tried to insert its own
        return real_notify(**kwargs)

    monkeypatch.setattr(reminders, "notify", slow_notify)
    results: dict[str, bool] = {}

    def deliver() -> None:
        try:
            results[threading.current_thread().name] = reminder_deliver(
                rule="documents.review_due", reminder=reminder, today=DAY
            )
        finally:
            connection.close()

    first = threading.Thread(target=deliver, name="first")
    second = threading.Thread(target=deliver, name="second")
    first.start()
    assert inserted.wait(10)
    second.start()
    time.sleep(0.3)  # the second run is now waiting on the first's row
    release.set()
    first.join(10)
    second.join(10)

    assert results == {"first": True, "second": False}
    assert ReminderDelivery.objects.count() == 1
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


# --- `qms remind` ----------------------------------------------------------------------------


def test_the_command_prints_one_line_per_rule(
    quality_manager: User, organization: Organization, django_capture_on_commit_callbacks: Any
) -> None:
    register_reminder_rule("documents.review_due", _review_due([quality_manager], organization))
    register_reminder_rule("documents.acknowledgement_due", lambda today: [])

    with django_capture_on_commit_callbacks(execute=True):
        first, _ = _remind("--date", "2026-12-01")
    with django_capture_on_commit_callbacks(execute=True):
        second, _ = _remind("--date", "2026-12-01")

    assert first.splitlines() == [
        "documents.acknowledgement_due: sent 0, already sent 0",
        "documents.review_due: sent 1, already sent 0",
        "imports: removed 0 kept dry-run file(s) past their time",
    ]
    assert second.splitlines() == [
        "documents.acknowledgement_due: sent 0, already sent 0",
        "documents.review_due: sent 0, already sent 1",
        "imports: removed 0 kept dry-run file(s) past their time",
    ]
    assert len(mail.outbox) == 1


def test_the_command_dry_run_says_would_send(
    quality_manager: User, organization: Organization
) -> None:
    register_reminder_rule("documents.review_due", _review_due([quality_manager], organization))
    out, _ = _remind("--dry-run", "--date", "2026-12-01")
    assert out.splitlines() == ["documents.review_due: would send 1, already sent 0"]
    assert ReminderDelivery.objects.count() == 0


def test_the_command_exits_1_when_a_rule_fails(db: Any) -> None:
    def broken(today: date) -> list[Reminder]:
        raise LookupError("boom")

    register_reminder_rule("a.broken", broken)
    err = io.StringIO()
    with pytest.raises(SystemExit) as raised:
        call_command("remind", stdout=io.StringIO(), stderr=err)
    assert raised.value.code == 1
    assert err.getvalue().strip() == "a.broken: FAILED: LookupError: boom"


@pytest.mark.parametrize("value", ["2026-13-01", "tomorrow", "01.12.2026", ""])
def test_a_bad_date_exits_2_with_one_line(db: Any, value: str) -> None:
    err = io.StringIO()
    with pytest.raises(SystemExit) as raised:
        call_command("remind", "--date", value, stdout=io.StringIO(), stderr=err)
    assert raised.value.code == 2
    lines = err.getvalue().strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("remind: --date must be a date as YYYY-MM-DD")


def test_qms_remind_on_the_command_line_refuses_a_bad_date(tmp_path: Any) -> None:
    result = run_qms(tmp_path, "remind", "--date", "2026-02-30")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "remind: --date must be a date as YYYY-MM-DD, not '2026-02-30'"
    ]


def test_reminders_to_inactive_accounts_are_skipped_and_not_recorded(
    quality_manager: User, organization: Organization
) -> None:
    quality_manager.is_active = False
    quality_manager.save(update_fields=["is_active"])
    register_reminder_rule("documents.review_due", _review_due([quality_manager], organization))

    out, _ = _remind("--date", "2026-12-01")

    assert out.splitlines() == [
        "documents.review_due: sent 0, already sent 0, skipped 1 (inactive accounts)",
        "imports: removed 0 kept dry-run file(s) past their time",
    ]
    assert ReminderDelivery.objects.count() == 0
    assert mail.outbox == []
