"""The personal iCalendar feed: a secret, revocable URL holding one's open actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from qms.actions import services as action_services
from qms.core.audit import AuditEvent
from qms.core.calendar import CalendarFeed, calendar_feed_create, calendar_feed_revoke, hash_token
from qms.core.workflow import model_transition

PAGE = "/account/calendar/"


def _feed_url(token: str) -> str:
    return f"/calendar/{token}.ics"


def _events(response: Any) -> list[Any]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


@pytest.fixture
def due() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=9)


def _action(organization: Any, actor: Any, owner: Any, due: dt.date, title: str) -> Any:
    return action_services.action_create(
        actor=actor,
        organization=organization,
        data={"title": title, "owner": owner, "due_date": due},
    )


def test_the_feed_parses_and_holds_the_users_open_actions(
    client: Any,
    organization: Any,
    other_organization: Any,
    quality_manager: Any,
    employee: Any,
    outsider: Any,
    due: dt.date,
    settings: Any,
) -> None:
    from qms.accounts.tests.factories import MembershipFactory

    settings.BASE_URL = "https://qms.example"
    MembershipFactory(organization=other_organization, user=employee, role="employee")
    mine = _action(organization, quality_manager, employee, due, "Calibrate the micrometer")
    elsewhere = _action(other_organization, outsider, employee, due, "Northwind task")
    _action(organization, quality_manager, quality_manager, due, "Someone else's")
    done = _action(organization, quality_manager, employee, due, "Already done")
    model_transition(actor=employee, instance=done, transition="complete", reason="ok")
    _feed, token = calendar_feed_create(actor=employee)

    events = _events(client.get(_feed_url(token)))

    by_summary = {str(event["SUMMARY"]): event for event in events}
    assert set(by_summary) == {
        f"{mine.number} Calibrate the micrometer",
        f"{elsewhere.number} Northwind task",
    }
    event = by_summary[f"{mine.number} Calibrate the micrometer"]
    assert event["DTSTART"].dt == due
    assert str(event["URL"]) == f"https://qms.example/actions/{mine.pk}/"
    assert str(event["UID"]) == f"action-{mine.pk}@qms.example"
    again = _events(client.get(_feed_url(token)))
    assert {str(e["UID"]) for e in again} == {str(e["UID"]) for e in events}  # stable


def test_only_the_hash_is_stored_and_audit_data_holds_no_token(employee: Any) -> None:
    feed, token = calendar_feed_create(actor=employee)
    assert feed.token_hash == hash_token(token)
    assert token not in str(CalendarFeed.objects.filter(pk=feed.pk).values().get())
    event = AuditEvent.objects.get(event_type="calendar_feed.created")
    assert token not in str(event.data) and feed.token_hash not in str(event.data)


def test_revoked_rotated_and_unknown_tokens_are_the_same_404(client: Any, employee: Any) -> None:
    _feed, first = calendar_feed_create(actor=employee)
    _feed, second = calendar_feed_create(actor=employee)  # a rotation

    assert client.get(_feed_url(first)).status_code == 404
    assert client.get(_feed_url(second)).status_code == 200
    assert AuditEvent.objects.filter(event_type="calendar_feed.rotated").count() == 1

    calendar_feed_revoke(actor=employee)
    assert client.get(_feed_url(second)).status_code == 404
    assert client.get(_feed_url("not-a-token")).status_code == 404
    assert AuditEvent.objects.filter(event_type="calendar_feed.revoked").count() == 1


def test_a_deactivated_account_has_no_feed(client: Any, employee: Any) -> None:
    _feed, token = calendar_feed_create(actor=employee)
    employee.is_active = False
    employee.save()
    assert client.get(_feed_url(token)).status_code == 404


def test_the_page_creates_shows_once_rotates_and_revokes(client_for: Any, employee: Any) -> None:
    client = client_for(employee)
    assert b"Create my calendar feed" in client.get(PAGE).content

    created = client.post(PAGE, {"action": "create"})
    url = created.context["new_url"]
    token = url.rsplit("/", 1)[-1].removesuffix(".ics")
    assert token in created.content.decode()
    assert token not in client.get(PAGE).content.decode()  # shown once

    rotated = client.post(PAGE, {"action": "rotate"})
    new_token = rotated.context["new_url"].rsplit("/", 1)[-1].removesuffix(".ics")
    assert client.get(_feed_url(token)).status_code == 404
    assert client.get(_feed_url(new_token)).status_code == 200

    assert client.post(PAGE, {"action": "revoke"}).status_code == 302
    assert client.get(_feed_url(new_token)).status_code == 404


def test_the_page_needs_a_login(client: Any) -> None:
    assert client.get(PAGE).status_code == 302


def test_the_feed_costs_the_same_with_many_actions(
    client: Any,
    organization: Any,
    quality_manager: Any,
    employee: Any,
    due: dt.date,
    django_assert_max_num_queries: Any,
) -> None:
    _action(organization, quality_manager, employee, due, "One")
    _feed, token = calendar_feed_create(actor=employee)
    client.get(_feed_url(token))
    with CaptureQueriesContext(connection) as first:
        client.get(_feed_url(token))
    for n in range(25):
        _action(organization, quality_manager, employee, due + dt.timedelta(days=n), f"A{n}")

    with django_assert_max_num_queries(len(first)):
        events = _events(client.get(_feed_url(token)))
    assert len(events) == 26
