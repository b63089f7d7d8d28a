"""The certification body's calendar (audits due and overdue in the next 90 days, by week,
filtered by auditor and standard, with a chart per month) and the auditors' iCalendar feed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from qms.certification.models import CertAudit
from qms.certification.programme import services
from qms.core.calendar import calendar_feed_create
from qms.core.testing.audit_guard import allow_unaudited_writes

from .programme_world import World, build_world

pytestmark = pytest.mark.django_db

D0 = dt.date(2024, 7, 15)  # surveillance 1 due by 2025-07-15: overdue since


@pytest.fixture
def world(organization: Any) -> World:
    return build_world(organization)


def _special(world: World, programme: Any, days: int, purpose: str) -> CertAudit:
    return services.cert_audit_add_special(
        actor=world.manager,
        programme=programme,
        purpose=purpose,
        due_by=timezone.localdate() + dt.timedelta(days=days),
    )


def test_the_calendar_lists_overdue_audits_first_then_the_weeks_ahead(
    client_for: Any, world: World
) -> None:
    programme = world.certified(D0)
    soon = _special(world, programme, 10, "Complaint follow-up")
    _special(world, programme, 200, "Far away")

    page = client_for(world.manager).get(reverse("certification:programme_calendar"))

    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("Overdue</h3>") < html.index("Week of")
    assert "Surveillance 1" in html  # due by 2025-07-15, not done
    assert soon.get_absolute_url() in html
    assert "Far away" not in html
    monday = soon.due_by - dt.timedelta(days=soon.due_by.weekday())
    assert f"Week of {monday.strftime('%a')} {monday.day} " in html
    assert "Audits due per month, next 12 months" in html  # the chart


def test_the_calendar_filters_by_auditor_and_standard(client_for: Any, world: World) -> None:
    programme = world.certified(D0)
    mine = _special(world, programme, 5, "Led by Lee")
    services.cert_audit_plan(
        actor=world.manager,
        audit=mine,
        start_date=timezone.localdate() + dt.timedelta(days=5),
        lead_auditor=world.lead,
    )
    other = _special(world, programme, 6, "Nobody yet")
    client = client_for(world.manager)
    url = reverse("certification:programme_calendar")

    by_lead = client.get(url, {"auditor": world.lead.pk}).content.decode()
    by_standard = client.get(url, {"standard": world.edition.pk}).content.decode()
    bad = client.get(url, {"auditor": "not-a-person"})

    assert mine.get_absolute_url() in by_lead
    assert other.get_absolute_url() not in by_lead
    assert other.get_absolute_url() in by_standard
    assert bad.status_code == 400


def test_an_auditors_calendar_feed_holds_the_audits_they_lead_or_join(
    client: Any, world: World, settings: Any
) -> None:
    settings.BASE_URL = "https://qms.example"
    programme = world.programme()
    first = timezone.localdate() + dt.timedelta(days=14)
    world.plan(programme, "stage1", first, end_date=first + dt.timedelta(days=1))
    _feed, token = calendar_feed_create(actor=world.lead)

    response = client.get(f"/calendar/{token}.ics")

    assert response.status_code == 200
    events = list(Calendar.from_ical(response.content).walk("VEVENT"))
    ours = [e for e in events if str(e.get("uid")).startswith("certification-audit-")]
    assert len(ours) == 1
    event = ours[0]
    assert str(event.get("summary")) == "Stage 1 · Gauges Client Ltd"
    assert event.decoded("dtstart") == first
    assert "https://qms.example/certification/audits/" in str(event.get("url"))


def test_the_feed_shows_an_unplanned_audit_on_its_due_by_date(client: Any, world: World) -> None:
    programme = world.certified(D0)
    audit = world.audit(programme, "recertification")
    world.plan(programme, "surveillance_1", dt.date(2025, 6, 2))
    with allow_unaudited_writes():  # set-up: the feed reads the team, no rule is involved
        audit.team.add(world.lead)
    _feed, token = calendar_feed_create(actor=world.lead)

    feed = Calendar.from_ical(client.get(f"/calendar/{token}.ics").content)
    summaries = {str(event.get("summary")): event for event in feed.walk("VEVENT")}

    due = summaries["Due by: Recertification · Gauges Client Ltd"]
    assert due.decoded("dtstart") == audit.due_by
    assert "Surveillance 1 · Gauges Client Ltd" in summaries
