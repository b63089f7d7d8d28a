from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from qms.complaints import services
from qms.complaints.models import Complaint


@pytest.fixture
def make_complaint(organization: Any, quality_manager: Any) -> Any:
    """A complaint logged through the service (so it has its number and its event)."""

    def make(**data: Any) -> Complaint:
        values = {
            "customer_name": "Northern Rail Supplies",
            "contact_name": "Ann Baker",
            "contact_email": "ann.baker@nrs.example",
            "reference": "PO-4471",
            "received_on": timezone.localdate() - dt.timedelta(days=2),
            "channel": "email",
            "description": "Three pressure gauges arrived with cracked glass.",
            "owner": quality_manager,
            **data,
        }
        return services.complaint_create(
            actor=quality_manager, organization=organization, data=values
        )

    return make
