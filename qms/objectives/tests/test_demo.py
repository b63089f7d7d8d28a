"""The objectives demo: seven objectives at Acme with two years of measurements, varied
performance, computed ones where an indicator is registered; running it twice changes
nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.utils import timezone

from qms.core.indicators import _INDICATORS, Indicator, register_indicator
from qms.objectives import demo
from qms.objectives.models import Measurement, QualityObjective
from qms.objectives.selectors import performance_of, with_latest
from qms.organizations import demo as organizations_demo
from qms.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_the_demo_loads_objectives_once(settings: Any) -> None:
    settings.DEBUG = True

    def per_month(organization_id: int, start: Any, end: Any) -> int:
        return 3

    key = "nonconformities.closed_on_time_pct_test"
    register_indicator(
        Indicator(
            key=key, label="NCs closed on time (test)", unit="%", better="higher", compute=per_month
        )
    )
    try:
        organizations_demo.load(stdout=io.StringIO())
        demo.load(stdout=io.StringIO())
        acme = Organization.objects.get(slug="acme")
        objectives = QualityObjective.objects.for_organization(acme)
        assert objectives.count() == 7
        count = Measurement.objects.for_organization(acme).count()
        assert count > 100
        assert objectives.filter(source="indicator").exists()
        assert objectives.filter(status="achieved").count() == 1
        today = timezone.localdate()
        performance = {performance_of(o, today=today) for o in with_latest(objectives)}
        assert {"on_track", "at_risk", "missed"} <= performance
        demo.load(stdout=io.StringIO())
        assert QualityObjective.objects.for_organization(acme).count() == 7
        assert Measurement.objects.for_organization(acme).count() == count
    finally:
        _INDICATORS.pop(key, None)
