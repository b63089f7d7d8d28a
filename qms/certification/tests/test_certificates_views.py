"""Pages and API of decisions and certificates: another organization's records are 404,
lists cost a fixed number of queries, the review shows ok/problem lines, the grant form and
the API refuse a decision-maker of the audit team (409) and bad input (400 with fields),
suspension through the page and the API, the PDF download."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from qms.certification.certificates import services
from qms.certification.models import Certificate, CertificationDecision
from qms.certification.permissions import CERTIFICATION_MANAGER
from qms.core.testing.audit_guard import allow_unaudited_writes

from .factories_certificates import PASSWORD, CertWorld, build_cert_world
from .programme_world import member

pytestmark = pytest.mark.django_db
SCOPE = "Design and manufacture of pressure gauges."


@pytest.fixture
def world(organization: Any) -> CertWorld:
    return build_cert_world(organization)


@pytest.fixture
def decision(world: CertWorld) -> CertificationDecision:
    programme = world.audited_programme()
    return services.decision_open(actor=world.manager, programme=programme, kind="initial")


@pytest.fixture
def certificate(world: CertWorld, decision: CertificationDecision) -> Certificate:
    return services.decision_grant(
        actor=world.decider, decision=decision, reasons="Met.", password=PASSWORD, scope=SCOPE
    )


@pytest.fixture
def outsider(other_organization: Any) -> Any:
    with allow_unaudited_writes():
        return member(other_organization, CERTIFICATION_MANAGER, "out@other.test")


def test_another_organizations_decision_and_certificate_are_404(
    certificate: Certificate, outsider: Any, client_for: Any, api_client_for: Any
) -> None:
    decision = certificate.decision
    assert decision is not None
    page = client_for(outsider)
    api = api_client_for(outsider)
    for url in (
        reverse("certification:decision_detail", args=[decision.pk]),
        reverse("certification:certificate_detail", args=[certificate.pk]),
        reverse("certification:certificate_pdf", args=[certificate.pk]),
        reverse("certification:certificate_suspend", args=[certificate.pk]),
    ):
        assert page.get(url).status_code == 404, url
    assert api.get(f"/api/v1/certification/certificates/{certificate.pk}/").status_code == 404
    assert api.get(f"/api/v1/certification/decisions/{decision.pk}/").status_code == 404
    response = api.post(
        f"/api/v1/certification/certificates/{certificate.pk}/suspend/",
        {"reason_code": "r3", "reason": "x"},
        format="json",
    )
    assert response.status_code == 404


def test_the_decision_page_shows_the_review_and_the_grant_form(
    world: CertWorld, decision: CertificationDecision, client_for: Any
) -> None:
    response = client_for(world.decider).get(decision.get_absolute_url())

    body = response.content.decode()
    assert response.status_code == 200
    assert "Major nonconformities verified" in body
    assert "OK" in body
    assert "Grant and issue the certificate" in body


def test_the_grant_form_issues_the_certificate(
    world: CertWorld, decision: CertificationDecision, client_for: Any
) -> None:
    response = client_for(world.decider).post(
        decision.get_absolute_url(),
        {"step": "grant", "reasons": "Met.", "password": PASSWORD, "scope": SCOPE},
    )

    certificate = Certificate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == certificate.get_absolute_url()
    assert certificate.status == "active"


def test_the_api_refuses_a_decision_maker_of_the_audit_team_with_409(
    world: CertWorld, decision: CertificationDecision, api_client_for: Any
) -> None:
    with allow_unaudited_writes():
        decision.audits.get(kind="stage2").team.add(world.decider)

    response = api_client_for(world.decider).post(
        f"/api/v1/certification/decisions/{decision.pk}/grant/",
        {"reasons": "Met.", "password": PASSWORD, "scope": SCOPE},
        format="json",
    )

    assert response.status_code == 409
    assert "was on the audit team is refused" in str(response.json())
    assert not Certificate.objects.exists()


def test_the_api_grant_answers_400_with_field_errors(
    world: CertWorld, decision: CertificationDecision, api_client_for: Any
) -> None:
    response = api_client_for(world.decider).post(
        f"/api/v1/certification/decisions/{decision.pk}/grant/",
        {"reasons": "Met.", "password": PASSWORD, "scope": SCOPE, "effective_date": "2000-01-01"},
        format="json",
    )

    assert response.status_code == 400
    assert "effective_date" in str(response.json())


def test_the_api_grant_issues_and_suspend_works(
    world: CertWorld, decision: CertificationDecision, api_client_for: Any
) -> None:
    granted = api_client_for(world.decider).post(
        f"/api/v1/certification/decisions/{decision.pk}/grant/",
        {"reasons": "Met.", "password": PASSWORD, "scope": SCOPE},
        format="json",
    )
    assert granted.status_code == 201, granted.content
    pk = granted.json()["id"]

    manager = api_client_for(world.manager)
    suspended = manager.post(
        f"/api/v1/certification/certificates/{pk}/suspend/",
        {"reason_code": "r3", "reason": "Asked."},
        format="json",
    )
    assert suspended.status_code == 200, suspended.content
    assert suspended.json()["status"] == "suspended"
    again = manager.post(
        f"/api/v1/certification/certificates/{pk}/transitions/cancel/",
        {"reason": "x"},
        format="json",
    )
    assert again.status_code == 409


def test_the_suspend_page_shows_field_errors(
    world: CertWorld, certificate: Certificate, client_for: Any
) -> None:
    url = reverse("certification:certificate_suspend", args=[certificate.pk])
    response = client_for(world.manager).post(url, {"reason_code": "r3", "reason": ""})
    assert response.status_code == 400
    assert Certificate.objects.get(pk=certificate.pk).status == "active"


def test_lists_cost_a_fixed_number_of_queries(
    world: CertWorld,
    certificate: Certificate,
    client_for: Any,
    api_client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    services.certificate_reissue(
        actor=world.manager, certificate=certificate, reason="Typo.", data={"holder_name": "GC"}
    )
    page = client_for(world.manager)
    api = api_client_for(world.manager)
    with django_assert_max_num_queries(14):
        assert page.get(reverse("certification:certificate_list")).status_code == 200
    with django_assert_max_num_queries(14):
        assert page.get(reverse("certification:decision_list")).status_code == 200
    with django_assert_max_num_queries(14):
        assert api.get("/api/v1/certification/certificates/").status_code == 200
    with django_assert_max_num_queries(14):
        response = page.get(reverse("certification:certificate_list") + "?export=csv")
        assert b"".join(response.streaming_content).count(b"\n") == 3


def test_the_certificate_page_and_pdf(
    world: CertWorld, certificate: Certificate, client_for: Any
) -> None:
    page = client_for(world.manager)
    detail = page.get(certificate.get_absolute_url())
    assert detail.status_code == 200
    assert "Status history" in detail.content.decode()
    pdf = page.get(reverse("certification:certificate_pdf", args=[certificate.pk]) + "?lang=de")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
