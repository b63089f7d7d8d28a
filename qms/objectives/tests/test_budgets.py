"""Query budgets of the objectives' other readers (the objective list page and API list are
in test_views): the CSV export, the PDF report's context, the measurement list page and the
measurement API list cost the same for 3 objectives as for 43, each with measurements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qms.objectives.models import QualityObjective
from qms.objectives.pdf import report_context
from qms.objectives.tests.factories import MeasurementFactory, QualityObjectiveFactory

pytestmark = pytest.mark.django_db


def _objectives(organization: Any, owner: Any, n: int) -> None:
    for objective in QualityObjectiveFactory.create_batch(
        n, organization=organization, owner=owner
    ):
        for month in (1, 2, 3):
            MeasurementFactory(
                objective=objective, period=dt.date(2026, month, 1), value=D(80 + month)
            )


def _same_cost(organization: Any, owner: Any, fn: Any) -> None:
    _objectives(organization, owner, 3)
    fn()  # warm caches (session, permissions, content types)
    with CaptureQueriesContext(connection) as few:
        fn()
    _objectives(organization, owner, 40)
    with CaptureQueriesContext(connection) as many:
        fn()
    assert len(many.captured_queries) <= len(few.captured_queries)


def _body(response: Any) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def test_objective_export(organization: Any, quality_manager: Any, client_for: Any) -> None:
    client = client_for(quality_manager)

    def export() -> None:
        response = client.get("/objectives/?export=csv")
        assert response.status_code == 200
        _body(response)

    _same_cost(organization, quality_manager, export)


def test_pdf_report_context(organization: Any, quality_manager: Any) -> None:
    def build() -> None:
        items = report_context(queryset=QualityObjective.objects.for_organization(organization))
        for item in items["items"]:
            str(item["objective"].owner)

    _same_cost(organization, quality_manager, build)


def test_measurement_list_page_and_export(
    organization: Any, quality_manager: Any, client_for: Any
) -> None:
    client = client_for(quality_manager)

    def page() -> None:
        assert client.get("/objectives/measurements/?per_page=200").status_code == 200
        export = client.get("/objectives/measurements/?export=csv")
        assert export.status_code == 200
        _body(export)

    _same_cost(organization, quality_manager, page)


def test_measurement_api_list(organization: Any, quality_manager: Any, api_client_for: Any) -> None:
    api = api_client_for(quality_manager)

    def listing() -> None:
        assert api.get("/api/v1/objective-measurements/?page_size=200").status_code == 200

    _same_cost(organization, quality_manager, listing)
