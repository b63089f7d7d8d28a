"""Health endpoints and the request id every response carries."""

from __future__ import annotations

import re

import pytest

HEX_ID = re.compile(r"^[0-9a-f]{32}$")


@pytest.mark.django_db
def test_healthz_answers_json_with_the_database_status(client):
    # when
    response = client.get("/healthz")
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["database"]["vendor"] in {"sqlite", "postgresql"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_needs_no_login(client, django_assert_max_num_queries):
    # when: anonymous, no session: one query, the database probe itself
    with django_assert_max_num_queries(1):
        response = client.get("/healthz")
    # then
    assert response.status_code == 200


@pytest.mark.django_db
def test_livez_answers_ok_without_touching_the_database(client, django_assert_num_queries):
    # when
    with django_assert_num_queries(0):
        response = client.get("/livez")
    # then
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/livez"])
def test_health_endpoints_only_answer_get(client, path):
    # when
    response = client.post(path)
    # then
    assert response.status_code == 405


@pytest.mark.django_db
def test_a_well_formed_incoming_request_id_is_echoed(client):
    # when
    response = client.get("/livez", HTTP_X_REQUEST_ID="proxy-req-0001.abc:7")
    # then
    assert response["X-Request-ID"] == "proxy-req-0001.abc:7"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "incoming",
    ["short", "has spaces in it", "<script>alert(1)</script>", "x" * 65, "id\nwith-newline"],
)
def test_a_malformed_incoming_request_id_is_replaced(client, incoming):
    # when
    response = client.get("/livez", HTTP_X_REQUEST_ID=incoming)
    # then
    assert response["X-Request-ID"] != incoming
    assert HEX_ID.match(response["X-Request-ID"])


@pytest.mark.django_db
def test_each_request_without_an_id_gets_a_new_one(client):
    # when
    first = client.get("/livez")["X-Request-ID"]
    second = client.get("/livez")["X-Request-ID"]
    # then
    assert HEX_ID.match(first)
    assert HEX_ID.match(second)
    assert first != second
