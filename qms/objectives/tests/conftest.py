from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from qms.objectives import services
from qms.objectives.models import QualityObjective


@pytest.fixture
def make_objective(organization: Any, quality_manager: Any) -> Any:
    """An objective created through the service (number, event), active by default."""

    def make(*, status: str = "active", **data: Any) -> QualityObjective:
        values = {
            "title": "On-time delivery",
            "owner": quality_manager,
            "unit": "%",
            "direction": "higher",
            "baseline": Decimal("80"),
            "target": Decimal("95"),
            "start_date": dt.date(2026, 1, 1),
            "due_date": dt.date(2026, 12, 31),
            **data,
        }
        objective = services.objective_create(
            actor=quality_manager, organization=organization, data=values
        )
        if status != "draft":
            QualityObjective.objects.filter(pk=objective.pk).update(status=status)
            objective.refresh_from_db()
        return objective

    return make
