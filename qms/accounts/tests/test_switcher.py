"""The organization switcher for people who belong to several organizations."""

from __future__ import annotations

from typing import Any

import pytest

from qms.accounts.middleware import SESSION_KEY as ORGANIZATION_KEY
from qms.accounts.models import Membership, User
from qms.core.permissions import Role
from qms.organizations.models import Organization
from qms.organizations.tests.factories import OrganizationFactory, SiteFactory

SWITCH = "/accounts/switch/"


@pytest.fixture
def consultant(owner: User, other_organization: Organization) -> User:
    """Acme's owner, who is also a viewer of Northwind."""
    Membership.objects.create(organization=other_organization, user=owner, role=Role.VIEWER)
    return owner


def test_a_person_in_two_organizations_switches_and_sees_the_other_ones_data(
    client_for: Any,
    consultant: User,
    organization: Organization,
    other_organization: Organization,
) -> None:
    # given a site in each organization, and the consultant working in Acme
    SiteFactory(organization=organization, name="Sheffield works")
    SiteFactory(organization=other_organization, name="Duisburg foundry")
    client = client_for(consultant)
    before = client.get("/organization/sites/").content.decode()
    assert "Sheffield works" in before
    assert "Duisburg foundry" not in before

    # when they switch to Northwind
    response = client.post(SWITCH, {"organization": other_organization.pk})

    # then the session remembers it and the pages show Northwind's data with their role there
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session[ORGANIZATION_KEY] == other_organization.pk
    after = client.get("/organization/sites/")
    assert "Duisburg foundry" in after.content.decode()
    assert "Sheffield works" not in after.content.decode()
    assert after.context["add_url"] is None  # a viewer in Northwind, though owner in Acme
    assert "Northwind Castings" in client.get("/").content.decode()


def test_the_switcher_is_shown_only_to_people_in_several_organizations(
    client_for: Any, consultant: User, viewer: User
) -> None:
    # when each opens the dashboard
    several = client_for(consultant).get("/").content.decode()
    one = client_for(viewer).get("/").content.decode()

    # then only the consultant gets the switcher, listing both organizations
    assert f'action="{SWITCH}"' in several
    assert "Northwind Castings" in several
    assert f'action="{SWITCH}"' not in one


@pytest.mark.parametrize("target", ["other", "unknown", "garbage", "missing"])
def test_switching_to_an_organization_one_is_not_a_member_of_is_404(
    target: str, client_for: Any, viewer: User, other_organization: Organization
) -> None:
    # given a viewer of Acme only, and a third organization
    third = OrganizationFactory(slug="third")
    wanted = {
        "other": {"organization": other_organization.pk},
        "unknown": {"organization": third.pk + 1000},
        "garbage": {"organization": "acme"},
        "missing": {},
    }[target]
    client = client_for(viewer)

    # when they try to switch there
    response = client.post(SWITCH, wanted)

    # then it does not exist for them and they still work in Acme
    assert response.status_code == 404
    assert ORGANIZATION_KEY not in client.session
    assert "Acme Gauges Ltd" in client.get("/").content.decode()


def test_switching_needs_a_post(client_for: Any, consultant: User) -> None:
    # when the switch URL is merely visited
    response = client_for(consultant).get(SWITCH)

    # then it is not allowed
    assert response.status_code == 405


def test_a_stale_choice_after_leaving_an_organization_falls_back_to_a_remaining_one(
    client_for: Any,
    consultant: User,
    organization: Organization,
    other_organization: Organization,
) -> None:
    # given the consultant working in Northwind
    client = client_for(consultant)
    client.post(SWITCH, {"organization": other_organization.pk})

    # when their Northwind membership ends
    Membership.objects.filter(user=consultant, organization=other_organization).delete()

    # then their pages are Acme's again, not Northwind's
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["current_organization"] == organization
