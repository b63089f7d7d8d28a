from __future__ import annotations

from typing import Any

import pytest

from qms.risks import services
from qms.risks.models import Risk


@pytest.fixture
def make_risk(organization: Any, quality_manager: Any) -> Any:
    """An entry recorded through the service (number, event, assessment)."""

    def make(**data: Any) -> Risk:
        values = {
            "kind": "risk",
            "title": "Reference gauges used past their calibration due date",
            "description": "A gauge past its due date may pass bad parts.",
            "cause": "No recall list.",
            "effect": "Nonconforming parts shipped.",
            "owner": quality_manager,
            "inherent_likelihood": 3,
            "inherent_consequence": 4,
            **data,
        }
        return services.risk_create(actor=quality_manager, organization=organization, data=values)

    return make
