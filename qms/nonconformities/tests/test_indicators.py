"""The register's indicators: the period's first and last days count, the days around it
and other organizations do not, and each figure equals the register's own answer for the
same question (one calculation: selectors.reported_between / closed_between)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from qms.core.indicators import get_indicator, indicator_value
from qms.nonconformities import metrics

from .factories import NonconformityFactory

pytestmark = pytest.mark.django_db

NCS = reverse("api:nonconformities-nonconformity-list")
START, END = dt.date(2026, 3, 1), dt.date(2026, 3, 31)


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def closed(organization: Any, *, detected: dt.date, on: dt.date, due: dt.date | None) -> Any:
    return NonconformityFactory(
        organization=organization,
        detected_on=detected,
        status="closed",
        closed_at=at(on, 23),
        verification_due=due,
    )


def test_every_indicator_is_registered():
    for key, better in (
        ("nonconformities.reported", "lower"),
        ("nonconformities.major_reported", "lower"),
        ("nonconformities.closed", "higher"),
        ("nonconformities.closed_on_time_pct", "higher"),
        ("nonconformities.mean_days_to_close", "lower"),
    ):
        assert get_indicator(key).better == better


def test_reported_counts_the_first_and_last_day_as_the_register_does(
    organization, other_organization, api_client_for, quality_manager
):
    for day in (START - dt.timedelta(days=1), START, END, END + dt.timedelta(days=1)):
        NonconformityFactory(organization=organization, detected_on=day)
    NonconformityFactory(organization=organization, detected_on=END, severity="major")
    NonconformityFactory(organization=other_organization, detected_on=START, severity="major")

    value = indicator_value("nonconformities.reported", organization.pk, START, END)
    majors = indicator_value("nonconformities.major_reported", organization.pk, START, END)
    assert (value, majors) == (Decimal(3), Decimal(1))

    client = api_client_for(quality_manager)
    period = {"detected_after": START, "detected_before": END, "count": "true"}
    assert client.get(NCS, period).json()["count"] == 3
    assert client.get(NCS, {**period, "severity": "major"}).json()["count"] == 1


def test_closed_on_time_and_mean_days_by_the_closing_day(organization, other_organization):
    # In the period: closed on its first and its last day.
    closed(organization, detected=dt.date(2026, 2, 1), on=START, due=dt.date(2026, 2, 20))  # 28 d
    closed(organization, detected=dt.date(2026, 3, 1), on=END, due=dt.date(2026, 2, 27))  # 30 d
    closed(organization, detected=dt.date(2026, 3, 10), on=END, due=None)  # 21 d, no target
    # Outside it, or another organization's.
    closed(organization, detected=dt.date(2026, 1, 1), on=START - dt.timedelta(days=1), due=None)
    closed(organization, detected=dt.date(2026, 3, 1), on=END + dt.timedelta(days=1), due=None)
    closed(other_organization, detected=dt.date(2026, 3, 1), on=END, due=END)
    NonconformityFactory(organization=organization, detected_on=START, status="verified")

    def value(key: str) -> Decimal | None:
        return indicator_value(f"nonconformities.{key}", organization.pk, START, END)

    assert value("closed") == 3
    # 2026-03-01 is 9 days after its check date (on time), 2026-03-31 is 32 days after (late);
    # the one without a planned check is not counted.
    assert value("closed_on_time_pct") == Decimal("50.0")
    assert value("mean_days_to_close") == Decimal("26.3")  # (28 + 30 + 21) / 3


def test_the_grace_after_the_planned_check_is_the_organizations_setting(organization, settings):
    # Closed 32 days after its planned check: late with 30 days' grace, on time with 40.
    closed(organization, detected=dt.date(2026, 3, 1), on=END, due=dt.date(2026, 2, 27))
    settings.NONCONFORMITIES_CLOSE_GRACE_DAYS = 30
    late = indicator_value("nonconformities.closed_on_time_pct", organization.pk, START, END)
    settings.NONCONFORMITIES_CLOSE_GRACE_DAYS = 40
    kept = indicator_value("nonconformities.closed_on_time_pct", organization.pk, START, END)
    assert (late, kept) == (Decimal("0.0"), Decimal("100.0"))


def test_mean_days_matches_the_dashboard_chart_and_none_without_closings(
    organization, quality_manager
):
    closed(organization, detected=dt.date(2026, 2, 1), on=START, due=None)
    closed(organization, detected=dt.date(2026, 3, 1), on=dt.date(2026, 3, 11), due=None)
    months = dict(
        metrics.mean_days_to_close(
            user=quality_manager, organization=organization, today=dt.date(2026, 4, 15)
        )
    )
    march = indicator_value("nonconformities.mean_days_to_close", organization.pk, START, END)
    assert march is not None and float(march) == months[START] == 19.0
    april = (dt.date(2026, 4, 1), dt.date(2026, 4, 30))
    assert indicator_value("nonconformities.mean_days_to_close", organization.pk, *april) is None
    assert indicator_value("nonconformities.closed_on_time_pct", organization.pk, *april) is None
    assert indicator_value("nonconformities.closed", organization.pk, *april) == 0
