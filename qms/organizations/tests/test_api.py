"""The sites and processes API: CRUD through services, the permission matrix, related objects
of the organization only, lists, filters and ordering."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qms.accounts.tests.factories import UserFactory
from qms.core.audit import AuditEvent
from qms.organizations.models import Organization, Process, Site
from qms.organizations.tests.factories import ProcessFactory, SiteFactory

SITES = "/api/v1/organizations/sites/"
PROCESSES = "/api/v1/organizations/processes/"
CURRENT = "/api/v1/organizations/current/"


@pytest.fixture
def site(organization: Organization) -> Site:
    return SiteFactory(organization=organization, name="Sheffield works", country="GB")


def _client(request: pytest.FixtureRequest, api_client_for: Any, persona: str | None) -> Any:
    return api_client_for(request.getfixturevalue(persona) if persona else None)


# --- The permission matrix ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "method", "target", "expected"),
    [
        (None, "get", "list", 401),
        (None, "post", "list", 401),
        (None, "get", "detail", 401),
        (None, "patch", "detail", 401),
        (None, "delete", "detail", 401),
        ("outsider", "get", "detail", 404),
        ("outsider", "put", "detail", 404),
        ("outsider", "patch", "detail", 404),
        ("outsider", "delete", "detail", 404),
        ("viewer", "post", "list", 403),
        ("viewer", "put", "detail", 403),
        ("viewer", "patch", "detail", 403),
        ("viewer", "delete", "detail", 403),
        ("process_owner", "patch", "detail", 403),
        ("viewer", "get", "list", 200),
        ("employee", "get", "detail", 200),
        ("quality_manager", "post", "list", 201),
        ("quality_manager", "put", "detail", 200),
        ("quality_manager", "patch", "detail", 200),
        ("quality_manager", "delete", "detail", 204),
        ("owner", "patch", "detail", 200),
    ],
)
def test_the_sites_api_follows_the_permission_matrix(
    persona: str | None,
    method: str,
    target: str,
    expected: int,
    request: pytest.FixtureRequest,
    api_client_for: Any,
    site: Site,
) -> None:
    # given a site of Acme and an API client acting as the persona
    client = _client(request, api_client_for, persona)
    url = SITES if target == "list" else f"{SITES}{site.pk}/"
    data = {"name": "Leeds office", "country": "GB"} if method in ("post", "put", "patch") else None

    # when the request is made
    response = getattr(client, method)(url, data, format="json")

    # then the answer is the matrix's, errors in the one JSON shape
    assert response.status_code == expected
    if expected >= 400:
        body = response.json()
        assert body["status"] == expected
        assert set(body) >= {"status", "code", "message"}
    if expected == 401:
        assert response["WWW-Authenticate"].startswith("Bearer")


# --- CRUD by the quality manager ----------------------------------------------------------


def test_the_quality_manager_creates_a_site_and_the_creation_is_audited(
    api_client_for: Any, quality_manager: Any, organization: Organization
) -> None:
    # given the quality manager's API client
    client = api_client_for(quality_manager)

    # when they create a site
    response = client.post(
        SITES,
        {"name": "Leeds office", "address": "1 Park Row", "country": "GB", "employees": 12},
        format="json",
    )

    # then it is created in Acme with the read shape, and one event records it
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {
        "id",
        "name",
        "address",
        "country",
        "is_head_office",
        "employees",
        "version",
        "created_at",
        "updated_at",
    }
    assert body["name"] == "Leeds office"
    assert body["employees"] == 12
    site = Site.objects.get(pk=body["id"])
    assert site.organization == organization
    event = AuditEvent.objects.get(event_type="site.created")
    assert event.subject_id == str(site.pk)
    assert event.actor == quality_manager
    assert event.after["name"] == "Leeds office"
    assert event.organization_id == organization.pk


def test_the_quality_manager_reads_changes_and_deletes_a_site(
    api_client_for: Any, quality_manager: Any, site: Site
) -> None:
    # given the quality manager's API client and a site
    client = api_client_for(quality_manager)
    url = f"{SITES}{site.pk}/"

    # when they read it, patch it and delete it
    read = client.get(url)
    patched = client.patch(url, {"employees": 70}, format="json")
    deleted = client.delete(url)

    # then each works and the change and the deletion are audited with their values
    assert read.status_code == 200
    assert read.json()["name"] == "Sheffield works"
    assert patched.status_code == 200
    assert patched.json()["employees"] == 70
    assert deleted.status_code == 204
    assert not Site.objects.filter(pk=site.pk).exists()
    updated = AuditEvent.objects.get(event_type="site.updated")
    assert updated.before == {"employees": None}
    assert updated.after == {"employees": 70}
    removed = AuditEvent.objects.get(event_type="site.deleted")
    assert removed.before["name"] == "Sheffield works"


def test_a_put_replaces_the_writable_fields(
    api_client_for: Any, quality_manager: Any, site: Site
) -> None:
    # when the quality manager puts a whole site
    response = api_client_for(quality_manager).put(
        f"{SITES}{site.pk}/",
        {
            "name": "Sheffield forge",
            "address": "12 Forge Lane",
            "country": "GB",
            "is_head_office": True,
            "employees": 64,
        },
        format="json",
    )

    # then every field is stored
    assert response.status_code == 200
    site.refresh_from_db()
    assert (site.name, site.is_head_office, site.employees) == ("Sheffield forge", True, 64)


def test_deleting_a_site_a_process_refers_to_is_a_conflict_and_keeps_it(
    api_client_for: Any, quality_manager: Any, organization: Organization, site: Site
) -> None:
    # given a process at the site
    ProcessFactory(organization=organization, site=site)
    client = api_client_for(quality_manager)
    events = AuditEvent.objects.count()

    # when the quality manager deletes the site
    response = client.delete(f"{SITES}{site.pk}/")

    # then it is a conflict, the site stays and no deletion is recorded
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert Site.objects.filter(pk=site.pk).exists()
    assert AuditEvent.objects.count() == events


# --- Lists --------------------------------------------------------------------------------


def _names(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


def test_the_site_list_is_ordered_by_name_and_can_be_reversed(
    api_client_for: Any, quality_manager: Any, organization: Organization
) -> None:
    # given three sites
    for name in ("Bravo", "Alpha", "Charlie"):
        SiteFactory(organization=organization, name=name)
    client = api_client_for(quality_manager)

    # when the list is read plainly, reversed and with orderings that are not allowed
    plain = client.get(SITES)
    reversed_ = client.get(SITES, {"ordering": "-name"})
    unknown = client.get(SITES, {"ordering": "address"})
    doubled = client.get(SITES, {"ordering": "--name"})
    related = client.get(SITES, {"ordering": "organization__name"})

    # then the default is by name, -name reverses it and the others are ignored
    assert _names(plain) == ["Alpha", "Bravo", "Charlie"]
    assert _names(reversed_) == ["Charlie", "Bravo", "Alpha"]
    assert _names(unknown) == ["Alpha", "Bravo", "Charlie"]
    assert _names(doubled) == ["Alpha", "Bravo", "Charlie"]
    assert _names(related) == ["Alpha", "Bravo", "Charlie"]


def test_the_site_list_filters_with_the_same_filterset_as_the_page(
    api_client_for: Any, client_for: Any, quality_manager: Any, organization: Organization
) -> None:
    # given sites in two countries
    SiteFactory(organization=organization, name="Sheffield works", country="GB")
    SiteFactory(organization=organization, name="Leeds office", country="GB")
    SiteFactory(organization=organization, name="Lyon atelier", country="FR")
    api = api_client_for(quality_manager)
    page = client_for(quality_manager)

    # when the API and the page are filtered by text and by country
    by_text = api.get(SITES, {"q": "leeds"})
    by_country = api.get(SITES, {"country": "FR"})
    page_by_country = page.get("/organization/sites/", {"country": "FR"})

    # then both apply the same filters
    assert _names(by_text) == ["Leeds office"]
    assert _names(by_country) == ["Lyon atelier"]
    rows = page_by_country.context["table"].rows
    assert [row[0].text for row in rows] == ["Lyon atelier"]


def test_the_page_size_is_capped_at_500(
    api_client_for: Any, quality_manager: Any, organization: Organization
) -> None:
    # given more sites than the largest page
    Site.objects.bulk_create(
        [Site(organization=organization, name=f"Site {n:03d}") for n in range(501)]
    )

    # when a client asks for a page of a thousand
    response = api_client_for(quality_manager).get(SITES, {"page_size": 1000, "count": "true"})

    # then it gets 500 and a link to the rest
    body = response.json()
    assert body["count"] == 501
    assert len(body["results"]) == 500
    assert body["next"] is not None


def test_the_default_page_holds_fifty_rows_and_page_two_the_rest(
    api_client_for: Any, quality_manager: Any, organization: Organization
) -> None:
    # given 60 sites
    Site.objects.bulk_create(
        [Site(organization=organization, name=f"Site {n:02d}") for n in range(60)]
    )
    client = api_client_for(quality_manager)

    # when the first two pages are read
    first = client.get(SITES).json()
    second = client.get(SITES, {"page": 2}).json()

    # then they split the list without overlap
    assert len(first["results"]) == 50
    assert len(second["results"]) == 10
    assert {r["id"] for r in first["results"]}.isdisjoint({r["id"] for r in second["results"]})


def _count_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", [SITES, PROCESSES])
def test_the_lists_issue_no_query_per_row(
    url: str,
    api_client_for: Any,
    quality_manager: Any,
    process_owner: Any,
    organization: Organization,
    django_assert_max_num_queries: Any,
) -> None:
    # given three rows with related owner and site, measured once warm
    def add(count: int) -> None:
        for _ in range(count):
            site = SiteFactory(organization=organization)
            ProcessFactory(organization=organization, site=site, owner=process_owner)

    client = api_client_for(quality_manager)
    add(3)
    client.get(url)
    budget = _count_queries(client, url)

    # when thirty rows exist
    add(27)

    # then the list costs the same
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert len(response.json()["results"]) == 30


# --- Processes: related objects of the organization only ----------------------------------


def test_a_process_is_created_with_an_owner_and_a_site_of_the_organization(
    api_client_for: Any,
    quality_manager: Any,
    process_owner: Any,
    organization: Organization,
    site: Site,
) -> None:
    # when the quality manager creates a process with a member as owner and our site
    response = api_client_for(quality_manager).post(
        PROCESSES,
        {"name": "Machining", "code": "P-03", "owner": process_owner.pk, "site": site.pk},
        format="json",
    )

    # then the process links both and says who and where
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["owner_email"] == process_owner.email
    assert body["site_name"] == "Sheffield works"
    assert Process.objects.get(pk=body["id"]).organization == organization


def test_a_process_cannot_point_at_another_organizations_site(
    api_client_for: Any, quality_manager: Any, other_organization: Organization
) -> None:
    # given a site of Northwind and the state of the tables
    theirs = SiteFactory(organization=other_organization, name="Duisburg foundry")
    client = api_client_for(quality_manager)
    processes, events = Process.objects.count(), AuditEvent.objects.count()

    # when our quality manager creates a process at it
    response = client.post(PROCESSES, {"name": "Casting", "site": theirs.pk}, format="json")

    # then the site "does not exist" for us (400, not 404 and not success), nothing is written
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "does not exist" in body["errors"]["site"][0]
    assert "Duisburg" not in response.content.decode()
    assert Process.objects.count() == processes
    assert AuditEvent.objects.count() == events


def test_a_process_cannot_be_moved_to_another_organizations_site(
    api_client_for: Any,
    quality_manager: Any,
    organization: Organization,
    other_organization: Organization,
) -> None:
    # given our process and a site of Northwind
    process = ProcessFactory(organization=organization)
    theirs = SiteFactory(organization=other_organization)

    # when the quality manager patches the process to point at it
    response = api_client_for(quality_manager).patch(
        f"{PROCESSES}{process.pk}/", {"site": theirs.pk}, format="json"
    )

    # then it is refused and the process is unchanged
    assert response.status_code == 400
    assert "site" in response.json()["errors"]
    process.refresh_from_db()
    assert process.site_id is None


def test_a_process_owner_must_be_a_member(
    api_client_for: Any, quality_manager: Any, outsider: Any
) -> None:
    # given a person who is not a member of Acme, and one without any organization
    nobody = UserFactory()
    processes = Process.objects.count()

    for person in (outsider, nobody):
        # when the quality manager makes them the owner of a process
        response = api_client_for(quality_manager).post(
            PROCESSES, {"name": f"Process of {person.pk}", "owner": person.pk}, format="json"
        )

        # then the owner is refused as unknown and nothing is written
        assert response.status_code == 400
        assert "owner" in response.json()["errors"]
    assert Process.objects.count() == processes


def test_the_process_list_filters_by_site_of_the_organization(
    api_client_for: Any, quality_manager: Any, organization: Organization, site: Site
) -> None:
    # given one process at the site and one elsewhere
    ProcessFactory(organization=organization, name="At the works", site=site)
    ProcessFactory(organization=organization, name="Nowhere")

    # when the list is filtered by the site
    response = api_client_for(quality_manager).get(PROCESSES, {"site": site.pk})

    # then only the process at it is listed
    assert _names(response) == ["At the works"]


def test_the_process_list_filters_by_workflow_status_and_refuses_an_unknown_one(
    api_client_for: Any, quality_manager: Any, organization: Organization
) -> None:
    # given a draft and a retired process
    ProcessFactory(organization=organization, name="Drafted", status="draft")
    ProcessFactory(organization=organization, name="Gone", status="retired")
    client = api_client_for(quality_manager)

    # when the list is filtered by status
    response = client.get(PROCESSES, {"status": "retired"})

    # then only the retired one is listed, and a status that does not exist is a 400
    assert _names(response) == ["Gone"]
    refused = client.get(PROCESSES, {"status": "archived"})
    assert refused.status_code == 400
    assert "status" in refused.json()["errors"]


def test_filtering_processes_by_another_organizations_site_is_a_validation_error(
    api_client_for: Any, quality_manager: Any, other_organization: Organization
) -> None:
    # given a site of Northwind
    theirs = SiteFactory(organization=other_organization)

    # when our quality manager filters by it
    response = api_client_for(quality_manager).get(PROCESSES, {"site": theirs.pk})

    # then it is not a valid choice (the filter offers our sites only)
    assert response.status_code == 400
    assert "site" in response.json()["errors"]


# --- The current organization -------------------------------------------------------------


def test_the_current_organization_is_the_tokens_own(
    api_client_for: Any, viewer: Any, organization: Organization
) -> None:
    # when a viewer reads the current organization
    response = api_client_for(viewer).get(CURRENT)

    # then it is Acme
    assert response.status_code == 200
    assert response.json()["slug"] == "acme"


def test_only_the_owner_changes_the_organization_through_the_api(
    api_client_for: Any, owner: Any, quality_manager: Any, organization: Organization
) -> None:
    # when the quality manager and then the owner change the legal name
    refused = api_client_for(quality_manager).patch(
        CURRENT, {"legal_name": "Acme by QM"}, format="json"
    )
    accepted = api_client_for(owner).patch(CURRENT, {"legal_name": "Acme Ltd"}, format="json")

    # then only the owner's change is stored and audited in Acme's chain
    assert refused.status_code == 403
    assert accepted.status_code == 200
    organization.refresh_from_db()
    assert organization.legal_name == "Acme Ltd"
    event = AuditEvent.objects.get(event_type="organization.updated")
    assert event.organization_id == organization.pk
    assert event.after == {"legal_name": "Acme Ltd"}


# --- Optimistic locking -------------------------------------------------------------------


def test_a_process_read_carries_its_version_and_etag_and_a_stale_patch_is_409(
    api_client_for: Any, quality_manager: Any, organization: Organization
) -> None:
    # given a process read at version 1, then changed by someone else
    process = ProcessFactory(organization=organization, name="Machining")
    client = api_client_for(quality_manager)
    read = client.get(f"{PROCESSES}{process.pk}/")
    assert (read.json()["version"], read["ETag"]) == (1, '"1"')
    client.patch(f"{PROCESSES}{process.pk}/", {"code": "P-01"}, format="json")

    # when the old version is patched
    response = client.patch(
        f"{PROCESSES}{process.pk}/", {"purpose": "Make parts", "version": 1}, format="json"
    )

    # then it is refused and names what changed
    assert response.status_code == 409
    assert response.json()["code"] == "stale"
    assert response.json()["errors"] == {"code": ["Changed by someone else to: P-01"]}
    process.refresh_from_db()
    assert (process.purpose, process.version) == ("", 2)


def test_a_delete_may_carry_the_version_in_its_body(
    api_client_for: Any, quality_manager: Any, site: Site
) -> None:
    # given the site moved on to version 2
    client = api_client_for(quality_manager)
    client.patch(f"{SITES}{site.pk}/", {"employees": 5}, format="json")

    # when it is deleted on the strength of version 1, then of version 2
    stale = client.delete(f"{SITES}{site.pk}/", {"version": 1}, format="json")
    current = client.delete(f"{SITES}{site.pk}/", {"version": 2}, format="json")

    # then
    assert stale.status_code == 409
    assert current.status_code == 204


def test_the_current_organization_sends_its_etag_and_refuses_a_stale_patch(
    api_client_for: Any, owner: Any, organization: Organization
) -> None:
    # given the organization read at version 1, then changed
    client = api_client_for(owner)
    assert client.get(CURRENT)["ETag"] == '"1"'
    changed = client.patch(CURRENT, {"legal_name": "Acme Ltd"}, format="json")
    assert (changed.status_code, changed["ETag"]) == (200, '"2"')

    # when a change based on version 1 arrives
    response = client.patch(CURRENT, {"website": "https://acme.example"}, HTTP_IF_MATCH='"1"')

    # then
    assert response.status_code == 409
    assert response.json()["errors"] == {"legal_name": ["Changed by someone else to: Acme Ltd"]}
    organization.refresh_from_db()
    assert organization.website == ""
