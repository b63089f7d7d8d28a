from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from qms.accounts.tests.factories import UserFactory
from qms.core.testing.factories import ModelFactory
from qms.objectives.models import Measurement, QualityObjective
from qms.organizations.tests.factories import OrganizationFactory


class QualityObjectiveFactory(ModelFactory):
    class Meta:
        model = QualityObjective

    organization = factory.SubFactory(OrganizationFactory)
    number = factory.Sequence(lambda n: f"OBJ-2026-{n + 1:03d}")
    title = factory.Sequence(lambda n: f"On-time delivery {n}")
    owner = factory.SubFactory(UserFactory)
    unit = "%"
    direction = "higher"
    baseline = Decimal("80")
    target = Decimal("95")
    start_date = dt.date(2026, 1, 1)
    due_date = dt.date(2026, 12, 31)
    status = "active"


class MeasurementFactory(ModelFactory):
    class Meta:
        model = Measurement

    objective = factory.SubFactory(QualityObjectiveFactory)
    organization = factory.LazyAttribute(lambda o: o.objective.organization)
    period = dt.date(2026, 1, 1)
    value = Decimal("85")
