"""The publish API for other certification bodies: a source's API key writes that source's
certificates only; bad input is a 400 beside the fields; changes add public history."""

from __future__ import annotations

import base64
import datetime
from typing import Any

import pytest
from rest_framework.test import APIClient

from qms.core.audit import AuditEvent
from qms.registry.api_keys import source_api_key_create, source_api_key_revoke
from qms.registry.models import PublicCertificate, Source, StatusChange

from .exchange_helpers import certsearch_row, csv_file, other_body

pytestmark = [pytest.mark.django_db, pytest.mark.urls("qms.registry.tests.urls_exchange")]

URL = "/api/v1/public/publish/certificates/"


@pytest.fixture
def source() -> Source:
    return other_body()


@pytest.fixture
def api(source: Source) -> APIClient:
    _key, secret = source_api_key_create(actor=None, source=source, name="their system")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")
    return client


def body(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "number": "NZ-2026-0001",
        "record_id": "R-1",
        "holder_id": "E-1",
        "holder_name": "Ölmühle Sänger KG",
        "holder_trading_name": "Sänger Oils",
        "country": "DE",
        "street": "Mühlweg 3",
        "city": "Ulm",
        "post_code": "89073",
        "standards": ["ISO 9001:2015", "ISO 14001:2015"],
        "iaf_codes": ["3"],
        "scope": "Pressing and bottling of edible oils",
        "sites": ["Mill — Mühlweg 3, Ulm"],
        "original_issue_date": "2023-05-01",
        "issue_date": "2026-05-01",
        "expiry_date": "2029-04-30",
        "status": "active",
    }
    values.update(changes)
    return values


def test_a_new_certificate_is_published_under_the_keys_source(
    api: APIClient, source: Source
) -> None:
    response = api.post(URL, body(), format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["number"] == "NZ-2026-0001"
    assert data["status"] == "active"
    assert data["address"] == "Mühlweg 3, 89073 Ulm"
    certificate = PublicCertificate.objects.get()
    assert certificate.source == source
    assert certificate.standards == ["ISO 9001:2015", "ISO 14001:2015"]
    assert certificate.status_changed_on == datetime.date(2026, 5, 1)
    event = AuditEvent.objects.get(event_type="registry_certificate.published")
    assert event.data["source"] == "cb:nordlicht"
    assert event.data["api_key"].startswith("qmsreg_")


def test_posting_a_published_number_again_is_a_conflict(api: APIClient) -> None:
    api.post(URL, body(), format="json")

    response = api.post(URL, body(number="nz-2026-0001 "), format="json")

    assert response.status_code == 409
    assert response.json()["errors"] == {"number": ["This number is already published."]}


def test_patch_suspends_and_the_history_says_so(api: APIClient) -> None:
    api.post(URL, body(), format="json")

    response = api.patch(
        f"{URL}NZ-2026-0001/",
        {
            "status": "Suspended",
            "status_changed_on": "2026-10-01",
            "status_note": "Suspended: client requested (R3)",
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "suspended"
    certificate = PublicCertificate.objects.get()
    assert certificate.scope == "Pressing and bottling of edible oils"  # kept
    assert list(certificate.history.order_by("id").values_list("status", flat=True)) == [
        "active",
        "suspended",
    ]


def test_put_creates_or_replaces_and_the_same_state_twice_changes_nothing(
    api: APIClient,
) -> None:
    created = api.put(f"{URL}NZ-2026-0001/", body(), format="json")
    again = api.put(f"{URL}NZ-2026-0001/", body(), format="json")
    changed = api.put(f"{URL}NZ-2026-0001/", body(scope="Bottling only"), format="json")

    assert (created.status_code, again.status_code, changed.status_code) == (201, 200, 200)
    assert PublicCertificate.objects.get().scope == "Bottling only"
    assert StatusChange.objects.count() == 1
    assert AuditEvent.objects.filter(event_type="registry_certificate.published").count() == 2


def test_another_sources_number_is_not_found(api: APIClient, source: Source) -> None:
    # given another body published the same number
    other = other_body(key="cb:other", name="Other Cert Ltd")
    _key, secret = source_api_key_create(actor=None, source=other, name="other")
    theirs = APIClient()
    theirs.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")
    assert theirs.post(URL, body(number="OT-1"), format="json").status_code == 201

    # then this key neither reads nor changes it
    assert api.get(f"{URL}OT-1/").status_code == 404
    assert api.patch(f"{URL}OT-1/", {"status": "withdrawn"}, format="json").status_code == 404
    assert PublicCertificate.objects.get(number="OT-1").status == "active"
    # and a PUT of that number creates this source's own certificate, leaving theirs alone
    assert api.put(f"{URL}OT-1/", body(number="OT-1"), format="json").status_code == 201
    assert set(PublicCertificate.objects.values_list("source__key", flat=True)) == {
        "cb:other",
        "cb:nordlicht",
    }


def test_bad_input_is_a_400_beside_the_fields_and_writes_nothing(api: APIClient) -> None:
    response = api.post(
        URL,
        body(
            country="Atlantis",
            status="superseded",
            expiry_date="2020-01-01",
            iaf_codes=["99"],
            standards=[],
            colour="blue",
        ),
        format="json",
    )

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"country", "status", "iaf_codes", "standards", "colour"}
    assert not PublicCertificate.objects.exists()


def test_dates_out_of_order_are_a_400(api: APIClient) -> None:
    response = api.post(URL, body(expiry_date="2026-01-01"), format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "expiry_date": ["The expiry date is before the issue date."]
    }


def test_a_body_number_differing_from_the_address_is_a_400(api: APIClient) -> None:
    response = api.put(f"{URL}NZ-2026-0001/", body(number="NZ-2026-0002"), format="json")

    assert response.status_code == 400
    assert "number" in response.json()["errors"]


def test_no_key_a_wrong_key_or_a_revoked_key_is_a_401(source: Source) -> None:
    key, secret = source_api_key_create(actor=None, source=source, name="old")
    source_api_key_revoke(actor=None, key=key)
    anonymous = APIClient()
    wrong = APIClient()
    wrong.credentials(HTTP_AUTHORIZATION="Api-Key qmsreg_not-a-key")
    revoked = APIClient()
    revoked.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")

    for client in (anonymous, wrong, revoked):
        response = client.post(URL, body(), format="json")
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == 'Api-Key realm="registry"'
    assert not PublicCertificate.objects.exists()


def test_a_members_bearer_token_is_not_a_publish_key(
    quality_manager: Any, api_client_for: Any
) -> None:
    response = api_client_for(quality_manager).post(URL, body(), format="json")

    assert response.status_code == 401


def test_an_import_through_the_api_dry_run_then_real(api: APIClient) -> None:
    sheet = csv_file([certsearch_row(1), certsearch_row(2)]).read()
    payload = {"file_name": "certs.csv", "content_base64": base64.b64encode(sheet).decode()}

    dry = api.post("/api/v1/public/publish/imports/", payload, format="json")
    real = api.post("/api/v1/public/publish/imports/", {**payload, "dry_run": False}, format="json")

    assert dry.status_code == 200 and dry.json()["status"] == "dry_run_ok"
    assert real.status_code == 200 and real.json()["totals"]["created"] == 2
    assert set(PublicCertificate.objects.values_list("source__key", flat=True)) == {"cb:nordlicht"}


def test_an_import_with_a_bad_row_reports_it_and_writes_nothing(api: APIClient) -> None:
    sheet = csv_file([certsearch_row(1), certsearch_row(2, **{"Issue Date": "tomorrow"})])

    response = api.post(
        "/api/v1/public/publish/imports/",
        {"file": sheet, "dry_run": "false"},
        format="multipart",
    )

    assert response.status_code == 200
    assert response.json()["status"] == "failed"
    assert [row["row"] for row in response.json()["rows"] if row["status"] == "error"] == [3]
    assert not PublicCertificate.objects.exists()


def test_an_unreadable_upload_is_a_400(api: APIClient) -> None:
    payload = {"file_name": "certs.txt", "content_base64": base64.b64encode(b"x").decode()}

    response = api.post("/api/v1/public/publish/imports/", payload, format="json")

    assert response.status_code == 400
    assert "file" in response.json()["errors"]
