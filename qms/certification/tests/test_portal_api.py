"""API of the client portal: a portal user (session log-in) lists and reads only its own
clients' audits and findings (404 otherwise) and responds; the body's auditor accepts,
returns (comment required: 400) and verifies; portal accesses granted and revoked; a refused
step is 409 and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qms.certification.models import FindingResponse
from qms.core.audit import AuditEvent

from .factories_portal import PortalWorld, build_portal_world, make_finding
from .programme_world import build_world

pytestmark = pytest.mark.django_db

BASE = "/api/v1/certification"
ANSWER = {"correction": "Done.", "root_cause": "Plan gap.", "corrective_action": "Monthly check."}


@pytest.fixture
def pw(organization: Any) -> PortalWorld:
    return build_portal_world(organization)


def test_the_portal_user_lists_only_its_own_audits_and_findings(
    pw: PortalWorld, client_for: Any
) -> None:
    client = client_for(pw.portal_user)
    audits = client.get(f"{BASE}/portal/audits/").json()
    assert {a["id"] for a in audits} == {a.pk for a in pw.programme.audits.all()} - {
        a.pk for a in pw.programme.audits.filter(status="cancelled")
    }
    findings = client.get(f"{BASE}/portal/findings/").json()
    assert {f["id"] for f in findings} == {pw.major.pk, pw.minor.pk}
    assert client.get(f"{BASE}/portal/findings/{pw.other_finding.pk}/").status_code == 404
    assert client.get(f"{BASE}/portal/audits/{pw.other_audit.pk}/").status_code == 404


def test_another_bodys_finding_and_a_stranger_get_404_or_nothing(
    pw: PortalWorld, client_for: Any, other_organization: Any, stranger: Any
) -> None:
    other = build_world(other_organization)
    foreign = make_finding(
        other.plan(other.programme(), "stage1", pw.stage2.start_date), "F-01", "major"
    )
    client = client_for(pw.portal_user)
    assert client.get(f"{BASE}/portal/findings/{foreign.pk}/").status_code == 404
    response = client.post(f"{BASE}/portal/findings/{foreign.pk}/respond/", ANSWER)
    assert response.status_code == 404
    assert client_for(stranger).get(f"{BASE}/portal/findings/").json() == []
    assert client_for(None).get(f"{BASE}/portal/findings/").status_code in (401, 403)


def test_the_portal_user_responds_and_bad_input_is_400_with_field_errors(
    pw: PortalWorld, client_for: Any
) -> None:
    client = client_for(pw.portal_user)
    url = f"{BASE}/portal/findings/{pw.minor.pk}/respond/"
    bad = client.post(url, {**ANSWER, "root_cause": ""}, content_type="application/json")
    assert bad.status_code == 400 and "root_cause" in bad.json()["errors"]
    good = client.post(url, ANSWER, content_type="application/json")
    assert good.status_code == 201 and good.json()["status"] == "submitted"
    again = client.post(url, ANSWER, content_type="application/json")
    assert again.status_code == 409
    assert FindingResponse.objects.count() == 1


def test_the_auditor_returns_accepts_and_verifies_through_the_api(
    pw: PortalWorld, api_client_for: Any, client_for: Any
) -> None:
    client_for(pw.portal_user).post(
        f"{BASE}/portal/findings/{pw.major.pk}/respond/", ANSWER, content_type="application/json"
    )
    lead = api_client_for(pw.world.lead)
    url = f"{BASE}/finding-reviews/{pw.major.pk}"
    assert lead.post(f"{url}/return/", {"comment": ""}, format="json").status_code == 400
    outside_team = api_client_for(pw.world.unqualified)  # its token's event comes first
    before = AuditEvent.objects.count()
    refused = outside_team.post(f"{url}/accept/", {}, format="json")
    assert refused.status_code == 409
    assert AuditEvent.objects.count() == before
    accepted = lead.post(f"{url}/accept/", {"comment": "Fine."}, format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    verified = lead.post(
        f"{url}/verify/", {"method": "document_review", "notes": "Records seen."}, format="json"
    )
    assert verified.status_code == 200 and verified.json()["status"] == "verified"


def test_the_manager_grants_and_revokes_portal_access_through_the_api(
    pw: PortalWorld, api_client_for: Any
) -> None:
    from qms.certification.tests.factories import ClientContactFactory

    contact = ClientContactFactory(
        organization=pw.world.organization, client=pw.world.client, email="api@gauges.test"
    )
    manager = api_client_for(pw.world.manager)
    created = manager.post(f"{BASE}/portal-accesses/", {"contact": contact.pk}, format="json")
    assert created.status_code == 201 and created.json()["email"] == "api@gauges.test"
    lead = api_client_for(pw.world.lead)
    assert (
        lead.post(f"{BASE}/portal-accesses/", {"contact": contact.pk}, format="json").status_code
        == 403
    )
    revoke = f"{BASE}/portal-accesses/{created.json()['id']}/revoke/"
    assert manager.post(revoke, {"reason": ""}, format="json").status_code == 400
    assert manager.post(revoke, {"reason": "Left."}, format="json").json()["status"] == "revoked"


def test_the_findings_list_reads_a_fixed_number_of_queries(
    pw: PortalWorld, client_for: Any
) -> None:
    client = client_for(pw.portal_user)
    client.get(f"{BASE}/portal/findings/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"{BASE}/portal/findings/")
    for n in range(3, 9):
        make_finding(pw.stage2, f"F-{n:02d}", "minor")
    with CaptureQueriesContext(connection) as many:
        client.get(f"{BASE}/portal/findings/")
    assert len(many) == len(few)


def test_the_walker_factories_build(db: Any) -> None:
    from qms.core.testing.audit_guard import allow_unaudited_writes

    from .factories_portal import FindingResponseFactory, PortalAccessFactory

    with allow_unaudited_writes():
        response = FindingResponseFactory()
        access = PortalAccessFactory()
    assert response.finding.organization_id == response.organization_id
    assert access.client.organization_id == access.organization_id
