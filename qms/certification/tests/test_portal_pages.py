"""Pages of the client portal (/portal/) and of the body's side (a client's portal users,
a finding's review): a portal user sees only its own client's audits, findings and
certificates (404 otherwise: another client of the same body, another body's, a revoked
access, a member of the body who is no portal user), answers a nonconformity through the
form, and the auditor accepts it from the review page; query budget of the home page."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qms.certification.portal import services
from qms.certification.tests.factories import ClientFactory

from .factories_portal import PortalWorld, build_portal_world, make_finding
from .programme_world import build_world

pytestmark = pytest.mark.django_db

ANSWER = {
    "correction": "Gauge calibrated.",
    "root_cause": "Plan incomplete.",
    "corrective_action": "Plan reviewed monthly.",
}


@pytest.fixture
def pw(organization: Any) -> PortalWorld:
    return build_portal_world(organization)


def _own_pages(pw: PortalWorld) -> dict[str, str]:
    return {
        "audit": reverse("portal:audit_detail", args=[pw.stage2.pk]),
        "finding": reverse("portal:finding_detail", args=[pw.major.pk]),
    }


def test_the_portal_user_sees_its_audits_findings_and_deadlines(
    pw: PortalWorld, client_for: Any
) -> None:
    client = client_for(pw.portal_user)
    home = client.get(reverse("portal:home"))
    assert home.status_code == 200
    text = home.content.decode()
    assert pw.world.client.legal_name in text
    assert reverse("portal:audit_detail", args=[pw.stage2.pk]) in text
    assert reverse("portal:finding_detail", args=[pw.major.pk]) in text
    assert "Other Client Ltd" not in text
    audit = client.get(_own_pages(pw)["audit"])
    assert audit.status_code == 200 and "F-02" in audit.content.decode()
    finding = client.get(_own_pages(pw)["finding"])
    assert finding.status_code == 200
    assert "Gauge G-12 has no calibration record" in finding.content.decode()


def test_another_clients_and_another_bodys_records_do_not_exist_for_the_portal_user(
    pw: PortalWorld, client_for: Any, other_organization: Any
) -> None:
    other_world = build_world(other_organization)
    foreign = other_world.plan(other_world.programme(), "stage1", pw.stage2.start_date)
    foreign_finding = make_finding(foreign, "F-01", "major")
    client = client_for(pw.portal_user)
    for url in (
        reverse("portal:audit_detail", args=[pw.other_audit.pk]),
        reverse("portal:finding_detail", args=[pw.other_finding.pk]),
        reverse("portal:audit_detail", args=[foreign.pk]),
        reverse("portal:finding_detail", args=[foreign_finding.pk]),
        reverse("portal:finding_detail", args=[999999]),
        reverse("portal:certificate_pdf", args=[999999]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("portal:finding_detail", args=[pw.other_finding.pk]), ANSWER)
    assert response.status_code == 404


def test_a_revoked_access_opens_nothing(pw: PortalWorld, client_for: Any) -> None:
    services.portal_access_revoke(actor=pw.world.manager, access=pw.access, reason="Left.")
    client = client_for(pw.portal_user)
    for name, url in _own_pages(pw).items():
        assert client.get(url).status_code == 404, name
    home = client.get(reverse("portal:home"))
    assert home.status_code == 200 and "data-empty" in home.content.decode()


def test_body_staff_who_are_no_portal_users_get_404_on_portal_records(
    pw: PortalWorld, client_for: Any
) -> None:
    client = client_for(pw.world.manager)
    for name, url in _own_pages(pw).items():
        assert client.get(url).status_code == 404, name
    home = client.get(reverse("portal:home"))
    assert home.status_code == 200 and "data-empty" in home.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(pw: PortalWorld, client_for: Any) -> None:
    response = client_for(None).get(_own_pages(pw)["finding"])
    assert response.status_code == 302 and "/login" in response["Location"]


def test_after_log_in_a_portal_user_lands_on_the_portal_and_org_pages_do_not_exist(
    pw: PortalWorld, client_for: Any
) -> None:
    client = client_for(pw.portal_user)
    home = client.get(reverse("core:dashboard"))
    assert home.status_code == 302 and home["Location"] == reverse("portal:home")
    assert client.get(reverse("certification:client_list")).status_code == 404


def test_the_client_answers_through_the_form_and_a_missing_field_shows_beside_it(
    pw: PortalWorld, client_for: Any
) -> None:
    client = client_for(pw.portal_user)
    url = reverse("portal:finding_detail", args=[pw.minor.pk])
    bad = client.post(url, {**ANSWER, "root_cause": ""})
    assert bad.status_code == 400
    assert "root_cause" in bad.content.decode()
    pw.minor.refresh_from_db()
    assert pw.minor.status == "open"
    good = client.post(url, ANSWER)
    assert good.status_code == 302
    pw.minor.refresh_from_db()
    assert pw.minor.status == "submitted"
    again = client.get(url)
    assert (
        "Round 1" in again.content.decode()
        and "<form"
        not in again.content.decode().split("rounds-heading")[0].split("finding-heading")[1]
    )


def test_the_lead_auditor_accepts_from_the_review_page_and_others_get_404(
    pw: PortalWorld, client_for: Any, outsider: Any
) -> None:
    services.response_submit(actor=pw.portal_user, finding=pw.minor, data=ANSWER)
    url = reverse("certification:finding_review", args=[pw.minor.pk])
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(pw.portal_user).get(url).status_code == 404
    lead = client_for(pw.world.lead)
    page = lead.get(url)
    assert page.status_code == 200 and "Accept the response" in page.content.decode()
    blocked = client_for(pw.world.unqualified).get(url)
    assert "data-blocked" in blocked.content.decode()
    returned = lead.post(url, {"step": "return", "comment": ""})
    assert returned.status_code == 400
    accepted = lead.post(url, {"step": "accept", "comment": "Plan accepted."})
    assert accepted.status_code == 302
    pw.minor.refresh_from_db()
    assert pw.minor.status == "accepted"


def test_the_manager_grants_and_revokes_portal_access_from_the_client_page(
    pw: PortalWorld, client_for: Any
) -> None:
    from qms.certification.tests.factories import ClientContactFactory

    contact = ClientContactFactory(
        organization=pw.world.organization, client=pw.world.client, email="ops@gauges.test"
    )
    url = reverse("certification:client_portal", args=[pw.world.client.pk])
    manager = client_for(pw.world.manager)
    assert manager.get(url).status_code == 200
    assert manager.post(url, {"contact": contact.pk}).status_code == 302
    access = pw.world.client.portal_accesses.get(user__email="ops@gauges.test")
    revoke = reverse("certification:portalaccess_revoke", args=[access.pk])
    assert client_for(pw.world.lead).post(revoke, {"reason": "x"}).status_code == 403
    assert manager.post(revoke, {"reason": "Changed role."}).status_code == 302
    access.refresh_from_db()
    assert access.status == "revoked"


def test_another_bodys_client_portal_page_does_not_exist(
    pw: PortalWorld, client_for: Any, other_organization: Any
) -> None:
    foreign = ClientFactory(organization=other_organization)
    url = reverse("certification:client_portal", args=[foreign.pk])
    assert client_for(pw.world.manager).get(url).status_code == 404


def test_the_home_page_reads_a_fixed_number_of_queries(pw: PortalWorld, client_for: Any) -> None:
    client = client_for(pw.portal_user)
    client.get(reverse("portal:home"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("portal:home"))
    for n in range(3, 9):
        make_finding(pw.stage2, f"F-{n:02d}", "minor")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("portal:home"))
    assert len(many) == len(few)
    assert len(few) <= 20
