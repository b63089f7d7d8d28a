"""Acceptance (issue 15): an objective computed from the indicator "nonconformities.reported"
shows, for a month, the same count the nonconformity register API returns for that month's
"Detected from/until" filter: one calculation, two readers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from qms.nonconformities.tests.factories import NonconformityFactory
from qms.objectives import services
from qms.objectives.models import Measurement

pytestmark = pytest.mark.django_db

NC_API = "/api/v1/nonconformities/"


def test_indicator_objective_equals_the_register_count_for_the_month(
    make_objective: Any,
    organization: Any,
    other_organization: Any,
    quality_manager: Any,
    api_client_for: Any,
) -> None:
    march = [dt.date(2026, 3, d) for d in (1, 2, 15, 15, 28, 31)]
    for day in march:
        NonconformityFactory(organization=organization, detected_on=day)
    # Just outside the month, and another organization's NCs inside it: not counted.
    for day in (dt.date(2026, 2, 28), dt.date(2026, 4, 1)):
        NonconformityFactory(organization=organization, detected_on=day)
    NonconformityFactory.create_batch(3, organization=other_organization, detected_on=march[2])

    objective = make_objective(
        title="Fewer nonconformities",
        unit="NCs",
        direction="lower",
        baseline=Decimal("10"),
        target=Decimal("4"),
        source="indicator",
        indicator="nonconformities.reported",
        frequency="monthly",
    )
    services.objective_measurements_compute(
        actor=quality_manager, objective=objective, today=dt.date(2026, 4, 30)
    )
    computed = Measurement.objects.get(objective=objective, period=dt.date(2026, 3, 1))

    response = api_client_for(quality_manager).get(
        NC_API,
        {"detected_after": "2026-03-01", "detected_before": "2026-03-31", "page_size": 100},
    )
    assert response.status_code == 200
    body = response.json()
    listed = body["count"] if "count" in body else len(body["results"])
    assert listed == len(march) == len(body["results"])
    assert computed.value == Decimal(listed)
    assert computed.source == "computed"
