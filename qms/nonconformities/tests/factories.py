"""Factories of the nonconformities app (the tenancy and permission walkers find them)."""

from __future__ import annotations

import datetime as dt

import factory

from qms.accounts.tests.factories import UserFactory
from qms.core.testing.factories import ModelFactory
from qms.nonconformities.choices import NonconformitySource, Severity
from qms.nonconformities.models import EffectivenessCheck, Nonconformity
from qms.organizations.tests.factories import OrganizationFactory


class NonconformityFactory(ModelFactory):
    class Meta:
        model = Nonconformity

    organization = factory.SubFactory(OrganizationFactory)
    number = factory.Sequence(lambda n: f"NC-2026-{n + 1:04d}")
    title = factory.Sequence(lambda n: f"Bore diameter out of tolerance {n}")
    description = "Three housings of batch 4711 measured 0.05 mm over the drawing's limit."
    source = NonconformitySource.PRODUCT_INSPECTION
    severity = Severity.MINOR
    detected_on = factory.LazyFunction(lambda: dt.date(2026, 3, 2))


class EffectivenessCheckFactory(ModelFactory):
    class Meta:
        model = EffectivenessCheck

    nonconformity = factory.SubFactory(NonconformityFactory)
    organization = factory.SelfAttribute("nonconformity.organization")
    cycle = 1
    effective = True
    checked_by = factory.SubFactory(UserFactory)
    checked_on = factory.LazyFunction(lambda: dt.date(2026, 6, 1))
    planned_on = factory.LazyFunction(lambda: dt.date(2026, 6, 1))
    notes = "No recurrence in the 400 housings made since."
