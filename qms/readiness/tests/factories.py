from __future__ import annotations

from decimal import Decimal

import factory
from django.utils import timezone

from qms.accounts.tests.factories import UserFactory
from qms.core.testing.factories import ModelFactory
from qms.organizations.tests.factories import OrganizationFactory
from qms.readiness.models import ReadinessSnapshot


class ReadinessSnapshotFactory(ModelFactory):
    class Meta:
        model = ReadinessSnapshot

    organization = factory.SubFactory(OrganizationFactory)
    taken_at = factory.LazyFunction(timezone.now)
    taken_by = factory.SubFactory(UserFactory)
    percentage = Decimal("42.0")
    note = "Sent to the certification body"
    data = factory.LazyAttribute(
        lambda o: {
            "organization": str(o.organization),
            "date": "2026-11-28",
            "percentage": 42.0,
            "applicable": 0,
            "ready": 0,
            "excluded": 0,
            "counts": {},
            "audit_since": "2025-11-28",
            "review_since": "2025-11-28",
            "gaps": [],
            "lacking": [],
            "editions": [],
        }
    )
