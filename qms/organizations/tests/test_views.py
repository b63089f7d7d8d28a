"""Pages of sites (the representative model) and the organization profile.

Every view runs the permission matrix: anonymous, outsider (quality manager of Northwind),
member without the permission, permitted member.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qms.core.audit import AuditEvent
from qms.organizations import services
from qms.organizations.models import Organization, Site
from qms.organizations.tests.factories import ProcessFactory, SiteFactory

SITE_LIST = "/organization/sites/"
SITE_ADD = "/organization/sites/add/"


def site_urls(site: Site) -> dict[str, str]:
    return {
        "detail": f"/organization/sites/{site.pk}/",
        "edit": f"/organization/sites/{site.pk}/edit/",
        "delete": f"/organization/sites/{site.pk}/delete/",
    }


@pytest.fixture
def site(organization: Organization) -> Site:
    return SiteFactory(organization=organization, name="Sheffield works", country="GB")


def _client(request: pytest.FixtureRequest, client_for: Any, persona: str | None) -> Any:
    return client_for(request.getfixturevalue(persona) if persona else None)


# --- The permission matrix ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "page", "method", "expected"),
    [
        # anonymous: every page sends to the log-in page
        (None, "list", "get", 302),
        (None, "detail", "get", 302),
        (None, "add", "get", 302),
        (None, "add", "post", 302),
        (None, "edit", "get", 302),
        (None, "edit", "post", 302),
        (None, "delete", "get", 302),
        (None, "delete", "post", 302),
        (None, "export", "get", 302),
        # outsider: our site does not exist for them
        ("outsider", "detail", "get", 404),
        ("outsider", "edit", "get", 404),
        ("outsider", "edit", "post", 404),
        ("outsider", "delete", "get", 404),
        ("outsider", "delete", "post", 404),
        # members without the permission
        ("viewer", "add", "get", 403),
        ("viewer", "add", "post", 403),
        ("viewer", "edit", "get", 403),
        ("viewer", "edit", "post", 403),
        ("viewer", "delete", "get", 403),
        ("viewer", "delete", "post", 403),
        ("process_owner", "edit", "post", 403),
        ("employee", "export", "get", 403),
        # permitted members
        ("viewer", "list", "get", 200),
        ("employee", "detail", "get", 200),
        ("viewer", "export", "get", 200),
        ("quality_manager", "add", "get", 200),
        ("quality_manager", "add", "post", 302),
        ("quality_manager", "edit", "get", 200),
        ("quality_manager", "edit", "post", 302),
        ("quality_manager", "delete", "get", 200),
        ("quality_manager", "delete", "post", 302),
        ("owner", "edit", "post", 302),
    ],
)
def test_site_pages_follow_the_permission_matrix(
    persona: str | None,
    page: str,
    method: str,
    expected: int,
    request: pytest.FixtureRequest,
    client_for: Any,
    site: Site,
) -> None:
    # given a site of Acme and a client acting as the persona
    client = _client(request, client_for, persona)
    urls = {**site_urls(site), "list": SITE_LIST, "add": SITE_ADD, "export": SITE_LIST}
    data: dict[str, Any] | None = None
    if method == "post" and page in ("add", "edit"):
        data = {"name": f"Site by {persona}", "country": "GB", "employees": "3"}
    params = {"export": "csv"} if page == "export" else None

    # when the page is requested
    if method == "get":
        response = client.get(urls[page], params)
    else:
        response = client.post(urls[page], data or {})

    # then the answer is the one the matrix gives
    assert response.status_code == expected
    if persona is None:
        assert response["Location"].startswith("/accounts/login/?next=")


def test_a_refused_write_changes_nothing_and_records_nothing(
    client_for: Any, viewer: Any, outsider: Any, site: Site
) -> None:
    # given a site and the audit trail as it stands
    events = AuditEvent.objects.count()

    # when a viewer and an outsider try to change and delete it, and the viewer to add one
    for user in (viewer, outsider):
        client = client_for(user)
        client.post(site_urls(site)["edit"], {"name": "Hijacked"})
        client.post(site_urls(site)["delete"])
    client_for(viewer).post(SITE_ADD, {"name": "Hijacked"})

    # then the site is as it was and no event was written
    site.refresh_from_db()
    assert site.name == "Sheffield works"
    assert not Site.objects.filter(name="Hijacked").exists()
    assert AuditEvent.objects.count() == events


def test_an_outsider_adding_a_site_adds_it_to_their_own_organization(
    client_for: Any, outsider: Any, organization: Organization, other_organization: Organization
) -> None:
    # given the quality manager of Northwind
    client = client_for(outsider)

    # when they add a site
    response = client.post(SITE_ADD, {"name": "Duisburg foundry", "country": "DE"})

    # then it belongs to Northwind, never to Acme
    assert response.status_code == 302
    created = Site.objects.get(name="Duisburg foundry")
    assert created.organization == other_organization


def test_an_outsider_lists_and_exports_none_of_our_sites(
    client_for: Any, outsider: Any, site: Site
) -> None:
    # given a site of Acme and the quality manager of Northwind
    client = client_for(outsider)

    # when they open the site list and its export
    listing = client.get(SITE_LIST)
    export = client.get(SITE_LIST, {"export": "csv"})

    # then our site is in neither
    assert listing.status_code == 200
    assert b"Sheffield works" not in listing.content
    assert export.status_code == 200
    assert "Sheffield works" not in b"".join(export.streaming_content).decode()


def test_the_list_offers_add_and_export_only_to_members_who_may(
    client_for: Any, viewer: Any, employee: Any, quality_manager: Any, site: Site
) -> None:
    # when a viewer, an employee and the quality manager open the site list
    as_viewer = client_for(viewer).get(SITE_LIST)
    as_employee = client_for(employee).get(SITE_LIST)
    as_manager = client_for(quality_manager).get(SITE_LIST)

    # then only those allowed see the buttons
    assert as_viewer.context["add_url"] is None
    assert as_viewer.context["can_export"] is True
    assert as_employee.context["can_export"] is False
    assert as_manager.context["add_url"] == SITE_ADD


def test_the_detail_offers_edit_and_delete_only_to_members_who_may(
    client_for: Any, viewer: Any, quality_manager: Any, site: Site
) -> None:
    # when a viewer and the quality manager open a site
    as_viewer = client_for(viewer).get(site_urls(site)["detail"])
    as_manager = client_for(quality_manager).get(site_urls(site)["detail"])

    # then only the manager gets the edit and delete links
    assert as_viewer.context["edit_url"] is None
    assert as_viewer.context["delete_url"] is None
    assert as_manager.context["edit_url"] == site_urls(site)["edit"]
    assert as_manager.context["delete_url"] == site_urls(site)["delete"]


def test_a_person_without_an_organization_sees_the_no_organization_page(
    client_for: Any, stranger: Any
) -> None:
    # when someone without any membership opens the site list
    response = client_for(stranger).get(SITE_LIST)

    # then they are told to ask for an invitation
    assert response.status_code == 403
    assert b"No organization yet" in response.content


# --- Query budgets ------------------------------------------------------------------------


def _count_queries(client: Any, url: str, params: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
        assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_site_list_issues_no_query_per_row(
    client_for: Any, quality_manager: Any, organization: Organization, django_assert_max_num_queries
) -> None:
    # given a page of three sites, measured once warm
    client = client_for(quality_manager)
    SiteFactory.create_batch(3, organization=organization)
    client.get(SITE_LIST)
    budget = _count_queries(client, SITE_LIST)

    # when thirty more sites exist
    SiteFactory.create_batch(27, organization=organization)

    # then a page of them costs the same
    with django_assert_max_num_queries(budget):
        response = client.get(SITE_LIST, {"per_page": "50"})
    assert len(response.context["table"].rows) == 30


def test_the_site_export_issues_no_query_per_row(
    client_for: Any, quality_manager: Any, organization: Organization, django_assert_max_num_queries
) -> None:
    # given an export of three sites, measured once warm
    client = client_for(quality_manager)
    SiteFactory.create_batch(3, organization=organization)
    client.get(SITE_LIST, {"export": "csv"})
    with CaptureQueriesContext(connection) as captured:
        b"".join(client.get(SITE_LIST, {"export": "csv"}).streaming_content)
    budget = len(captured.captured_queries)

    # when thirty exist
    SiteFactory.create_batch(27, organization=organization)

    # then the export costs the same
    with django_assert_max_num_queries(budget):
        body = b"".join(client.get(SITE_LIST, {"export": "csv"}).streaming_content)
    assert body.decode("utf-8-sig").count("\n") == 31


# --- The organization profile -------------------------------------------------------------

PROFILE = "/organization/"


def test_the_owner_edits_the_organization_and_the_change_is_audited(
    client_for: Any, owner: Any, organization: Organization
) -> None:
    # given the owner of Acme
    client = client_for(owner)

    # when they change the legal name and the website
    response = client.post(
        PROFILE,
        {
            "name": "Acme Gauges Ltd",
            "legal_name": "Acme Gauges Limited",
            "country": "GB",
            "website": "https://acme.example",
        },
    )

    # then the organization is saved and one event records before and after
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.legal_name == "Acme Gauges Limited"
    event = AuditEvent.objects.get(event_type="organization.updated")
    assert event.organization_id == organization.pk
    assert event.actor == owner
    assert event.before == {"legal_name": "", "website": ""}
    assert event.after == {"legal_name": "Acme Gauges Limited", "website": "https://acme.example"}


def test_the_profile_shows_its_history(client_for: Any, owner: Any) -> None:
    # given an edited organization
    client = client_for(owner)
    client.post(PROFILE, {"name": "Acme Gauges Ltd", "legal_name": "Acme Ltd", "country": "GB"})

    # when the owner opens the profile
    response = client.get(PROFILE)

    # then the change is in its timeline
    assert b"organization.updated" in response.content
    assert b"Acme Ltd" in response.content


def test_an_invalid_organization_edit_shows_the_error_beside_the_field_and_saves_nothing(
    client_for: Any, owner: Any, organization: Organization
) -> None:
    # given the owner and the audit trail as it stands
    events = AuditEvent.objects.count()

    # when they submit an empty name and a malformed website
    response = client_for(owner).post(
        PROFILE, {"name": "", "country": "GB", "website": "not a url"}
    )

    # then the form comes back with the errors beside the fields, and nothing changed
    assert response.status_code == 400
    form = response.context["form"]
    assert "name" in form.errors
    assert "website" in form.errors
    assert b'id="id_name_error"' in response.content
    organization.refresh_from_db()
    assert organization.name == "Acme Gauges Ltd"
    assert AuditEvent.objects.count() == events


def test_the_quality_manager_sees_the_profile_read_only_and_cannot_post(
    client_for: Any, quality_manager: Any, organization: Organization
) -> None:
    # given the quality manager of Acme
    client = client_for(quality_manager)

    # when they open the profile and then try to post a change
    page = client.get(PROFILE)
    refused = client.post(PROFILE, {"name": "Renamed", "country": "GB"})

    # then the page has no form, the post is refused and nothing changed
    assert page.status_code == 200
    assert page.context["can_change"] is False
    assert b'name="legal_name"' not in page.content
    assert refused.status_code == 403
    organization.refresh_from_db()
    assert organization.name == "Acme Gauges Ltd"


def test_the_profile_sends_anonymous_visitors_to_log_in_and_strangers_to_the_no_org_page(
    client_for: Any, stranger: Any
) -> None:
    # when an anonymous visitor and a person without organization open the profile
    anonymous = client_for(None).get(PROFILE)
    homeless = client_for(stranger).get(PROFILE)

    # then one logs in first, the other learns they have no organization
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    assert homeless.status_code == 403


# --- Edits based on an old version (optimistic locking) -----------------------------------


def test_a_stale_organization_edit_is_refused_and_shows_the_stored_value(
    client_for: Any, owner: Any, organization: Organization
) -> None:
    # given the profile was opened at version 1, then someone else changed the legal name
    client = client_for(owner)
    assert 'name="version" value="1"' in client.get(PROFILE).content.decode()
    client_for(owner).post(
        PROFILE,
        {"name": organization.name, "legal_name": "Acme Ltd", "country": "GB", "version": "1"},
    )

    # when the profile is saved from the old page
    response = client.post(
        PROFILE,
        {"name": "Acme Gauges", "legal_name": "", "country": "GB", "version": "1"},
    )

    # then it is refused beside the field, and nothing of it is written
    assert response.status_code == 409
    assert "Changed by someone else to: Acme Ltd" in response.content.decode()
    organization.refresh_from_db()
    assert (organization.legal_name, organization.version) == ("Acme Ltd", 2)
    assert AuditEvent.objects.filter(event_type="organization.updated").count() == 1


def test_a_stale_process_edit_names_the_new_owner_as_people_know_them(
    client_for: Any, quality_manager: Any, process_owner: Any, organization: Organization
) -> None:
    # given a process edited at version 1 while someone else gave it an owner
    process = ProcessFactory(organization=organization, name="Machining")
    services.process_update(actor=quality_manager, instance=process, data={"owner": process_owner})

    # when the old version is saved with another purpose
    response = client_for(quality_manager).post(
        f"/organization/processes/{process.pk}/edit/",
        {"name": "Machining", "purpose": "Make parts", "version": "1"},
    )

    # then the page names the owner by their e-mail address, and keeps the typed purpose
    assert response.status_code == 409
    page = response.content.decode()
    assert f"Changed by someone else to: {process_owner}" in page
    assert "Make parts" in page
    process.refresh_from_db()
    assert (process.owner, process.purpose) == (process_owner, "")
