from __future__ import annotations

from typing import Any

import pytest

from qms.context import services
from qms.context.models import ContextIssue, InterestedParty


@pytest.fixture
def make_issue(organization: Any, quality_manager: Any) -> Any:
    def make(**data: Any) -> ContextIssue:
        values = {
            "title": "Energy prices at the works",
            "origin": "external",
            "category": "threat",
            "pestle": "economic",
            "description": "Electricity costs for the heat-treatment furnaces doubled.",
            "effect": "Pressure to cut corners on tempering times.",
            "owner": quality_manager,
            **data,
        }
        return services.issue_create(actor=quality_manager, organization=organization, data=values)

    return make


@pytest.fixture
def make_party(organization: Any, quality_manager: Any) -> Any:
    def make(**data: Any) -> InterestedParty:
        values = {
            "name": "Rail operators",
            "party_type": "customer",
            "influence": "high",
            "owner": quality_manager,
            **data,
        }
        return services.party_create(actor=quality_manager, organization=organization, data=values)

    return make
