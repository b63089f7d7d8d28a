"""The complaint log's indicators: the period's first and last days count, the days around
it and other organizations do not, and "received" equals the log's own filtered count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from qms.core.indicators import get_indicator, indicator_value

from .factories import ComplaintFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api:complaints-complaint-list")
START, END = dt.date(2026, 3, 1), dt.date(2026, 3, 31)


def test_registered():
    assert get_indicator("complaints.received").better == "lower"
    assert get_indicator("complaints.mean_days_to_acknowledge").better == "lower"


def test_received_equals_the_logs_filtered_count(
    organization, other_organization, api_client_for, quality_manager
):
    for day in (START - dt.timedelta(days=1), START, END, END + dt.timedelta(days=1)):
        ComplaintFactory(organization=organization, received_on=day)
    ComplaintFactory(organization=other_organization, received_on=START)

    assert indicator_value("complaints.received", organization.pk, START, END) == 2
    period = {"received_after": START, "received_before": END, "count": "true"}
    response = api_client_for(quality_manager).get(LIST, period)
    assert response.status_code == 200
    assert response.json()["count"] == 2


def test_mean_days_to_acknowledge_by_the_acknowledgement_day(organization, other_organization):
    def make(org, received: dt.date, acknowledged: dt.date | None) -> None:
        ComplaintFactory(
            organization=org,
            received_on=received,
            acknowledged_on=acknowledged,
            status="acknowledged" if acknowledged else "received",
        )

    make(organization, dt.date(2026, 2, 27), START)  # 2 days
    make(organization, dt.date(2026, 3, 28), END)  # 3 days
    make(organization, dt.date(2026, 3, 2), None)  # not acknowledged
    make(organization, dt.date(2026, 3, 20), END + dt.timedelta(days=1))  # after the period
    make(other_organization, dt.date(2026, 3, 1), dt.date(2026, 3, 30))

    key = "complaints.mean_days_to_acknowledge"
    assert indicator_value(key, organization.pk, START, END) == Decimal("2.5")
    assert indicator_value(key, organization.pk, dt.date(2026, 5, 1), dt.date(2026, 5, 31)) is None
