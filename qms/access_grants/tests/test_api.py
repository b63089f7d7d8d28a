"""API: /api/v1/access-grants/ and /api/v1/evidence-requests/ (organization side)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from qms.access_grants import services
from qms.organizations.tests.factories import ProcessFactory
from qms.standards.tests.conftest import clause

pytestmark = pytest.mark.django_db

URL = "/api/v1/access-grants/"


def _payload(iso: Any, **changes: Any) -> dict[str, Any]:
    now = timezone.now()
    return {
        "grantee_name": "Alex Auditor",
        "grantee_email": "auditor@cb.example",
        "firm": "Example Certification Ltd",
        "starts_at": now.isoformat(),
        "ends_at": (now + dt.timedelta(days=30)).isoformat(),
        "editions": [iso.pk],
        "record_types": ["documents"],
        **changes,
    }


def test_create_list_revoke(iso: Any, quality_manager: Any, api_client_for: Any) -> None:
    client = api_client_for(quality_manager)
    response = client.post(URL, _payload(iso), format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["state"] == "open"
    assert client.get(URL).json()["results"][0]["id"] == pk
    assert client.post(f"{URL}{pk}/revoke/", {}, format="json").status_code == 400
    response = client.post(f"{URL}{pk}/revoke/", {"reason": "Done."}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "revoked"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"grantee_email": "nope"}, "grantee_email"),
        ({"record_types": ["spaceships"]}, "record_types"),
        ({"editions": [999999]}, "editions"),
    ],
)
def test_bad_input_400(
    iso: Any, quality_manager: Any, api_client_for: Any, changes: dict[str, Any], field: str
) -> None:
    response = api_client_for(quality_manager).post(URL, _payload(iso, **changes), format="json")
    assert response.status_code == 400
    assert field in str(response.json())


def test_window_400(iso: Any, quality_manager: Any, api_client_for: Any) -> None:
    now = timezone.now()
    client = api_client_for(quality_manager)
    before = _payload(iso, ends_at=(now - dt.timedelta(days=1)).isoformat())
    assert "ends_at" in str(client.post(URL, before, format="json").json())
    too_long = _payload(iso, ends_at=(now + dt.timedelta(days=200)).isoformat())
    response = client.post(URL, too_long, format="json")
    assert response.status_code == 400 and "ends_at" in str(response.json())


def test_clause_not_adopted_and_foreign_process_400(
    iso: Any, quality_manager: Any, api_client_for: Any, other_organization: Any
) -> None:
    client = api_client_for(quality_manager)
    foreign = clause("urn:qms:iso:14001:2015", "9.2")
    response = client.post(URL, _payload(iso, clauses=[foreign.pk]), format="json")
    assert response.status_code == 400 and "clauses" in str(response.json())
    process = ProcessFactory(organization=other_organization)
    response = client.post(URL, _payload(iso, processes=[process.pk]), format="json")
    assert response.status_code == 400 and "processes" in str(response.json())


def test_roles(iso: Any, auditor: Any, api_client_for: Any) -> None:
    client = api_client_for(auditor)
    assert client.get(URL).status_code == 200
    assert client.post(URL, _payload(iso), format="json").status_code == 403


def test_evidence_requests_answer(
    make_grant: Any, quality_manager: Any, api_client_for: Any
) -> None:
    grant = make_grant()
    request = services.request_create(actor=grant.grantee, grant=grant, data={"text": "Minutes?"})
    client = api_client_for(quality_manager)
    listing = client.get("/api/v1/evidence-requests/").json()["results"]
    assert listing[0]["number"] == request.number
    url = f"/api/v1/evidence-requests/{request.pk}/answer/"
    assert client.post(url, {"answer": ""}, format="json").status_code == 400
    response = client.post(url, {"answer": "Attached."}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "answered"
    assert client.post(url, {"answer": "Again."}, format="json").status_code == 409
