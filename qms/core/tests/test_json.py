"""The API reads and writes JSON with orjson: same shapes as before, and a body too deeply
nested to parse is a 400 in the API's error shape, never a 500."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.utils.translation import gettext_lazy

from qms.core.api.renderers import ORJSONRenderer
from qms.organizations.models import Organization

SITES = "/api/v1/organizations/sites/"


@pytest.fixture
def client(api_client_for: Any, quality_manager: Any) -> Any:
    return api_client_for(quality_manager)


def _post_raw(client: Any, body: bytes | str) -> Any:
    return client.generic("POST", SITES, body, content_type="application/json")


@pytest.mark.parametrize("depth", [2_000, 50_000])
def test_a_deeply_nested_body_is_a_400(client: Any, organization: Organization, depth: int) -> None:
    # when a body nests brackets far deeper than any real document
    response = _post_raw(client, "[" * depth + "]" * depth)

    # then the API answers 400 with its error shape, naming the problem
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert body["code"] == "parse_error"
    assert "nested too deeply" in body["message"]


@pytest.mark.parametrize("raw", ['{"name": ', "\xff\xfe", "{'name': 'x'}", "NaN"])
def test_malformed_json_is_a_400(client: Any, organization: Organization, raw: str) -> None:
    # when the body is not JSON
    response = _post_raw(client, raw.encode("latin-1"))

    # then the API answers 400 with its error shape
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_body_in_json_creates_the_record(client: Any, organization: Organization) -> None:
    # when a well-formed body with non-ASCII text is posted
    response = _post_raw(client, json.dumps({"name": "Zürich — Werk 2", "country": "CH"}))

    # then the record is created and read back unchanged, as UTF-8 JSON
    assert response.status_code == 201, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json()["name"] == "Zürich — Werk 2"
    assert "Zürich".encode() in response.content


def test_the_renderer_writes_values_orjson_does_not_know_like_drf_did() -> None:
    # given values the standard encoder of DRF knows how to write
    data = {"amount": Decimal("1.50"), "label": gettext_lazy("Site"), "ids": (1, 2)}

    # when rendered
    rendered = ORJSONRenderer().render(data)

    # then they come out as DRF's JSONRenderer wrote them
    assert json.loads(rendered) == {"amount": 1.5, "label": "Site", "ids": [1, 2]}
    assert ORJSONRenderer().render(None) == b""
