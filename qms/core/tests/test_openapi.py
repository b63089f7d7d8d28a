"""The OpenAPI schema is valid and describes the representative paths; the Swagger UI loads
with every asset served by the product itself."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

SCHEMA = "/api/v1/schema/"
DOCS = "/api/v1/docs/"


@pytest.fixture
def schema(db: Any) -> dict[str, Any]:
    response = APIClient().get(SCHEMA, HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def test_the_schema_is_a_valid_openapi_3_document(schema: dict[str, Any]) -> None:
    # given the schema served at /api/v1/schema/
    # then it declares OpenAPI 3 and validates against the specification's JSON schema
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)


def test_the_schema_is_served_as_yaml_by_default(db: Any) -> None:
    # when the schema is fetched without asking for JSON
    response = APIClient().get(SCHEMA)

    # then it is YAML that parses to the same kind of document
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi;")
    assert yaml.safe_load(response.content)["openapi"].startswith("3.")


def test_the_schema_declares_bearer_authentication(schema: dict[str, Any]) -> None:
    # then the bearerAuth scheme is an HTTP bearer scheme
    scheme = schema["components"]["securitySchemes"]["bearerAuth"]
    assert scheme["type"] == "http"
    assert scheme["scheme"] == "bearer"

    # and the operations accept it
    me = schema["paths"]["/api/v1/me/"]["get"]
    assert {"bearerAuth": []} in me["security"]


@pytest.mark.parametrize(
    ("path", "methods"),
    [
        ("/api/v1/organizations/sites/", {"get", "post"}),
        ("/api/v1/organizations/sites/{id}/", {"get", "put", "patch", "delete"}),
        ("/api/v1/me/", {"get"}),
        ("/api/v1/audit/events/", {"get"}),
        ("/api/v1/audit/events/{id}/", {"get"}),
    ],
)
def test_the_schema_has_the_representative_paths(
    path: str, methods: set[str], schema: dict[str, Any]
) -> None:
    # then the path is documented with exactly these methods
    assert path in schema["paths"]
    documented = set(schema["paths"][path]) & {"get", "post", "put", "patch", "delete"}
    assert documented == methods


def test_the_audit_trail_offers_no_write_operation(schema: dict[str, Any]) -> None:
    # then no audit path documents a write
    for path, operations in schema["paths"].items():
        if path.startswith("/api/v1/audit/"):
            assert not set(operations) & {"post", "put", "patch", "delete"}, path


def test_every_operation_documents_the_one_error_shape(schema: dict[str, Any]) -> None:
    # then each operation answers 401 and 403 with the Error component
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            for status in ("401", "403"):
                content = operation["responses"][status]["content"]["application/json"]
                assert content["schema"]["$ref"].endswith("/Error"), (path, method, status)


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


# The public registry's lookup answers "not found" with a signed answer (evidence a verifier
# may keep), documented as such, not with the Error shape.
SIGNED_NOT_FOUND = {"/api/v1/public/certificates/{number}/"}


def _expected_errors(path: str, method: str, operation: dict[str, Any]) -> set[str]:
    expected = {"401", "403", "406"}
    if method in {"post", "put", "patch"}:
        expected |= {"400", "415", "409"}
    if method == "delete":
        expected |= {"400", "409"}
    if "{" in path and path not in SIGNED_NOT_FOUND:
        expected.add("404")
    names = {parameter["name"] for parameter in operation.get("parameters", [])}
    if method == "get" and "page" in names:
        expected.add("400")
    return expected


def test_every_operation_documents_each_error_it_can_answer(schema: dict[str, Any]) -> None:
    # then each operation lists every error status it can answer, in the Error shape:
    # 406 anywhere, 400/415/409 on writes, 400/409 on deletes, 404 by id, 400 on lists
    missing = {}
    for path, method, operation in _operations(schema):
        documented = {
            status
            for status, response in operation["responses"].items()
            if response.get("content", {})
            .get("application/json", {})
            .get("schema", {})
            .get("$ref", "")
            .endswith("/Error")
        }
        if lacking := _expected_errors(path, method, operation) - documented:
            missing[f"{method.upper()} {path}"] = sorted(lacking)
    assert missing == {}


def test_write_bodies_declare_that_unknown_fields_are_refused(schema: dict[str, Any]) -> None:
    # then the request body of every create and update is closed to extra properties
    open_bodies = []
    for path, method, operation in _operations(schema):
        if method not in {"post", "put", "patch"} or "requestBody" not in operation:
            continue
        # JSON bodies, or multipart for a file upload (attachments): each one is closed.
        for content in operation["requestBody"]["content"].values():
            ref = content["schema"].get("$ref", "")
            component = schema["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
            if component.get("properties") and component.get("additionalProperties") is not False:
                open_bodies.append(f"{method.upper()} {path}: {ref}")
    assert open_bodies == []


def test_the_site_list_documents_pagination_filters_and_ordering(schema: dict[str, Any]) -> None:
    # then the list takes the page, the filters and the ordering as parameters
    operation = schema["paths"]["/api/v1/organizations/sites/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"page", "page_size", "q", "country", "ordering"} <= names


_ASSET = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_URL_IN_SCRIPT = re.compile(r"""["'](https?://[^"']+)["']""", re.IGNORECASE)


def test_a_detail_action_answering_a_list_is_documented_unpaged(schema: dict[str, Any]) -> None:
    # only a viewset's `list` pages its answer; a review's sections come whole
    get = schema["paths"]["/api/v1/management-reviews/{id}/sections/"]["get"]
    body = get["responses"]["200"]["content"]["application/json"]["schema"]
    assert body["type"] == "array"


def test_read_only_blank_choices_and_optional_relations_are_documented(
    schema: dict[str, Any],
) -> None:
    # an unset blank choice holds "", a value through an empty relation is null
    properties = schema["components"]["schemas"]["ConclusionRead"]["properties"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in properties["recommendation"]["oneOf"]
    clause = schema["components"]["schemas"]["PortalFinding"]["properties"]["clause"]
    assert clause["nullable"] is True


def test_a_time_of_day_is_documented_as_it_is_written(schema: dict[str, Any]) -> None:
    # "09:00:00", local: not JSON Schema's "time", which needs a UTC offset
    starts = schema["components"]["schemas"]["Slot"]["properties"]["starts"]
    assert "format" not in starts
    assert re.match(starts["pattern"], "09:00:00") and re.match(starts["pattern"], "17:30")
    assert not re.match(starts["pattern"], "25:00")


def test_the_swagger_ui_loads_only_local_assets(client_for: Any, viewer: Any) -> None:
    # when a member opens the API documentation
    response = client_for(viewer).get(DOCS)

    # then it is an HTML page whose scripts and styles all come from /static/
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html.lower()
    assets = _ASSET.findall(html)
    assert any(url.endswith(".js") for url in assets), assets
    for url in assets:
        assert not re.match(r"^(https?:)?//", url), f"external asset {url}"
        assert url.startswith(("/static/", "/api/v1/")), url

    # and nothing in the page or its initialiser script points at another host
    initialiser = client_for(viewer).get(f"{DOCS}?script=").content.decode()
    for url in _URL_IN_SCRIPT.findall(html + initialiser):
        assert url.startswith("http://testserver/"), f"external URL {url}"


def test_the_swagger_ui_does_not_call_the_online_validator(client_for: Any, viewer: Any) -> None:
    # when a member opens the API documentation (its initialiser is a script of its own)
    html = client_for(viewer).get(f"{DOCS}?script=").content.decode()

    # then the page uses Swagger UI's base layout, which has no badge loaded from
    # validator.swagger.io (the standalone layout has one), or switches the validator off
    assert 'layout: "BaseLayout"' in html or '"validatorUrl": null' in html


def test_the_swagger_ui_assets_are_served(client_for: Any, viewer: Any) -> None:
    # given the documentation page
    html = client_for(viewer).get(DOCS).content.decode()

    # when each of its local scripts and styles is fetched
    for url in _ASSET.findall(html):
        if not url.startswith("/static/"):
            continue
        response = client_for(None).get(url)

        # then the product serves it
        assert response.status_code == 200, url


def test_the_schema_is_generated_once_per_process(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # given a process that has not served the schema yet
    from drf_spectacular.generators import SchemaGenerator

    from qms.core.api.schema_view import SchemaView

    monkeypatch.setattr(SchemaView, "_generated", {})
    calls: list[int] = []
    generate = SchemaGenerator.get_schema

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return generate(self, *args, **kwargs)

    monkeypatch.setattr(SchemaGenerator, "get_schema", counted)

    # when it is asked for three times, in YAML and in JSON
    client = APIClient()
    first = client.get(SCHEMA, HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    client.get(SCHEMA)
    again = client.get(SCHEMA, HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    # then it was generated once, and each answer is the same document
    assert len(calls) == 1
    assert first == again
