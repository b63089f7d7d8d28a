"""The readiness report costs the same number of queries for 1 linked record as for many:
the selector, the page, the exports and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qms.nonconformities.tests.factories import NonconformityFactory
from qms.organizations.tests.factories import ProcessFactory
from qms.readiness.selectors import readiness_report
from qms.risks.tests.factories import RiskFactory

from .records import effective_document

pytestmark = pytest.mark.django_db


def _records(organization: Any, library: Any, n: int) -> None:
    numbers = ["4.3", "4.4", "5.2", "6.2", "9.2", "10.2"]
    for index in range(n):
        number = numbers[index % len(numbers)]
        document = effective_document(organization)
        library.link(organization, number, document, reviewed=index % 2 == 0)
        library.link(organization, number, RiskFactory(organization=organization))
        library.link(organization, number, ProcessFactory(organization=organization, owner=None))
        NonconformityFactory(organization=organization, severity="major")


def _same_cost(organization: Any, library: Any, fn: Any) -> None:
    _records(organization, library, 1)
    fn()  # warm caches (session, permissions, content types)
    with CaptureQueriesContext(connection) as few:
        fn()
    _records(organization, library, 12)
    with CaptureQueriesContext(connection) as many:
        fn()
    assert len(many.captured_queries) <= len(few.captured_queries), [
        query["sql"] for query in many.captured_queries
    ]


def test_selector(organization: Any, library: Any) -> None:
    _same_cost(
        organization,
        library,
        lambda: readiness_report(organization=organization, today=dt.date(2026, 11, 28)),
    )


@pytest.mark.parametrize("url", ["/readiness/", "/readiness/report.xlsx", "/api/v1/readiness/"])
def test_pages_and_exports(
    organization: Any, library: Any, quality_manager: Any, client_for: Any, url: str
) -> None:
    client = client_for(quality_manager)

    def get() -> None:
        assert client.get(url).status_code == 200

    _same_cost(organization, library, get)
