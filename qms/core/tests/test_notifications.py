"""Notifications: written in the caller's transaction, e-mailed once after commit, personal."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction

from qms.accounts.models import User
from qms.accounts.tests.factories import UserFactory
from qms.core.audit import AuditEvent
from qms.core.notifications import (
    Notification,
    notification_get,
    notification_list,
    notification_mark_read,
    notification_send_email,
    notifications_mark_all_read,
    notifications_unread_count,
    notify,
)
from qms.organizations.models import Organization


def _notify(recipients: list[User], organization: Organization | None, **kwargs: Any) -> Any:
    values = {"kind": "document.review_due", "title": "Review “Calibration procedure”"}
    values.update(kwargs)
    return notify(recipients=recipients, organization=organization, **values)


# --- notify() and the e-mail ---------------------------------------------------------------


def test_a_rolled_back_notify_leaves_no_notification_and_sends_nothing(
    quality_manager: User, organization: Organization, django_capture_on_commit_callbacks: Any
) -> None:
    # given a service transaction that notifies and then fails
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _notify([quality_manager], organization)
            raise RuntimeError("the service failed after notifying")

    # then nothing was written, queued or sent
    assert Notification.objects.count() == 0
    assert callbacks == []
    assert mail.outbox == []


def test_after_commit_one_e_mail_per_recipient_is_sent_and_noted(
    quality_manager: User,
    employee: User,
    organization: Organization,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given a committed notify() to two people
    with django_capture_on_commit_callbacks() as callbacks:
        with transaction.atomic():
            rows = _notify(
                [quality_manager, employee],
                organization,
                body="Due on 2026-12-01.",
                url="/documents/12/",
            )
        # then nothing is sent before the commit
        assert mail.outbox == []

    # when the commit's callbacks run (the immediate task backend sends at once)
    for callback in callbacks:
        callback()

    # then each got one e-mail with the title, the text and an absolute link
    assert sorted(message.to[0] for message in mail.outbox) == [
        "employee@acme.test",
        "quality@acme.test",
    ]
    message = mail.outbox[0]
    assert message.subject == "[qms] Review “Calibration procedure”"
    assert "Due on 2026-12-01." in message.body
    assert "http://127.0.0.1:8000/documents/12/" in message.body
    assert "Acme Gauges Ltd" in message.body
    # and each notification notes when it was e-mailed
    assert all(
        row.emailed_at is not None
        for row in Notification.objects.filter(pk__in=[r.pk for r in rows])
    )


def test_a_notification_is_e_mailed_at_most_once(
    quality_manager: User, organization: Organization, django_capture_on_commit_callbacks: Any
) -> None:
    # given a notification that was e-mailed
    with django_capture_on_commit_callbacks(execute=True):
        [row] = _notify([quality_manager], organization)
    assert len(mail.outbox) == 1

    # when the task runs again (a retry)
    sent = notification_send_email(notification_id=row.pk)

    # then no second e-mail goes out
    assert sent is False
    assert len(mail.outbox) == 1
    # and a notification that no longer exists is skipped
    assert notification_send_email(notification_id=row.pk + 1000) is False


def test_email_false_writes_the_notification_without_queueing_mail(
    quality_manager: User, organization: Organization, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        [row] = _notify([quality_manager], organization, email=False)
    assert callbacks == []
    assert mail.outbox == []
    assert row.emailed_at is None


def test_each_recipient_counts_once_and_inactive_accounts_get_nothing(
    quality_manager: User, organization: Organization, django_capture_on_commit_callbacks: Any
) -> None:
    # given an inactive account among the recipients, and one person twice
    gone: User = UserFactory.create(email="gone@acme.test", is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        rows = _notify([quality_manager, gone, quality_manager], organization)

    # then one notification and one e-mail, to the active person
    assert [row.recipient for row in rows] == [quality_manager]
    assert [message.to for message in mail.outbox] == [["quality@acme.test"]]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kind", "Review due"),
        ("url", "https://evil.example/"),
        ("url", "//evil.example/"),
        ("url", "documents/1/"),
    ],
)
def test_bad_input_is_refused_before_anything_is_written(
    quality_manager: User, organization: Organization, field: str, value: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        _notify([quality_manager], organization, **{field: value})
    assert field in raised.value.message_dict
    assert Notification.objects.count() == 0


def test_a_notification_needs_no_organization(
    stranger: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        [row] = _notify([stranger], None, kind="account.welcome", title="Welcome")
    assert row.organization is None
    assert len(mail.outbox) == 1
    assert "Acme" not in mail.outbox[0].body


def test_notify_records_no_audit_event_of_its_own(
    quality_manager: User, organization: Organization
) -> None:
    # (the action that caused it is audited by its own service; see core.notifications)
    with transaction.atomic():
        _notify([quality_manager], organization)
    assert not AuditEvent.objects.filter(subject_type="core.notification").exists()


# --- Reading and marking read ----------------------------------------------------------------


def test_notifications_belong_to_their_recipient_only(
    quality_manager: User, employee: User, organization: Organization
) -> None:
    # given a notification to the employee
    [theirs] = _notify([employee], organization, email=False)

    # then the quality manager does not see it, cannot get it, nor mark it read
    assert list(notification_list(user=quality_manager)) == []
    with pytest.raises(Notification.DoesNotExist):
        notification_get(user=quality_manager, pk=theirs.pk)
    with pytest.raises(Notification.DoesNotExist):
        notification_mark_read(actor=quality_manager, notification=theirs)
    assert notifications_mark_all_read(actor=quality_manager) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_list_shows_unread_first_then_newest(
    quality_manager: User, organization: Organization
) -> None:
    # given three notifications, the newest one read
    *_older, third = (
        _notify([quality_manager], organization, title=title, email=False)[0]
        for title in ("first", "second", "third")
    )
    notification_mark_read(actor=quality_manager, notification=third)

    # then the unread come first, newest first, then the read one
    titles = [n.title for n in notification_list(user=quality_manager)]
    assert titles == ["second", "first", "third"]
    assert [n.title for n in notification_list(user=quality_manager, unread=True)] == [
        "second",
        "first",
    ]
    assert [n.title for n in notification_list(user=quality_manager, unread=False)] == ["third"]
    assert notifications_unread_count(user=quality_manager) == 2


def test_marking_read_is_idempotent_and_mark_all_counts(
    quality_manager: User, organization: Organization
) -> None:
    rows = _notify([quality_manager], organization, email=False)
    rows += _notify([quality_manager], organization, email=False)

    read = notification_mark_read(actor=quality_manager, notification=rows[0])
    again = notification_mark_read(actor=quality_manager, notification=rows[0])

    assert read.read_at is not None
    assert again.read_at == read.read_at
    assert notifications_mark_all_read(actor=quality_manager) == 1
    assert notifications_unread_count(user=quality_manager) == 0


def test_an_anonymous_user_has_no_notifications(db: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert notifications_unread_count(user=AnonymousUser()) == 0
    assert list(notification_list(user=AnonymousUser())) == []


def test_a_title_with_line_breaks_makes_a_one_line_subject(
    quality_manager: User, organization: Organization, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _notify([quality_manager], organization, title="Review\r\nBcc: someone@evil.test")
    assert mail.outbox[0].subject == "[qms] Review Bcc: someone@evil.test"
    assert mail.outbox[0].bcc == []


def test_an_over_long_title_is_shortened_not_refused(
    quality_manager: User, organization: Organization
) -> None:
    [row] = _notify([quality_manager], organization, title="x" * 300, email=False)
    assert len(row.title) == 200
    assert row.title.endswith("…")
