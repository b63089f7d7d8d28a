"""`qms worker`: the database queue's worker sends the queued notification e-mails."""

from __future__ import annotations

import io
import signal
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from qms.accounts.models import User
from qms.core.notifications import Notification, notify
from qms.core.testing.cli import run_qms
from qms.organizations.models import Organization

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_queue(settings: Any) -> None:
    settings.TASKS = DATABASE_QUEUE


@pytest.fixture
def signals_restored() -> Iterator[None]:
    """The worker installs its own SIGINT/SIGTERM handlers; put pytest's back afterwards."""
    names = [
        signal.SIGINT,
        signal.SIGTERM,
        *([signal.SIGQUIT] if hasattr(signal, "SIGQUIT") else []),
    ]
    saved = {name: signal.getsignal(name) for name in names}
    yield
    for name, handler in saved.items():
        signal.signal(name, handler)


def _worker(*args: str) -> str:
    out = io.StringIO()
    call_command(
        "worker", "--batch", "--no-startup-delay", "--no-reload", *args, stdout=out, stderr=out
    )
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_queue", "signals_restored")
def test_the_worker_in_batch_mode_sends_a_queued_e_mail(
    quality_manager: User, organization: Organization
) -> None:
    # given a committed notification: its e-mail is queued in the database, not sent
    with transaction.atomic():
        [row] = notify(
            recipients=[quality_manager],
            organization=organization,
            kind="document.review_due",
            title="Review due: Calibration procedure",
            url="/documents/12/",
        )
    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "qms.core.tasks.send_notification_email"
    assert queued.args_kwargs["kwargs"] == {"notification_id": row.pk}

    # when the worker runs what is queued and exits
    _worker()

    # then the e-mail went out once, and the notification says so
    assert [message.to for message in mail.outbox] == [["quality@acme.test"]]
    assert mail.outbox[0].subject == "[qms] Review due: Calibration procedure"
    row.refresh_from_db()
    assert row.emailed_at is not None
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"

    # and a second run finds nothing to do
    _worker()
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_queue", "signals_restored")
def test_a_rolled_back_notify_queues_nothing(
    quality_manager: User, organization: Organization
) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(
            recipients=[quality_manager],
            organization=organization,
            kind="document.review_due",
            title="Never sent",
        )
        raise RuntimeError("rolled back")

    assert DBTaskResult.objects.count() == 0
    assert Notification.objects.count() == 0
    _worker()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_queue", "signals_restored")
def test_the_worker_passes_max_tasks_through(
    quality_manager: User, organization: Organization
) -> None:
    # given two queued e-mails
    with transaction.atomic():
        notify(recipients=[quality_manager], organization=organization, kind="a.b", title="One")
    with transaction.atomic():
        notify(recipients=[quality_manager], organization=organization, kind="a.b", title="Two")

    # when the worker may run only one task
    _worker("--max-tasks", "1")

    # then one was sent and one is still queued
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 1


def test_qms_worker_without_a_queue_says_so_in_one_line(tmp_path: Any) -> None:
    result = run_qms(tmp_path, "worker", "--batch", QMS_TASKS_BACKEND="immediate")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "worker: tasks run without a queue (QMS_TASKS_BACKEND=immediate); "
        "set QMS_TASKS_BACKEND=database to use a worker"
    ]


def test_qms_worker_is_a_command_of_the_qms_script(tmp_path: Any) -> None:
    result = run_qms(tmp_path, "worker", "--help")
    assert result.returncode == 0
    for option in ("--batch", "--queue-name", "--max-tasks", "--interval"):
        assert option in result.stdout
