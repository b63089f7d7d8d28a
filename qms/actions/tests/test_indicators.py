"""The action tracker's indicators: overdue at the period's end (the tracker's "Overdue"
filter, selectors.overdue_on) and completed on time."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from qms.core.indicators import get_indicator, indicator_value

from .factories import ActionFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api:actions-action-list")
START, END = dt.date(2026, 3, 1), dt.date(2026, 3, 31)


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23), tzinfo=timezone.get_current_timezone())


def test_registered():
    assert get_indicator("actions.overdue").better == "lower"
    assert get_indicator("actions.completed_on_time_pct").better == "higher"


def test_overdue_at_the_period_end(organization, other_organization):
    ActionFactory(organization=organization, due_date=END - dt.timedelta(days=1))  # overdue
    ActionFactory(organization=organization, due_date=END)  # due on the last day: not yet
    ActionFactory(  # done after the period: still to do at its end
        organization=organization,
        due_date=dt.date(2026, 3, 10),
        status="done",
        completed_at=at(dt.date(2026, 4, 2)),
    )
    ActionFactory(  # done within the period, late: no longer to do at its end
        organization=organization,
        due_date=dt.date(2026, 3, 10),
        status="done",
        completed_at=at(dt.date(2026, 3, 20)),
    )
    ActionFactory(organization=organization, due_date=dt.date(2026, 3, 1), status="cancelled")
    ActionFactory(organization=other_organization, due_date=dt.date(2026, 3, 1))
    assert indicator_value("actions.overdue", organization.pk, START, END) == 2


def test_overdue_today_equals_the_trackers_filter(organization, api_client_for, quality_manager):
    today = timezone.localdate()
    for back in (-5, -1, 0, 3):
        ActionFactory(organization=organization, due_date=today + dt.timedelta(days=back))
    ActionFactory(
        organization=organization,
        due_date=today - dt.timedelta(days=4),
        status="done",
        completed_at=timezone.now(),
    )
    figure = indicator_value("actions.overdue", organization.pk, today, today)
    response = api_client_for(quality_manager).get(LIST, {"overdue": "true", "count": "true"})
    assert response.status_code == 200
    assert figure == response.json()["count"] == 2


def test_completed_on_time(organization, other_organization):
    def done(due: dt.date, on: dt.date, org=organization) -> None:
        ActionFactory(organization=org, due_date=due, status="done", completed_at=at(on))

    done(due=START, on=START)  # on time, first day
    done(due=dt.date(2026, 3, 30), on=END)  # late, last day
    done(due=dt.date(2026, 4, 30), on=END)  # early
    done(due=END, on=END + dt.timedelta(days=1))  # after the period
    done(due=END, on=START - dt.timedelta(days=1))  # before it
    done(due=START, on=END, org=other_organization)
    ActionFactory(organization=organization, due_date=START, status="cancelled")

    key = "actions.completed_on_time_pct"
    assert indicator_value(key, organization.pk, START, END) == Decimal("66.7")
    assert indicator_value(key, organization.pk, dt.date(2026, 5, 1), dt.date(2026, 5, 31)) is None
