"""The demo data of complaints and surveys loads through the services and is idempotent."""

from __future__ import annotations

import io
from typing import Any

import pytest

from qms.complaints import demo as complaints_demo
from qms.complaints.models import Complaint
from qms.nonconformities.models import Nonconformity
from qms.organizations import demo as organizations_demo
from qms.organizations.models import Organization
from qms.surveys import demo as surveys_demo
from qms.surveys.models import Survey, SurveyResponse
from qms.surveys.selectors import results_over_time


@pytest.mark.django_db
def test_the_demo_loads_a_year_of_complaints_and_three_surveys_once(
    django_capture_on_commit_callbacks: Any,
) -> None:
    out = io.StringIO()
    organizations_demo.load(stdout=out)
    with django_capture_on_commit_callbacks(execute=False):
        for _ in range(2):
            complaints_demo.load(stdout=out)
            surveys_demo.load(stdout=out)
    acme = Organization.objects.get(slug="acme")
    complaints = Complaint.objects.for_organization(acme)
    assert complaints.count() == len(complaints_demo.SPECS)
    assert set(complaints.values_list("status", flat=True)) == {
        "received",
        "acknowledged",
        "responded",
        "closed",
    }
    escalated = complaints.filter(nonconformity__isnull=False)
    assert escalated.count() == 5
    from_complaints = Nonconformity.objects.for_organization(acme).filter(
        source="customer_complaint"
    )
    assert from_complaints.count() == 5
    surveys = Survey.objects.for_organization(acme)
    assert sorted(surveys.values_list("status", flat=True)) == ["closed", "closed", "open"]
    assert SurveyResponse.objects.for_organization(acme).count() == 21
    from qms.accounts.models import User

    quality = User.objects.get(email="quality@acme.example")
    trend = results_over_time(user=quality, organization=acme)
    assert len(trend.labels) == 3
    assert trend.index[0] is not None and trend.index[2] is not None
    assert trend.index[0] < trend.index[2]  # satisfaction improves over the year
    northwind = Organization.objects.get(slug="northwind")
    assert Complaint.objects.for_organization(northwind).count() == 1
