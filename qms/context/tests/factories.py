from __future__ import annotations

import factory
from django.utils import timezone

from qms.accounts.tests.factories import UserFactory
from qms.context.models import (
    ClimateDecision,
    ContextIssue,
    InterestedParty,
    InterestedPartyRequirement,
    QmsScope,
)
from qms.core.testing.factories import ModelFactory
from qms.organizations.tests.factories import OrganizationFactory


class ContextIssueFactory(ModelFactory):
    class Meta:
        model = ContextIssue

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Context issue {n}")
    origin = "external"
    category = "threat"
    pestle = "economic"
    description = "Energy prices doubled in a year."


class InterestedPartyFactory(ModelFactory):
    class Meta:
        model = InterestedParty

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Interested party {n}")
    party_type = "customer"


class InterestedPartyRequirementFactory(ModelFactory):
    class Meta:
        model = InterestedPartyRequirement

    organization = factory.SubFactory(OrganizationFactory)
    party = factory.SubFactory(
        InterestedPartyFactory, organization=factory.SelfAttribute("..organization")
    )
    requirement = factory.Sequence(lambda n: f"Party requirement {n}: certificates with deliveries")
    how_addressed = "Certificate printed with every delivery note."


class ClimateDecisionFactory(ModelFactory):
    class Meta:
        model = ClimateDecision

    organization = factory.SubFactory(OrganizationFactory)
    relevant = True
    rationale = "Summer heat at the works affects the calibration laboratory."
    decided_by = factory.SubFactory(UserFactory)
    decided_on = factory.LazyFunction(timezone.localdate)


class QmsScopeFactory(ModelFactory):
    class Meta:
        model = QmsScope

    organization = factory.SubFactory(OrganizationFactory)
    statement = factory.Sequence(lambda n: f"Scope statement {n}: design and manufacture of gauges")
