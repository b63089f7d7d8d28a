"""A risk cannot point at another organization's process, context issue or interested party,
nor at a clause of an edition the organization has not adopted: the form and the API answer
with a message beside the field and nothing is written."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from qms.context.tests.factories import ContextIssueFactory, InterestedPartyFactory
from qms.organizations.tests.factories import ProcessFactory
from qms.risks.models import Risk
from qms.standards.tests.factories import ClauseFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/risks/"


@pytest.fixture
def foreign(other_organization: Any) -> dict[str, Any]:
    return {
        "processes": ProcessFactory(organization=other_organization),
        "issues": ContextIssueFactory(organization=other_organization),
        "interested_parties": InterestedPartyFactory(organization=other_organization),
        "clauses": ClauseFactory(),  # an edition nobody here adopted
    }


def _base(owner: Any) -> dict[str, Any]:
    return {
        "kind": "risk",
        "title": "Late castings",
        "owner": owner.pk,
        "inherent_likelihood": 3,
        "inherent_consequence": 3,
        "review_interval_months": 12,
    }


@pytest.mark.parametrize("field", ["processes", "issues", "interested_parties", "clauses"])
def test_form_refuses_a_foreign_link(
    client_for: Any, quality_manager: Any, foreign: dict[str, Any], field: str
) -> None:
    data = {**_base(quality_manager), field: [foreign[field].pk]}
    response = client_for(quality_manager).post(reverse("risks:risk_add"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Risk._base_manager.exists()


@pytest.mark.parametrize("field", ["processes", "issues", "interested_parties", "clauses"])
def test_api_refuses_a_foreign_link(
    api_client_for: Any, quality_manager: Any, foreign: dict[str, Any], field: str
) -> None:
    data = {**_base(quality_manager), field: [foreign[field].pk]}
    response = api_client_for(quality_manager).post(URL, data, format="json")
    assert response.status_code == 400
    assert field.rstrip("s") in str(response.json())
    assert not Risk._base_manager.exists()


def test_form_rating_outside_the_matrix_for_each_axis(
    client_for: Any, quality_manager: Any
) -> None:
    for name in ("inherent_consequence", "residual_likelihood", "residual_consequence"):
        data = {**_base(quality_manager), name: "6"}
        response = client_for(quality_manager).post(reverse("risks:risk_add"), data)
        assert response.status_code == 400
        assert name in response.context["form"].errors
    assert not Risk._base_manager.exists()


def test_edit_keeps_a_link_to_an_issue_no_longer_current(
    client_for: Any, quality_manager: Any, organization: Any, make_risk: Any
) -> None:
    retired = ContextIssueFactory(organization=organization, status="retired")
    current = ContextIssueFactory(organization=organization)
    risk = make_risk(issues=[retired])
    client = client_for(quality_manager)
    url = reverse("risks:risk_edit", args=[risk.pk])
    page = client.get(url)
    assert page.status_code == 200
    offered = {pk for pk, _ in page.context["form"].fields["issues"].choices if pk}
    assert {str(retired.pk), str(current.pk)} <= {str(pk) for pk in offered}
    data = {
        **_base(quality_manager),
        "issues": [retired.pk, current.pk],
        "version": risk.version,
    }
    data.pop("kind")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert set(risk.issues.values_list("pk", flat=True)) == {retired.pk, current.pk}
