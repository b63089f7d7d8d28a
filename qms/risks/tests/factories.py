from __future__ import annotations

import factory

from qms.accounts.tests.factories import UserFactory
from qms.core.testing.factories import ModelFactory
from qms.organizations.tests.factories import OrganizationFactory
from qms.risks.models import Risk


class RiskFactory(ModelFactory):
    class Meta:
        model = Risk

    organization = factory.SubFactory(OrganizationFactory)
    number = factory.Sequence(lambda n: f"RSK-2026-{n + 1:04d}")
    kind = "risk"
    title = factory.Sequence(lambda n: f"Risk {n}")
    description = "Gauges may be used past their calibration date."
    owner = factory.SubFactory(UserFactory)
