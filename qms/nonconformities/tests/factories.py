"""Factories of the nonconformities app (the tenancy and permission walkers find them)."""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from typing import Any

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
    number = factory.Sequence(lambda n: f"NC-2026-{n + 5001:04d}")  # apart from services
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


# The analysis sub-package's factories live in tests/analysis/factories.py (which imports
# the ones above). The factory registry (qms.core.testing.registry) reads this module, so it
# lists them too, looked up on first use so that either module may be imported first.
_ANALYSIS_FACTORIES = ("DispositionFactory", "EightDReportFactory", "RootCauseAnalysisFactory")


def __getattr__(name: str) -> Any:
    if name in _ANALYSIS_FACTORIES:
        return getattr(import_module("qms.nonconformities.tests.analysis.factories"), name)
    raise AttributeError(name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_ANALYSIS_FACTORIES])
