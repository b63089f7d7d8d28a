"""The nonconformities demo: a year of Acme's NCs through the services, in every state, one
closed after an ineffective check; running it twice changes nothing."""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

import pytest

from qms.core.signatures import SignatureStatus, signatures_of
from qms.nonconformities import demo
from qms.nonconformities.models import EffectivenessCheck, Nonconformity
from qms.organizations import demo as organizations_demo
from qms.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_the_demo_loads_a_year_of_nonconformities_once(settings: Any) -> None:
    settings.DEBUG = True
    organizations_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    acme = Organization.objects.get(slug="acme")
    ncs = Nonconformity.objects.for_organization(acme)
    states = Counter(ncs.values_list("status", flat=True))
    assert ncs.count() == len(demo.NONCONFORMITIES) >= 40
    assert set(states) == {
        "reported",
        "contained",
        "analysed",
        "planned",
        "implemented",
        "verified",
        "closed",
    }
    assert states["closed"] >= 15
    assert len(set(ncs.values_list("source", flat=True))) == 7
    repeated = ncs.get(cycle=2)
    assert repeated.status == "closed"
    checks = EffectivenessCheck.objects.for_organization(acme).filter(nonconformity=repeated)
    assert sorted(checks.values_list("cycle", "effective")) == [(1, False), (2, True)]
    for check in EffectivenessCheck.objects.for_organization(acme).filter(effective=True):
        assert check.planned_on is not None and check.checked_on >= check.planned_on
    assert all(status == SignatureStatus.VALID for _s, status in signatures_of(subject=repeated))

    before = ncs.count(), EffectivenessCheck.objects.for_organization(acme).count()
    demo.load(stdout=io.StringIO())
    assert (ncs.count(), EffectivenessCheck.objects.for_organization(acme).count()) == before


def test_the_demo_points_ncs_at_the_demo_risks_and_prompts_a_review(settings: Any) -> None:
    from qms.accounts.models import User
    from qms.risks.models import Risk, RiskReviewPrompt

    from .test_risk_link import RiskFactory

    settings.DEBUG = True
    organizations_demo.load(stdout=io.StringIO())
    acme = Organization.objects.get(slug="acme")
    owner = User.objects.get(email=demo.QUALITY)
    gauges = RiskFactory(organization=acme, owner=owner, title=demo.GAUGE_RISK)
    castings = RiskFactory(organization=acme, owner=owner, title=demo.CASTINGS_RISK)
    demo.load(stdout=io.StringIO())
    ncs = Nonconformity.objects.for_organization(acme)
    assert ncs.filter(risk=gauges).count() == 3
    assert ncs.filter(risk=castings).count() == 2
    prompted = RiskReviewPrompt.objects.filter(risk=gauges)
    assert prompted.count() == 2  # the second and third gauge NCs recur within 12 months
    assert Risk.objects.get(pk=gauges.pk).next_review_on is not None
    demo.load(stdout=io.StringIO())
    assert prompted.count() == 2 and ncs.filter(risk__isnull=False).count() == 5


def test_the_demo_skips_absent_risks(settings: Any) -> None:
    settings.DEBUG = True
    organizations_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    acme = Organization.objects.get(slug="acme")
    assert not Nonconformity.objects.for_organization(acme).filter(risk__isnull=False).exists()
