"""The signed public API, the keys document, rotation, and the rate limit."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client, override_settings

from qms.registry import ratelimit
from qms.registry.services import publish_certificate, signing_key_rotate
from qms.registry.signing import BadSignature, check_pinned_key, forget_active_key, verify_answer

from .factories import published

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_key_cache() -> None:
    forget_active_key()


def _json(response: Any) -> Any:
    return json.loads(response.content.decode("utf-8"))


def test_a_number_lookup_is_signed_and_verifies_against_the_keys_document() -> None:
    publish_certificate(published())
    client = Client()

    response = client.get("/api/v1/public/certificates/MC-2026-0001/")
    keys = _json(client.get("/.well-known/qms-registry-keys.json"))

    assert response.status_code == 200
    answer = _json(response)
    data = verify_answer(answer)
    check_pinned_key(answer, keys)
    (certificate,) = data["certificates"]
    assert certificate["status"] == "active"
    assert certificate["status_text"] == "valid"
    assert certificate["holder"]["name"] == "Müller Präzisionstechnik GmbH"
    assert certificate["accreditation"]["body"] == "UKAS"
    assert certificate["history"][0]["status"] == "active"
    assert response.content == json.dumps(
        answer, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def test_not_found_drafts_and_unlisted_answer_a_signed_404() -> None:
    publish_certificate(published(number="D-1", status="draft"))
    publish_certificate(published(number="U-1", listed=False))
    client = Client()

    for number in ("D-1", "U-1", "NOPE"):
        response = client.get(f"/api/v1/public/certificates/{number}/")
        assert response.status_code == 404
        data = verify_answer(_json(response))
        assert data["found"] is False
        assert data["certificates"] == []


def test_a_confidential_certificate_answers_minimal_fields() -> None:
    publish_certificate(published(confidential=True))

    data = verify_answer(_json(Client().get("/api/v1/public/certificates/MC-2026-0001/")))

    (certificate,) = data["certificates"]
    assert set(certificate) == {
        "number",
        "holder",
        "standards",
        "expiry_date",
        "certification_body",
        "confidential",
        "verify_url",
        "status",
        "status_text",
        "status_changed_on",
        "status_note",
    }
    assert certificate["holder"] == {"name": "Müller Präzisionstechnik GmbH"}


def test_search_answers_are_signed_and_need_a_query() -> None:
    publish_certificate(published())
    client = Client()

    found = verify_answer(_json(client.get("/api/v1/public/certificates/?q=muller")))
    missing = client.get("/api/v1/public/certificates/")

    assert [item["number"] for item in found["results"]] == ["MC-2026-0001"]
    assert missing.status_code == 400
    assert "q" in _json(missing)


def test_a_suspension_shows_in_the_json_answer() -> None:
    publish_certificate(published())
    publish_certificate(
        published(status="suspended", status_changed_on=date(2026, 6, 1), status_note="R3")
    )

    data = verify_answer(_json(Client().get("/api/v1/public/certificates/MC-2026-0001/")))

    (certificate,) = data["certificates"]
    assert (certificate["status"], certificate["status_text"]) == ("suspended", "suspended")
    assert certificate["status_changed_on"] == "2026-06-01"


def test_one_changed_byte_breaks_the_signature() -> None:
    publish_certificate(published())
    body = Client().get("/api/v1/public/certificates/MC-2026-0001/").content
    at = body.index(b'"active"') + 2

    tampered = body[:at] + b"b" + body[at + 1 :]

    with pytest.raises(BadSignature):
        verify_answer(json.loads(tampered))


def test_after_rotation_old_answers_still_verify_and_the_keys_list_both() -> None:
    publish_certificate(published())
    client = Client()
    old = _json(client.get("/api/v1/public/certificates/MC-2026-0001/"))

    new_key = signing_key_rotate(actor=None)
    forget_active_key()
    new = _json(client.get("/api/v1/public/certificates/MC-2026-0001/"))
    keys = _json(client.get("/.well-known/qms-registry-keys.json"))

    assert new["signature"]["kid"] == new_key.kid != old["signature"]["kid"]
    assert [key["status"] for key in keys["keys"]] == ["retired", "current"]
    assert keys["keys"][0]["valid_until"]
    for answer in (old, new):
        verify_answer(answer)
        check_pinned_key(answer, keys)


def test_a_key_not_in_the_keys_document_is_refused() -> None:
    publish_certificate(published())
    answer = _json(Client().get("/api/v1/public/certificates/MC-2026-0001/"))

    with pytest.raises(BadSignature, match="not listed"):
        check_pinned_key(answer, {"keys": []})


def test_a_changed_audit_key_starts_a_new_signing_key() -> None:
    publish_certificate(published())
    first = _json(Client().get("/api/v1/public/certificates/MC-2026-0001/"))["signature"]["kid"]

    with override_settings(AUDIT_KEY="another-audit-key-of-at-least-32-characters"):
        forget_active_key()
        answer = _json(Client().get("/api/v1/public/certificates/MC-2026-0001/"))

    assert answer["signature"]["kid"] != first
    verify_answer(answer)


@override_settings(REGISTRY_RATE_LIMIT=60)
def test_the_61st_request_in_a_minute_from_one_address_gets_429(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the 61 requests fall in one minute, wherever the test's run crosses a minute
    monkeypatch.setattr(ratelimit, "clock", lambda: 1_800_000_030.0)
    publish_certificate(published())
    client = Client(REMOTE_ADDR="203.0.113.9")

    statuses = [
        client.get(
            "/verify/MC-2026-0001/" if index % 2 else "/api/v1/public/certificates/MC-2026-0001/"
        ).status_code
        for index in range(60)
    ]
    limited = client.get("/registry/?q=muller")

    assert set(statuses) == {200}
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert Client(REMOTE_ADDR="203.0.113.10").get("/registry/").status_code == 200


def test_rate_windows_store_no_addresses_and_old_minutes_are_pruned() -> None:
    from qms.registry.models import RateWindow
    from qms.registry.ratelimit import hit

    hit("198.51.100.7", now=60 * 1000)
    hit("198.51.100.7", now=60 * 1000 + 5)
    hit("198.51.100.8", now=60 * 1003)

    rows = list(RateWindow.objects.values_list("client", "window", "count"))
    assert len(rows) == 1 and rows[0][1:] == (1003, 1)
    assert "198.51.100" not in rows[0][0]
