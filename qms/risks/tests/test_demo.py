"""The risks demo: about thirty entries at Acme in every state, with approvals, actions,
links and a backdated history; running it twice changes nothing."""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

import pytest
from django.utils import timezone

from qms.context import demo as context_demo
from qms.organizations import demo as organizations_demo
from qms.organizations.models import Organization
from qms.risks import demo
from qms.risks.models import Risk, RiskApproval, RiskAssessment
from qms.risks.selectors import high_risks_per_quarter
from qms.risks.services import matrix_for

pytestmark = pytest.mark.django_db


def test_demo_loads_once(settings: Any) -> None:
    settings.DEBUG = True
    organizations_demo.load(stdout=io.StringIO())
    context_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    acme = Organization.objects.get(slug="acme")
    risks = Risk.objects.for_organization(acme)
    assert risks.count() == len(demo.SPECS) >= 30
    states = Counter(risks.values_list("status", flat=True))
    assert set(states) == {"identified", "assessed", "planned", "approved", "closed"}
    titles = set(risks.values_list("title", flat=True))
    assert "Reference gauges used past their calibration due date" in titles
    assert "Late deliveries of castings from a single supplier" in titles
    assert RiskApproval.objects.filter(risk__organization=acme, signature__isnull=False).exists()
    assert (
        risks.filter(next_review_on__lt=timezone.localdate()).exclude(status="closed").count() >= 3
    )
    decisions = set(risks.filter(kind="opportunity").values_list("decision", flat=True))
    assert {"pursue", "defer", "reject"} <= decisions
    assert risks.filter(processes__code="P-04").exists()
    oldest = RiskAssessment.objects.filter(organization=acme).order_by("assessed_on").first()
    assert oldest is not None and (timezone.localdate() - oldest.assessed_on).days > 600
    _ends, counts = high_risks_per_quarter(
        organization=acme, bands=matrix_for(acme).bands, today=timezone.localdate()
    )
    assert len(set(counts)) > 1  # the trend has a shape
    before = (risks.count(), RiskAssessment.objects.count(), RiskApproval.objects.count())
    demo.load(stdout=io.StringIO())
    after = (risks.count(), RiskAssessment.objects.count(), RiskApproval.objects.count())
    assert before == after
