"""Client pages: the matrix (anonymous → login, another organization's client → 404, a member
without the permission → 403, the permitted member → 200), the client's page with its sites,
contacts, consent and link, sites and contacts added and removed from it, the list's filters,
export and query budget."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from qms.certification.clients import services
from qms.certification.models import Client, ClientContact, ClientSite
from qms.certification.tests.factories import (
    ApplicationFactory,
    ClientContactFactory,
    ClientFactory,
    ClientSiteFactory,
)
from qms.core.audit import AuditEvent

from .test_clients_fixtures import World, cb_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organization: Any) -> World:
    return cb_world(organization)


def test_the_client_pages_follow_the_matrix(
    world: World, client_for: Any, other_organization: Any, employee: Any, outsider: Any
) -> None:
    theirs = ClientFactory(organization=other_organization, legal_name="Their Client Ltd")
    pages = [
        reverse("certification:client_list"),
        reverse("certification:client_add"),
        reverse("certification:client_detail", args=[world.client.pk]),
        reverse("certification:client_edit", args=[world.client.pk]),
    ]
    # anonymous: to the login page
    for url in pages:
        response = client_for(None).get(url)
        assert response.status_code == 302, url
        assert "/login" in response["Location"], url
    # an organization-side member holds no certification permission: 403 on the list and
    # add pages; a client they may not even view does not exist for them (404)
    for url in pages:
        expected = 403 if url in pages[:2] else 404
        assert client_for(employee).get(url).status_code == expected, url
    # the certification manager: every page
    for url in pages:
        assert client_for(world.manager).get(url).status_code == 200, url
    # an auditor reads but does not change
    assert client_for(world.auditor).get(pages[2]).status_code == 200
    assert client_for(world.auditor).get(pages[3]).status_code == 403
    # another organization's client does not exist for anyone here
    for name in ("client_detail", "client_edit"):
        url = reverse(f"certification:{name}", args=[theirs.pk])
        assert client_for(world.manager).get(url).status_code == 404
    assert client_for(outsider).get(pages[2]).status_code == 404


def test_a_client_is_added_with_its_number(world: World, client_for: Any) -> None:
    response = client_for(world.manager).post(
        reverse("certification:client_add"),
        {
            "legal_name": "Acme Valves Ltd",
            "address": "1 Valve Road",
            "country": "GB",
            "status": "prospect",
            "iaf_codes": [world.code17.pk],
            "standards_requested": [world.edition.pk],
            "website": "valves.example",
        },
    )
    assert response.status_code == 302
    created = Client.objects.filter(organization=world.organization).get(
        legal_name="Acme Valves Ltd"
    )
    assert created.number.startswith("CL-")
    assert created.website == "https://valves.example"
    assert list(created.iaf_codes.all()) == [world.code17]


def test_bad_input_is_shown_beside_the_field(world: World, client_for: Any) -> None:
    response = client_for(world.manager).post(
        reverse("certification:client_add"), {"legal_name": "", "country": "XX"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors.keys() >= {"legal_name", "address", "country"}


def test_the_client_page_shows_sites_contacts_requests_and_applications(
    world: World, client_for: Any
) -> None:
    ClientContactFactory(
        organization=world.organization, client=world.client, name="Dana Reed", is_primary=True
    )
    application = ApplicationFactory(organization=world.organization, client=world.client)
    page = client_for(world.manager).get(
        reverse("certification:client_detail", args=[world.client.pk])
    )
    html = page.content.decode()
    assert "Works" in html and "Central function" in html
    assert "Dana Reed" in html and "Main contact" in html
    assert application.number in html
    assert reverse("certification:clientsite_add", args=[world.client.pk]) in html
    assert 'data-consent="no"' in html


def test_consent_is_toggled_with_its_date_and_event(world: World, client_for: Any) -> None:
    url = reverse("certification:client_consent", args=[world.client.pk])
    response = client_for(world.manager).post(url, {"consent": "on"})
    assert response.status_code == 302
    world.client.refresh_from_db()
    assert world.client.public_listing_consent is True
    assert world.client.public_listing_consent_on is not None
    assert AuditEvent.objects.filter(
        subject_id=str(world.client.pk), event_type="certification.client.consent_changed"
    ).exists()
    page = client_for(world.manager).get(world.client.get_absolute_url()).content.decode()
    assert 'data-consent="yes"' in page
    # an auditor may not change it
    assert client_for(world.auditor).post(url, {"consent": ""}).status_code == 403


def test_a_link_shows_only_the_organizations_name(
    world: World, client_for: Any, other_organization: Any
) -> None:
    url = reverse("certification:client_link", args=[world.client.pk])
    # a name that is not the client's: refused, nothing recorded
    client_for(world.manager).post(url, {"slug": "northwind"})
    world.client.refresh_from_db()
    assert world.client.linked_organization is None
    # the client's own name: linked, the page shows the name only
    world.client.trading_name = "Northwind Castings"
    world.client.save()
    client_for(world.manager).post(url, {"slug": "northwind"})
    world.client.refresh_from_db()
    assert world.client.linked_organization == other_organization
    page = client_for(world.manager).get(world.client.get_absolute_url()).content.decode()
    assert "Northwind Castings" in page
    assert "gives no access" in page


def test_sites_are_added_edited_and_removed_from_the_client_page(
    world: World, client_for: Any
) -> None:
    browser = client_for(world.manager)
    response = browser.post(
        reverse("certification:clientsite_add", args=[world.client.pk]),
        {
            "name": "Warehouse",
            "address": "4 Dock Road",
            "country": "GB",
            "personnel": 12,
            "shifts": 1,
        },
    )
    assert response.status_code == 302
    site = ClientSite.objects.filter(organization=world.organization).get(name="Warehouse")
    assert site.client == world.client
    response = browser.post(
        reverse("certification:clientsite_edit", args=[site.pk]),
        {
            "name": "Warehouse",
            "address": "4 Dock Road",
            "country": "GB",
            "personnel": 14,
            "shifts": 2,
            "version": site.version,
        },
    )
    assert response.status_code == 302
    site.refresh_from_db()
    assert (site.personnel, site.shifts) == (14, 2)
    assert (
        browser.get(reverse("certification:clientsite_delete", args=[site.pk])).status_code == 200
    )
    response = browser.post(reverse("certification:clientsite_delete", args=[site.pk]))
    assert response.status_code == 302
    assert not ClientSite.objects.filter(organization=world.organization, pk=site.pk).exists()
    assert AuditEvent.objects.filter(
        subject_id=str(site.pk), event_type="certification.client_site.removed"
    ).exists()


def test_a_second_central_function_is_refused(world: World, client_for: Any) -> None:
    response = client_for(world.manager).post(
        reverse("certification:clientsite_add", args=[world.client.pk]),
        {
            "name": "Head office",
            "address": "1 High Street",
            "country": "GB",
            "personnel": 5,
            "shifts": 1,
            "is_central_function": "on",
        },
    )
    assert response.status_code == 400
    assert "is already the client&#x27;s central function" in response.content.decode()


def test_a_site_named_by_an_application_is_not_removed(world: World, client_for: Any) -> None:
    application = ApplicationFactory(organization=world.organization, client=world.client)
    from qms.core.testing.audit_guard import allow_unaudited_writes

    with allow_unaudited_writes():
        application.sites.set([world.site])
    response = client_for(world.manager).post(
        reverse("certification:clientsite_delete", args=[world.site.pk]), follow=True
    )
    assert ClientSite.objects.filter(organization=world.organization, pk=world.site.pk).exists()
    assert f"named in application {application.number}" in response.content.decode()


def test_contacts_are_added_and_removed(world: World, client_for: Any) -> None:
    browser = client_for(world.manager)
    browser.post(
        reverse("certification:clientcontact_add", args=[world.client.pk]),
        {"name": "Sam Lee", "email": "sam@client.example"},
    )
    contact = ClientContact.objects.filter(organization=world.organization).get(name="Sam Lee")
    browser.post(reverse("certification:clientcontact_delete", args=[contact.pk]))
    assert not ClientContact.objects.filter(organization=world.organization).exists()


def test_the_site_and_contact_pages_follow_the_matrix(
    world: World, client_for: Any, employee: Any, other_organization: Any
) -> None:
    contact = ClientContactFactory(organization=world.organization, client=world.client)
    theirs = ClientSiteFactory(organization=other_organization)
    for url, refused in (
        (reverse("certification:clientsite_list"), 403),
        (reverse("certification:clientsite_detail", args=[world.site.pk]), 404),
        (reverse("certification:clientcontact_list"), 403),
        (reverse("certification:clientcontact_detail", args=[contact.pk]), 404),
    ):
        assert client_for(world.auditor).get(url).status_code == 200, url
        assert client_for(employee).get(url).status_code == refused, url
    for name in ("clientsite_edit", "clientsite_delete"):
        url = reverse(f"certification:{name}", args=[world.site.pk])
        assert client_for(world.auditor).get(url).status_code == 403
        assert (
            client_for(world.manager)
            .get(reverse(f"certification:{name}", args=[theirs.pk]))
            .status_code
            == 404
        )
    add = reverse("certification:clientsite_add", args=[theirs.client.pk])
    assert client_for(world.manager).get(add).status_code == 404


def test_the_list_filters_searches_and_exports(world: World, client_for: Any) -> None:
    with_codes = ClientFactory(organization=world.organization, legal_name="Coded Ltd")
    from qms.core.testing.audit_guard import allow_unaudited_writes

    with allow_unaudited_writes():
        with_codes.iaf_codes.set([world.code28])
        with_codes.standards_requested.set([world.edition])
    browser = client_for(world.manager)
    url = reverse("certification:client_list")
    html = browser.get(url, {"iaf_code": world.code28.pk}).content.decode()
    assert "Coded Ltd" in html and "Meridian Gauges" not in html
    html = browser.get(url, {"standard": world.edition.pk, "status": "prospect"}).content.decode()
    assert "Coded Ltd" in html
    html = browser.get(url, {"q": world.client.number}).content.decode()
    assert "Meridian Gauges" in html and "Coded Ltd" not in html
    export = browser.get(url, {"export": "csv"})
    assert export.status_code == 200
    assert b"Meridian Gauges" in b"".join(export.streaming_content)
    assert browser.get(url, {"export": "xlsx"}).status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_the_client_list_costs_the_same_for_few_and_many(
    world: World, client_for: Any, django_assert_max_num_queries: Any, rows: int
) -> None:
    for _ in range(rows):
        ClientFactory(organization=world.organization)
    browser = client_for(world.manager)
    browser.get(reverse("certification:client_list"))  # warm the session
    with django_assert_max_num_queries(12):
        assert browser.get(reverse("certification:client_list")).status_code == 200


def test_the_client_page_costs_a_fixed_number_of_queries(
    world: World, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(10):
        ClientSiteFactory(organization=world.organization, client=world.client)
        ClientContactFactory(organization=world.organization, client=world.client)
        ApplicationFactory(organization=world.organization, client=world.client)
    browser = client_for(world.manager)
    url = world.client.get_absolute_url()
    browser.get(url)
    with django_assert_max_num_queries(25):
        assert browser.get(url).status_code == 200


def test_the_service_refuses_moving_a_site_to_another_client(world: World) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.client_site_update(
            actor=world.manager, instance=world.site, data={"client": world.other_site.client}
        )
