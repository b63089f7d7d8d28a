"""Crafted and sloppy input is refused clearly: deeply nested JSON, floats where an id is
expected, read-only fields in a write, unknown country codes, names that differ only in
letter case, malformed ids and bad filters. Always the API's one error shape, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from qms.core.audit import AuditEvent
from qms.organizations.models import Organization, Process, Site
from qms.organizations.tests.factories import ProcessFactory, SiteFactory

SITES = "/api/v1/organizations/sites/"
PROCESSES = "/api/v1/organizations/processes/"


def _error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert isinstance(body["message"], str) and body["message"]
    if code is not None:
        assert body["code"] == code, body
    return body


@pytest.fixture
def manager_api(api_client_for: Any, quality_manager: Any) -> APIClient:
    client: APIClient = api_client_for(quality_manager)
    return client


def _written() -> tuple[int, int, int]:
    return Site.objects.count(), Process.objects.count(), AuditEvent.objects.count()


# --- Deeply nested JSON -------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    ["[" * 50_000, "[" * 50_000 + "]" * 50_000, '{"name": ' + "[" * 50_000 + "]" * 50_000 + "}"],
    ids=["unclosed", "closed", "in-a-field"],
)
def test_deeply_nested_json_is_a_400_not_a_500(manager_api: APIClient, body: str) -> None:
    # given the tables as they are
    before = _written()
    # when a body nested 50,000 levels deep is posted
    response = manager_api.post(SITES, body, content_type="application/json")
    # then it is refused as bad input in the error shape, and nothing is written
    assert _error(response, 400)["code"] in ("parse_error", "invalid")
    assert _written() == before


def test_a_deeply_nested_patch_is_a_400_too(
    manager_api: APIClient, organization: Organization
) -> None:
    # given a site
    site = SiteFactory(organization=organization, name="Forge")
    # when it is patched with a deeply nested body
    response = manager_api.patch(
        f"{SITES}{site.pk}/", "[" * 50_000 + "]" * 50_000, content_type="application/json"
    )
    # then
    _error(response, 400)


def test_deeply_nested_brackets_in_a_page_form_or_query_are_plain_text(
    client_for: Any, quality_manager: Any, organization: Organization
) -> None:
    # when brackets are posted through the page's form and put in a list's search
    client = client_for(quality_manager)
    posted = client.post("/organization/sites/add/", {"name": "[" * 50_000})
    searched = client.get("/organization/sites/", {"q": "[" * 5_000})
    # then the form says the name is too long and the search simply finds nothing
    assert posted.status_code == 400
    assert searched.status_code == 200


# --- Ids ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [1.5, 1.0, True, "1.0", "1.5", "1e0", " 1", [1], {"id": 1}])
def test_something_that_is_not_an_integer_is_refused_where_an_id_is_expected(
    manager_api: APIClient, organization: Organization, value: Any
) -> None:
    # given a site whose id is 1 or more
    site = SiteFactory(organization=organization, name="Forge")
    payload_value = value
    if isinstance(value, float):
        payload_value = site.pk + (value - int(value))  # e.g. 7.5 for pk 7
    elif isinstance(value, str) and value[:1].strip() and value[0].isdigit():
        payload_value = f"{site.pk}{value[1:]}"  # e.g. "7.0"
    before = _written()

    # when a process is created with that value as its site
    response = manager_api.post(
        PROCESSES, {"name": "Casting", "site": payload_value}, format="json"
    )

    # then it is a 400 naming the field, and nothing is written (1.5 was pk 1 before)
    body = _error(response, 400, "invalid")
    assert list(body["errors"]) == ["site"], body
    assert _written() == before


def test_an_integer_id_as_a_number_or_a_string_of_digits_is_accepted(
    manager_api: APIClient, organization: Organization
) -> None:
    # given a site
    site = SiteFactory(organization=organization, name="Forge")
    # when two processes name it as 7 and as "7"
    as_number = manager_api.post(PROCESSES, {"name": "A", "site": site.pk}, format="json")
    as_text = manager_api.post(PROCESSES, {"name": "B", "site": str(site.pk)}, format="json")
    # then both are created on it
    assert (as_number.status_code, as_text.status_code) == (201, 201)
    assert as_number.json()["site"] == as_text.json()["site"] == site.pk


@pytest.mark.parametrize("path", ["abc", "1.5", "-1", "99999999999999999999999", "%20"])
def test_a_malformed_or_unknown_id_in_the_url_is_a_json_404(
    manager_api: APIClient, path: str
) -> None:
    # when a site is read, changed and deleted by a malformed id
    for response in (
        manager_api.get(f"{SITES}{path}/"),
        manager_api.patch(f"{SITES}{path}/", {"name": "x"}, format="json"),
        manager_api.delete(f"{SITES}{path}/"),
    ):
        # then it is not found, in the API's error shape
        _error(response, 404, "not_found")


@pytest.mark.parametrize("path", ["/api/v1/nothing/", "/api/v2/", "/api/", "/api/v1/sites"])
def test_an_unknown_api_url_is_a_json_404_not_the_html_page(
    manager_api: APIClient, path: str
) -> None:
    # when
    response = manager_api.get(path)
    # then
    _error(response, 404, "not_found")


# --- Read-only and unknown fields -----------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("id", 12345), ("created_at", "2020-01-01T00:00:00Z"), ("updated_at", None)],
)
def test_a_read_only_field_in_a_write_is_refused_like_an_unknown_one(
    manager_api: APIClient, organization: Organization, field: str, value: Any
) -> None:
    # given a site
    site = SiteFactory(organization=organization, name="Forge")
    before = _written()
    # when a create and an update carry a field the client cannot set
    created = manager_api.post(SITES, {"name": "Depot", field: value}, format="json")
    changed = manager_api.patch(f"{SITES}{site.pk}/", {field: value}, format="json")
    # then both are 400s naming it, and nothing is written
    for response in (created, changed):
        body = _error(response, 400, "invalid")
        assert list(body["errors"]) == [field], body
    assert _written() == before


# --- Countries ------------------------------------------------------------------------------


def test_a_country_is_written_and_read_as_its_iso_code(manager_api: APIClient) -> None:
    # when a site is created in "GB"
    response = manager_api.post(SITES, {"name": "Leeds", "country": "GB"}, format="json")
    # then it is stored and answered as the code
    assert response.status_code == 201, response.content
    assert response.json()["country"] == "GB"
    assert Site.objects.get(name="Leeds").country.code == "GB"


@pytest.mark.parametrize("value", ["XX", "GBR", "United Kingdom", "G", 44, ["GB"]])
def test_an_unknown_country_code_is_a_clear_400(manager_api: APIClient, value: Any) -> None:
    # when
    response = manager_api.post(SITES, {"name": "Leeds", "country": value}, format="json")
    # then
    body = _error(response, 400, "invalid")
    assert "ISO 3166-1" in body["errors"]["country"][0], body


def test_the_site_list_filters_by_country_code_and_refuses_an_unknown_one(
    manager_api: APIClient, organization: Organization
) -> None:
    # given sites in two countries
    SiteFactory(organization=organization, name="Leeds", country="GB")
    SiteFactory(organization=organization, name="Lyon", country="FR")
    # when the list is filtered by a code, and by something that is not one
    found = manager_api.get(SITES, {"country": "FR"})
    refused = manager_api.get(SITES, {"country": "XX"})
    # then
    assert [row["name"] for row in found.json()["results"]] == ["Lyon"]
    assert "country" in _error(refused, 400, "invalid")["errors"]


def test_the_site_form_offers_a_country_select(
    client_for: Any, quality_manager: Any, organization: Organization
) -> None:
    # when the form is opened
    page = client_for(quality_manager).get("/organization/sites/add/").content.decode()
    # then the country is chosen from a list of ISO codes
    assert '<select name="country"' in page
    assert '<option value="GB">United Kingdom</option>' in page


# --- Names unique whatever the letter case -----------------------------------------------------


@pytest.mark.parametrize(
    ("url", "factory"), [(SITES, SiteFactory), (PROCESSES, ProcessFactory)], ids=["site", "process"]
)
def test_a_name_that_differs_only_in_case_is_a_409_beside_the_name(
    manager_api: APIClient, organization: Organization, url: str, factory: Any
) -> None:
    # given a record named "Forge"
    existing = factory(organization=organization, name="Forge")
    other = factory(organization=organization, name="Depot")
    before = _written()

    # when another is created, or renamed, to "FORGE"
    created = manager_api.post(url, {"name": "FORGE"}, format="json")
    renamed = manager_api.patch(f"{url}{other.pk}/", {"name": "forge"}, format="json")

    # then both are conflicts with the error beside the name, as the README documents
    for response in (created, renamed):
        body = _error(response, 409, "unique")
        assert list(body["errors"]) == ["name"], body
        assert "already exists" in body["errors"]["name"][0]
    assert _written() == before
    # and renaming a record to its own name in other letters is no conflict
    assert (
        manager_api.patch(f"{url}{existing.pk}/", {"name": "FORGE"}, format="json").status_code
        == 200
    )


def test_the_site_form_shows_a_duplicate_name_beside_the_name_field(
    client_for: Any, quality_manager: Any, organization: Organization
) -> None:
    # given a site named "Forge"
    SiteFactory(organization=organization, name="Forge")
    # when the form adds "forge"
    response = client_for(quality_manager).post(
        "/organization/sites/add/", {"name": "forge", "country": ""}
    )
    # then the form comes back with the error on the name field
    assert response.status_code == 400
    form = response.context["form"]
    assert "already exists" in " ".join(form.errors.get("name", [])), form.errors
    assert Site.objects.filter(organization=organization).count() == 1


# --- Bad filters -----------------------------------------------------------------------------


def test_a_bad_filter_value_is_a_400_naming_the_filter(manager_api: APIClient) -> None:
    # when the process list is filtered by a site that is not an id
    response = manager_api.get(PROCESSES, {"site": "1.5"})
    # then
    assert "site" in _error(response, 400, "invalid")["errors"]


def test_a_recursion_error_while_reading_input_is_a_400_in_the_error_shape() -> None:
    # given the error a recursive parser or validator raises on a deeply nested body
    from qms.core.api.exceptions import exception_handler

    # when the API's exception handler meets it
    response = exception_handler(RecursionError("maximum recursion depth exceeded"), {})

    # then it is bad input in the error shape, not a server error
    assert response is not None
    assert response.status_code == 400
    assert response.data["status"] == 400
    assert response.data["code"] == "parse_error"


def test_errors_of_list_items_and_nested_fields_keep_the_documented_shape() -> None:
    # given a list field and a nested serializer whose errors come per item and sub-field
    from rest_framework.exceptions import ValidationError

    from qms.core.api.exceptions import exception_handler

    detail = {
        "labels": {"0": ["No null characters."], "4": ["This field may not be blank."]},
        "bands": [{}, {"colour": ["Not a colour."]}],
        "name": ["This field is required."],
    }

    # when the API's exception handler answers
    response = exception_handler(ValidationError(detail), {})

    # then every field holds a flat list of strings naming where each message applies
    assert response is not None and response.status_code == 400
    assert response.data["errors"] == {
        "labels": ["item 1: No null characters.", "item 5: This field may not be blank."],
        "bands": ["item 2: colour: Not a colour."],
        "name": ["This field is required."],
    }
