"""Factories of the analysis models (re-exported by the app's tests/factories.py, where the
tenancy and permission walkers look for them)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from qms.core.testing.factories import ModelFactory
from qms.nonconformities.analysis.choices import CauseCategory, DispositionKind
from qms.nonconformities.analysis.models import Disposition, EightDReport, RootCauseAnalysis
from qms.nonconformities.tests.factories import NonconformityFactory
from qms.organizations.tests.factories import OrganizationFactory

WHYS = [
    {"why": "Why was the bore oversize?", "answer": "The boring tool had worn past its limit."},
    {"why": "Why was the worn tool still in use?", "answer": "Tool life is not tracked."},
]


class RootCauseAnalysisFactory(ModelFactory):
    class Meta:
        model = RootCauseAnalysis

    organization = factory.SubFactory(OrganizationFactory)
    nonconformity = factory.SubFactory(
        NonconformityFactory, organization=factory.SelfAttribute("..organization")
    )
    cycle = 1
    five_whys = factory.LazyFunction(lambda: [dict(step) for step in WHYS])
    ishikawa = factory.LazyFunction(
        lambda: {
            "man": ["Operator not trained on tool changes"],
            "machine": ["Worn boring tool"],
            "method": ["No tool-life limit in the work instruction"],
            "material": [],
            "measurement": ["Bore gauge checked once per shift"],
            "environment": [],
        }
    )
    root_cause = "Tool life is not tracked, so worn tools stay in use."
    cause_category = CauseCategory.METHOD


class EightDReportFactory(ModelFactory):
    class Meta:
        model = EightDReport

    organization = factory.SubFactory(OrganizationFactory)
    nonconformity = factory.SubFactory(
        NonconformityFactory, organization=factory.SelfAttribute("..organization")
    )
    d1_team = "Quality manager (leader), machining supervisor"
    d2_problem = "Bores of batch 4711 oversize."
    d2_date = factory.LazyFunction(lambda: dt.date(2026, 3, 3))


class DispositionFactory(ModelFactory):
    class Meta:
        model = Disposition

    organization = factory.SubFactory(OrganizationFactory)
    nonconformity = factory.SubFactory(
        NonconformityFactory, organization=factory.SelfAttribute("..organization")
    )
    kind = DispositionKind.REWORK
    quantity = Decimal("3")
    unit = "pcs"
    decided_on = factory.LazyFunction(lambda: dt.date(2026, 3, 4))
