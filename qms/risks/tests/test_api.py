from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from qms.accounts.tests.factories import PASSWORD
from qms.actions.services import action_create
from qms.risks.models import Risk, RiskApproval
from qms.risks.tests.factories import RiskFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/risks/"


def test_create_with_field_errors(api_client_for: Any, quality_manager: Any) -> None:
    client = api_client_for(quality_manager)
    bad = client.post(
        URL,
        {"kind": "risk", "title": "X", "owner": quality_manager.pk, "inherent_likelihood": 9},
        format="json",
    )
    assert bad.status_code == 400
    assert "inherent_likelihood" in str(bad.json())
    assert not Risk._base_manager.exists()
    ok = client.post(
        URL,
        {
            "kind": "risk",
            "title": "Late castings",
            "owner": quality_manager.pk,
            "inherent_likelihood": 4,
            "inherent_consequence": 4,
        },
        format="json",
    )
    assert ok.status_code == 201, ok.json()
    body = ok.json()
    assert body["number"].startswith("RSK-") and body["inherent_band"] == "high"
    assessments = client.get(f"{URL}{body['id']}/assessments/")
    assert assessments.status_code == 200 and len(assessments.json()) == 1


def test_approve_through_api(
    api_client_for: Any, quality_manager: Any, organization: Any, make_risk: Any
) -> None:
    risk = make_risk(
        treatment="retain", treatment_plan="Accept", residual_likelihood=3, residual_consequence=4
    )
    client = api_client_for(quality_manager)
    base = f"{URL}{risk.pk}/transitions/"
    for name in ("assess", "plan"):
        response = client.post(f"{base}{name}/", {}, format="json")
        assert response.status_code == 200, response.json()
    wrong = client.post(
        f"{base}approve/", {"password": "nope", "meaning": "approved"}, format="json"
    )
    assert wrong.status_code in (400, 403, 409)
    ok = client.post(
        f"{base}approve/", {"password": PASSWORD, "meaning": "approved"}, format="json"
    )
    assert ok.status_code == 200, ok.json()
    assert RiskApproval.objects.filter(risk=risk).count() == 1
    action_create(
        actor=quality_manager,
        organization=organization,
        origin=risk,
        data={
            "title": "t",
            "owner": quality_manager,
            "due_date": timezone.localdate() + timedelta(days=3),
        },
    )


def test_matrix_api(api_client_for: Any, quality_manager: Any, employee: Any) -> None:
    client = api_client_for(quality_manager)
    read = client.get(f"{URL}matrix/")
    assert read.status_code == 200 and len(read.json()["likelihood_labels"]) == 5
    bad = client.patch(f"{URL}matrix/", {"likelihood_labels": ["a", "b"]}, format="json")
    assert bad.status_code == 400
    assert "likelihood_labels" in str(bad.json())
    assert api_client_for(employee).patch(f"{URL}matrix/", {}, format="json").status_code == 403


def test_other_organization_404(
    api_client_for: Any, quality_manager: Any, other_organization: Any
) -> None:
    foreign = RiskFactory(organization=other_organization)
    client = api_client_for(quality_manager)
    assert client.get(f"{URL}{foreign.pk}/").status_code == 404
    assert client.get(f"{URL}{foreign.pk}/assessments/").status_code == 404


def test_list_query_budget(
    api_client_for: Any, quality_manager: Any, organization: Any, django_assert_max_num_queries: Any
) -> None:
    RiskFactory.create_batch(60, organization=organization, owner=quality_manager)
    client = api_client_for(quality_manager)
    client.get(URL)
    with django_assert_max_num_queries(12):
        response = client.get(URL + "?page_size=100")
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(URL + "?kind=risk&status=identified").status_code == 200
