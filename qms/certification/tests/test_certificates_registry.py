"""Certification and the public registry wired end to end, through the real pages and APIs:
a certificate granted here is found at /verify/<number>/ and in the signed JSON; suspending
it through the certification API (or withdrawing it by its declared step) changes both; the
certificate PDF's QR address carries a token the registry accepts; a draft is not found and
a client without consent to public listing is never shown."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from qms.certification.certificates.services import publishing
from qms.certification.models import Certificate
from qms.core.testing.audit_guard import allow_unaudited_writes

from .factories_certificates import CertWorld, build_cert_world
from .test_certificates_services import _issued

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organization: Any) -> CertWorld:
    built = build_cert_world(organization)
    with allow_unaudited_writes():
        client = built.base.client
        client.public_listing_consent = True
        client.save(update_fields=["public_listing_consent"])
    return built


def _public(number: str) -> tuple[int, dict[str, Any] | None, str]:
    page = Client().get(f"/verify/{number}/")
    answer = Client().get(f"/api/v1/public/certificates/{number}/")
    body = answer.json() if answer.status_code == 200 else None
    return page.status_code, body, page.content.decode()


def test_a_certificate_granted_here_is_public_and_its_suspension_and_withdrawal_show(
    world: CertWorld, api_client_for: Any
) -> None:
    certificate = _issued(world)

    status, body, html = _public(certificate.number)
    assert status == 200
    assert body is not None and body["data"]["certificates"][0]["status"] == "active"
    assert "signature" in body
    assert world.base.client.legal_name in html

    # suspended on the certification body's side, through its API
    response = api_client_for(world.manager).post(
        f"/api/v1/certification/certificates/{certificate.pk}/suspend/",
        {"reason_code": "r3", "reason": "The client asked for a pause."},
        format="json",
    )
    assert response.status_code == 200, response.content
    status, body, html = _public(certificate.number)
    assert body is not None and body["data"]["certificates"][0]["status"] == "suspended"
    assert "suspended" in html.lower()
    assert "The client asked for a pause." not in html  # the internal reason stays inside

    # withdrawn by its declared step: still shown, as withdrawn
    response = api_client_for(world.manager).post(
        f"/api/v1/certification/certificates/{certificate.pk}/transitions/withdraw/",
        {"reason": "Suspension not resolved."},
        format="json",
    )
    assert response.status_code == 200, response.content
    status, body, html = _public(certificate.number)
    assert status == 200
    assert body is not None and body["data"]["certificates"][0]["status"] == "withdrawn"


def test_the_body_sees_how_often_a_certificate_was_verified_this_month(
    world: CertWorld, client_for: Any
) -> None:
    certificate = _issued(world)
    for _ in range(3):
        assert Client().get(f"/api/v1/public/certificates/{certificate.number}/").status_code == 200

    page = client_for(world.manager).get(f"/certification/certificates/{certificate.pk}/")

    assert page.status_code == 200
    assert "Verified 3 times this month" in page.content.decode()


def test_the_qr_address_on_the_certificate_carries_a_token_the_registry_accepts(
    world: CertWorld,
) -> None:
    certificate = _issued(world)
    link = urlsplit(publishing.verification_link(certificate))

    genuine = Client().get(f"{link.path}?{link.query}")
    forged = Client().get(f"{link.path}?t=AAAAAAAAAAAAAAAA")

    assert genuine.status_code == 200
    assert "not issued for this certificate" not in genuine.content.decode()
    assert "not issued for this certificate" in forged.content.decode()


def test_a_draft_and_a_client_without_consent_are_never_public(world: CertWorld) -> None:
    certificate = _issued(world)
    draft = Certificate.objects.filter(organization=world.organization).get(pk=certificate.pk)
    with allow_unaudited_writes():
        Certificate.objects.filter(pk=draft.pk).update(number="DRAFT-0001", status="draft")
    assert _public("DRAFT-0001")[0] == 404

    with allow_unaudited_writes():
        client = world.base.client
        client.public_listing_consent = False
        client.save(update_fields=["public_listing_consent"])
    second = _issued(world)
    assert _public(second.number)[0] == 404
