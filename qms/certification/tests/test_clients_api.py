"""The clients, client-sites and client-contacts API: create and change with field errors,
consent and link actions, sites refused removal when an application names them, another
organization's records not found, and query budgets on the lists."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from qms.certification.models import Client, ClientSite
from qms.certification.tests.factories import (
    ApplicationFactory,
    ClientContactFactory,
    ClientFactory,
    ClientSiteFactory,
)
from qms.core.testing.audit_guard import allow_unaudited_writes

from .test_clients_fixtures import World, cb_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organization: Any) -> World:
    return cb_world(organization)


def test_a_client_is_created_numbered_and_changed(world: World, api_client_for: Any) -> None:
    api = api_client_for(world.manager)
    response = api.post(
        reverse("api:certification-client-list"),
        {
            "legal_name": "Acme Valves Ltd",
            "address": "1 Valve Road",
            "country": "GB",
            "iaf_codes": [world.code17.pk],
            "standards_requested": [world.edition.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"].startswith("CL-")
    assert body["public_listing_consent"] is False
    url = reverse("api:certification-client-detail", args=[body["id"]])
    changed = api.patch(url, {"status": "active"}, HTTP_IF_MATCH=f'"{body["version"]}"')
    assert changed.status_code == 200
    stale = api.patch(url, {"status": "former"}, HTTP_IF_MATCH=f'"{body["version"]}"')
    assert stale.status_code == 409


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"legal_name": "", "address": "x", "country": "GB"}, "legal_name"),
        ({"legal_name": "A", "address": "x", "country": "GBR"}, "country"),
        ({"legal_name": "A", "address": "x", "country": "GB", "iaf_codes": [999999]}, "iaf_codes"),
        ({"legal_name": "A", "address": "x", "country": "GB", "number": "CL-9"}, "number"),
        (
            {"legal_name": "A", "address": "x", "country": "GB", "public_listing_consent": True},
            "public_listing_consent",
        ),
    ],
)
def test_bad_client_input_is_a_400_beside_the_field(
    world: World, api_client_for: Any, body: dict[str, Any], field: str
) -> None:
    response = api_client_for(world.manager).post(
        reverse("api:certification-client-list"), body, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_consent_and_link_actions(
    world: World, api_client_for: Any, other_organization: Any
) -> None:
    api = api_client_for(world.manager)
    consent = reverse("api:certification-client-consent", args=[world.client.pk])
    response = api.post(consent, {"consent": True}, format="json")
    assert response.status_code == 200
    assert response.json()["public_listing_consent"] is True
    assert response.json()["public_listing_consent_on"]
    assert api.post(consent, {"consent": "maybe"}, format="json").status_code == 400

    link = reverse("api:certification-client-link", args=[world.client.pk])
    refused = api.post(link, {"slug": "northwind"}, format="json")
    assert refused.status_code == 400
    assert "linked_organization" in refused.json()["errors"]
    assert api.post(link, {"slug": "acme"}, format="json").status_code == 400  # the body itself
    with allow_unaudited_writes():
        Client.objects.filter(pk=world.client.pk).update(trading_name="northwind castings")
    linked = api.post(link, {"slug": "northwind"}, format="json")
    assert linked.status_code == 200
    assert linked.json()["linked_organization_name"] == "Northwind Castings"
    assert api.post(link, {"slug": ""}, format="json").json()["linked_organization"] is None
    # an auditor may read the client but not change it
    assert api_client_for(world.auditor).post(consent, {"consent": False}).status_code == 403


def test_sites_are_created_for_a_client_and_removed_unless_named(
    world: World, api_client_for: Any, other_organization: Any
) -> None:
    api = api_client_for(world.manager)
    url = reverse("api:certification-clientsite-list")
    body = {"client": world.client.pk, "name": "Dock", "address": "1 Dock", "country": "GB"}
    assert api.post(url, {**body, "personnel": -2}, format="json").status_code == 400
    theirs = ClientFactory(organization=other_organization)
    response = api.post(url, {**body, "client": theirs.pk}, format="json")
    assert response.status_code == 400
    assert "client" in response.json()["errors"]
    created = api.post(url, {**body, "personnel": 7}, format="json")
    assert created.status_code == 201
    site_url = reverse("api:certification-clientsite-detail", args=[created.json()["id"]])
    moved = api.patch(site_url, {"client": world.other_site.client_id}, format="json")
    assert moved.status_code == 400
    assert api.delete(site_url).status_code == 204

    application = ApplicationFactory(organization=world.organization, client=world.client)
    with allow_unaudited_writes():
        application.sites.set([world.site])
    named = api.delete(reverse("api:certification-clientsite-detail", args=[world.site.pk]))
    assert named.status_code == 409
    assert application.number in named.json()["message"]
    assert ClientSite.objects.filter(organization=world.organization, pk=world.site.pk).exists()


def test_contacts_through_the_api(world: World, api_client_for: Any) -> None:
    api = api_client_for(world.manager)
    url = reverse("api:certification-clientcontact-list")
    bad = api.post(url, {"client": world.client.pk, "name": "X", "email": "no"}, format="json")
    assert bad.status_code == 400 and "email" in bad.json()["errors"]
    created = api.post(url, {"client": world.client.pk, "name": "Sam Lee"}, format="json")
    assert created.status_code == 201
    detail = reverse("api:certification-clientcontact-detail", args=[created.json()["id"]])
    assert api.delete(detail).status_code == 204


def test_another_organizations_client_is_not_found(
    world: World, api_client_for: Any, other_organization: Any
) -> None:
    theirs = ClientFactory(organization=other_organization)
    api = api_client_for(world.manager)
    for name in ("detail", "consent", "link"):
        url = reverse(f"api:certification-client-{name}", args=[theirs.pk])
        response = api.get(url) if name == "detail" else api.post(url, {}, format="json")
        assert response.status_code == 404, name


@pytest.mark.parametrize("rows", [3, 30])
def test_the_lists_cost_the_same_for_few_and_many(
    world: World, api_client_for: Any, django_assert_max_num_queries: Any, rows: int
) -> None:
    for _ in range(rows):
        client = ClientFactory(organization=world.organization)
        ClientSiteFactory(organization=world.organization, client=client)
        ClientContactFactory(organization=world.organization, client=client)
    api = api_client_for(world.manager)
    for name in ("client", "clientsite", "clientcontact"):
        with django_assert_max_num_queries(10):
            response = api.get(reverse(f"api:certification-{name}-list"), {"page_size": 100})
        assert response.status_code == 200
        assert len(response.json()["results"]) >= rows
