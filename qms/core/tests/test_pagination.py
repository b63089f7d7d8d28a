"""API list paging: no total count unless asked, next/previous links from one extra row,
and bad page parameters answered with a 400 in the API's error shape."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from qms.organizations.models import Organization, Site

SITES = "/api/v1/organizations/sites/"


def _make_sites(organization: Organization, count: int) -> None:
    Site.objects.bulk_create(
        [Site(organization=organization, name=f"Site {n:03d}") for n in range(count)]
    )


@pytest.fixture
def client(api_client_for: Any, quality_manager: Any) -> Any:
    return api_client_for(quality_manager)


def test_a_list_page_has_no_count_and_links_to_the_next_page(
    client: Any, organization: Organization
) -> None:
    # given 120 sites
    _make_sites(organization, 120)

    # when the first page is requested
    response = client.get(SITES)

    # then it holds 50 rows, a link to the next page, none to a previous one, and no count
    body = response.json()
    assert response.status_code == 200
    assert set(body) == {"next", "previous", "results"}
    assert len(body["results"]) == 50
    assert body["next"].endswith("?page=2")
    assert body["previous"] is None


def test_the_last_page_has_no_next_link(client: Any, organization: Organization) -> None:
    # given exactly two pages of sites
    _make_sites(organization, 100)

    # when the second page is requested
    body = client.get(SITES, {"page": 2}).json()

    # then it is full, has no next page, and its previous link is the first page
    assert len(body["results"]) == 50
    assert body["next"] is None
    assert body["previous"].endswith(SITES)


def test_count_true_adds_the_exact_total(client: Any, organization: Organization) -> None:
    # given 120 sites
    _make_sites(organization, 120)

    # when the caller asks for the count
    body = client.get(SITES, {"count": "true", "page": 3}).json()

    # then the page carries it beside the links
    assert body["count"] == 120
    assert len(body["results"]) == 20
    assert body["next"] is None


def test_a_page_without_count_runs_no_count_query(client: Any, organization: Organization) -> None:
    # given some sites
    _make_sites(organization, 60)

    # when a page is requested without ?count=true
    with CaptureQueriesContext(connection) as captured:
        response = client.get(SITES)

    # then no COUNT query ran
    assert response.status_code == 200
    assert not [q for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page": "1.5"}, "page"),
        ({"page": "\N{FULLWIDTH DIGIT TWO}"}, "page"),  # a full-width digit is no page number
        ({"page": "9"}, "page"),  # beyond the last page
        ({"page": "4384617503294182400"}, "page"),  # an offset beyond a 64-bit integer
        ({"page": "4384617503294182400", "page_size": "1"}, "page"),
        ({"page": "9" * 40}, "page"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
        ({"count": "maybe"}, "count"),
    ],
)
def test_a_bad_page_parameter_is_a_400_in_the_error_shape(
    client: Any, organization: Organization, params: dict[str, str], field: str
) -> None:
    # given a few sites
    _make_sites(organization, 5)

    # when a bad page parameter is sent
    response = client.get(SITES, params)

    # then the API refuses it with the field named, in its one error shape
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert body["code"] == "invalid"
    assert list(body["errors"]) == [field]


def test_the_first_page_of_an_empty_list_is_not_an_error(client: Any) -> None:
    # given no sites at all, when the first page is requested
    response = client.get(SITES, {"page": 1})

    # then it is an empty page
    assert response.status_code == 200
    assert response.json() == {"next": None, "previous": None, "results": []}


def test_next_and_previous_keep_the_filters(client: Any, organization: Organization) -> None:
    # given many sites in one country
    Site.objects.bulk_create(
        [Site(organization=organization, name=f"S {n:03d}", country="FR") for n in range(60)]
    )

    # when a filtered, sorted second page is requested with a smaller page size
    body = client.get(
        SITES, {"country": "FR", "ordering": "-name", "page_size": 25, "page": 2}
    ).json()

    # then its links keep the filter, the order and the page size
    assert "country=FR" in body["next"] and "page=3" in body["next"]
    assert "ordering=-name" in body["previous"] and "page_size=25" in body["previous"]
    assert [row["name"] for row in body["results"]][:2] == ["S 034", "S 033"]


def test_the_schema_documents_the_count_parameter_and_the_slim_list_row(db: Any) -> None:
    # when the OpenAPI schema is read
    response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = response.json()

    # then the sites list documents ?count=, a page whose count is optional, and the slim row
    operation = schema["paths"][SITES]["get"]
    assert {"page", "page_size", "count"} <= {p["name"] for p in operation["parameters"]}
    components = schema["components"]["schemas"]
    page = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    page = components[page.rsplit("/", 1)[-1]]
    assert page["required"] == ["next", "previous", "results"]
    assert page["properties"]["results"]["items"]["$ref"].endswith("/SiteRow")
    assert "address" not in components["SiteRow"]["properties"]
    assert "address" in components["Site"]["properties"]
