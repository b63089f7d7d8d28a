"""Password-reset requests: throttled per account and per client address in the database,
e-mailed after commit through the task queue, and the same work for known and unknown
addresses (compared by the queries each request makes, never by timing)."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext

from qms.accounts.models import LoginFailure, ThrottleKind, User
from qms.accounts.tasks import send_password_reset

PASSWORD_RESET = "/accounts/password/reset/"
SENT = "/accounts/password/reset/sent/"
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _ask(client: Client, email: str, ip: str = "192.0.2.10") -> Any:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(PASSWORD_RESET, {"email": email}, REMOTE_ADDR=ip)


def test_one_account_gets_only_so_many_reset_mails_an_hour(
    quality_manager: User, settings: Any
) -> None:
    # given a limit of three requests per account and hour
    settings.PASSWORD_RESET_MAX_PER_HOUR = 3
    for n in range(3):
        assert _ask(Client(), "quality@acme.test", ip=f"192.0.2.{n}")["Location"] == SENT

    # when a fourth request comes, from yet another address and in other letter case
    response = _ask(Client(), "Quality@Acme.test", ip="198.51.100.1")

    # then it is refused with a clear message, and no fourth e-mail leaves
    assert response.status_code == 429
    assert "Too many reset requests" in response.content.decode()
    assert len(mail.outbox) == 3


def test_one_client_address_can_ask_only_so_many_resets_an_hour(
    quality_manager: User, settings: Any
) -> None:
    # given a limit of five requests per client address and hour, used up on other addresses
    settings.PASSWORD_RESET_MAX_PER_HOUR_PER_IP = 5
    for n in range(5):
        _ask(Client(), f"probe{n}@example.test", ip="203.0.113.5")

    # when the same client asks for a real account
    response = _ask(Client(), "quality@acme.test", ip="203.0.113.5")

    # then it is refused and nothing is sent, while another client is still served
    assert response.status_code == 429
    assert mail.outbox == []
    assert _ask(Client(), "quality@acme.test", ip="203.0.113.6")["Location"] == SENT
    assert len(mail.outbox) == 1


def test_the_count_lives_in_the_database_so_every_app_server_shares_it(
    db: Any, settings: Any
) -> None:
    # when two requests are made
    _ask(Client(), "someone@example.test", ip="203.0.113.5")
    _ask(Client(), "someone@example.test", ip="203.0.113.5")

    # then both are counted in the shared throttling table, apart from log-in failures
    rows = LoginFailure.objects.filter(kind=ThrottleKind.PASSWORD_RESET)
    assert list(rows.values_list("email", "ip")) == [("someone@example.test", "203.0.113.5")] * 2
    assert not LoginFailure.objects.filter(kind=ThrottleKind.LOGIN_FAILURE).exists()


def test_a_spoofed_forwarded_address_does_not_escape_the_per_address_limit(
    db: Any, settings: Any
) -> None:
    # given one proxy of ours and a limit of two per client address
    settings.TRUSTED_PROXIES = 1
    settings.PASSWORD_RESET_MAX_PER_HOUR_PER_IP = 2
    client = Client()

    # when one client forges a new left-most X-Forwarded-For with every request
    answers = [
        client.post(
            PASSWORD_RESET,
            {"email": f"probe{n}@example.test"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 198.51.100.23",
        ).status_code
        for n in range(3)
    ]

    # then the third is refused all the same
    assert answers == [302, 302, 429]


def test_the_mail_is_queued_after_commit_not_sent_in_the_request(
    quality_manager: User, settings: Any
) -> None:
    # given a queue that only records what is enqueued
    settings.TASKS = DUMMY_TASKS
    from django_tasks import default_task_backend

    # when a reset is asked for a known address
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        response = Client().post(PASSWORD_RESET, {"email": "quality@acme.test"})

    # then nothing was sent in the request; one task waits for the commit
    assert response["Location"] == SENT
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    [queued] = default_task_backend.results
    assert queued.task.name == send_password_reset.name
    assert queued.kwargs == {"email": "quality@acme.test"}


def test_known_and_unknown_addresses_make_the_same_answer_and_the_same_queries(
    quality_manager: User, settings: Any
) -> None:
    # given a queue that only records what is enqueued (the task runs elsewhere)
    settings.TASKS = DUMMY_TASKS

    def request(email: str) -> tuple[Any, list[str]]:
        with CaptureQueriesContext(connection) as captured:
            response = Client().post(PASSWORD_RESET, {"email": email}, REMOTE_ADDR="192.0.2.7")
        sql = [re.sub(re.escape(email), "<email>", q["sql"]) for q in captured.captured_queries]
        # the row ids and times written differ by nature; the statements must not
        return response, [re.sub(r"'[^']*'|\"s\d+_x\d+\"|\b\d+\b", "?", q) for q in sql]

    # when a reset is asked for a known and for an unknown address
    known, known_sql = request("quality@acme.test")
    unknown, unknown_sql = request("nobody@acme.test")

    # then the answers and the database work are the same
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known.content == unknown.content
    assert known_sql == unknown_sql
    assert not any("accounts_user" in statement for statement in known_sql)
