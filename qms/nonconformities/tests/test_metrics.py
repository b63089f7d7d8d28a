"""The dashboard aggregates: grouped in SQL, one or two queries each (plus the reader's
membership, looked up once per queryset outside a request), right numbers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from qms.nonconformities import metrics
from qms.organizations.tests.factories import ProcessFactory

from .factories import NonconformityFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 15)


def nc(organization: Any, days: int, **fields: Any) -> Any:
    fields.setdefault("detected_on", TODAY - dt.timedelta(days=days))
    return NonconformityFactory(organization=organization, **fields)


def test_open_by_age_and_severity(
    organization, other_organization, quality_manager, django_assert_max_num_queries
):
    nc(organization, 0, severity="major")
    nc(organization, 30, severity="minor")
    nc(organization, 31, severity="minor")
    nc(organization, 75, severity="observation")
    nc(organization, 91, severity="major")
    nc(organization, 5, severity="major", status="closed")  # closed: not counted
    nc(other_organization, 5, severity="major")  # another organization: not counted
    with django_assert_max_num_queries(2):
        counts = metrics.open_by_age(user=quality_manager, organization=organization, today=TODAY)
    assert counts == {
        "major": [1, 0, 0, 1],
        "minor": [1, 1, 0, 0],
        "observation": [0, 0, 1, 0],
    }


def test_open_by_process(organization, quality_manager):
    press = ProcessFactory(organization=organization, code="P-03", name="Machining")
    nc(organization, 1, process=press)
    nc(organization, 2, process=press)
    nc(organization, 3)
    nc(organization, 4, process=press, status="closed")
    rows = metrics.open_by_process(user=quality_manager, organization=organization)
    assert rows == [("P-03 Machining", 2), ("No process", 1)]


def test_mean_days_to_close_by_month(organization, quality_manager, django_assert_max_num_queries):
    closed = dt.datetime(2026, 10, 20, 12, tzinfo=dt.UTC)
    nc(organization, 0, detected_on=dt.date(2026, 10, 10), status="closed", closed_at=closed)
    nc(organization, 0, detected_on=dt.date(2026, 9, 30), status="closed", closed_at=closed)
    with django_assert_max_num_queries(2):
        rows = metrics.mean_days_to_close(
            user=quality_manager, organization=organization, today=TODAY
        )
    assert len(rows) == 12 and rows[-1] == (dt.date(2026, 11, 1), None)
    assert rows[-2] == (dt.date(2026, 10, 1), 15.0)


def test_repeats_by_process(organization, quality_manager, django_assert_max_num_queries):
    press = ProcessFactory(organization=organization, code="P-03", name="Machining")
    lab = ProcessFactory(organization=organization, code="P-04", name="Lab")
    nc(organization, 10, process=press)
    nc(organization, 100, process=press)
    nc(organization, 400, process=press)  # older than 12 months
    nc(organization, 10, process=lab)
    with django_assert_max_num_queries(4):
        rows = metrics.repeat_nonconformities(
            user=quality_manager, organization=organization, today=TODAY
        )
    assert rows == [("Process: P-03 Machining", 2)]


def test_open_summary(organization, quality_manager):
    nc(organization, 1, severity="major", verification_due=TODAY - dt.timedelta(days=1))
    nc(organization, 1, verification_due=TODAY - dt.timedelta(days=1), status="verified")
    nc(organization, 1, status="closed")
    summary = metrics.open_summary(user=quality_manager, organization=organization, today=TODAY)
    assert (summary.open, summary.major, summary.overdue_verification) == (2, 1, 1)
