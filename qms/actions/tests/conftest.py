from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from qms.actions import services
from qms.actions.models import Action
from qms.organizations.models import Organization


@pytest.fixture
def make_action(organization: Organization, quality_manager: Any) -> Callable[..., Action]:
    """An action created through the service (numbered, audited), owned by `owner`."""

    def make(*, owner: Any, days: int = 10, origin: Any = None, **data: Any) -> Action:
        values = {
            "title": data.pop("title", "Recalibrate the torque wrench"),
            "owner": owner,
            "due_date": timezone.localdate() + dt.timedelta(days=days),
            **data,
        }
        return services.action_create(
            actor=quality_manager, organization=organization, data=values, origin=origin
        )

    return make
