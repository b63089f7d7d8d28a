"""Members of an organization: roles changed by owners, removal, and the last-owner rule."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from qms.accounts import services
from qms.accounts.models import Membership, User
from qms.accounts.tests.factories import MembershipFactory
from qms.core.audit import AuditEvent
from qms.core.permissions import Role
from qms.organizations.models import Organization

MEMBERS = "/accounts/members/"


def _membership(user: User) -> Membership:
    return Membership.objects.get(user=user)


# --- The permission matrix ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "page", "method", "expected"),
    [
        (None, "list", "get", 302),
        (None, "edit", "post", 302),
        ("outsider", "detail", "get", 404),
        ("outsider", "edit", "post", 404),
        ("outsider", "delete", "post", 404),
        # members without the permission: the list is refused; a role that may not view
        # members finds none, so each member's page is 404 (as for_user() decides)
        ("viewer", "list", "get", 403),
        ("employee", "detail", "get", 404),
        ("viewer", "edit", "post", 404),
        ("quality_manager", "edit", "get", 403),
        ("quality_manager", "edit", "post", 403),
        ("quality_manager", "delete", "post", 403),
        ("auditor", "list", "get", 200),
        ("quality_manager", "detail", "get", 200),
        ("owner", "edit", "get", 200),
        ("owner", "edit", "post", 302),
        ("owner", "delete", "get", 200),
        ("owner", "delete", "post", 302),
    ],
)
def test_member_pages_follow_the_permission_matrix(
    persona: str | None,
    page: str,
    method: str,
    expected: int,
    request: pytest.FixtureRequest,
    client_for: Any,
    owner: User,
    employee: User,
) -> None:
    # given the employee's membership and a client acting as the persona
    client = client_for(request.getfixturevalue(persona) if persona else None)
    pk = _membership(employee).pk
    url = {
        "list": MEMBERS,
        "detail": f"{MEMBERS}{pk}/",
        "edit": f"{MEMBERS}{pk}/edit/",
        "delete": f"{MEMBERS}{pk}/delete/",
    }[page]

    # when the page is requested
    response = client.post(url, {"role": "viewer"}) if method == "post" else client.get(url)

    # then the answer is the matrix's
    assert response.status_code == expected


# --- Roles --------------------------------------------------------------------------------


def test_the_owner_changes_a_role_and_the_change_is_audited(
    client_for: Any, owner: User, employee: User
) -> None:
    # given the employee's membership
    membership = _membership(employee)

    # when the owner makes them a process owner
    response = client_for(owner).post(f"{MEMBERS}{membership.pk}/edit/", {"role": "process_owner"})

    # then the role is changed and one event holds before and after
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.PROCESS_OWNER
    event = AuditEvent.objects.get(event_type="membership.role_changed")
    assert (event.before, event.after) == ({"role": "employee"}, {"role": "process_owner"})
    assert event.actor == owner


def test_a_new_role_takes_effect_on_the_next_request(
    client_for: Any, owner: User, employee: User
) -> None:
    # given an employee who cannot export sites
    client = client_for(employee)
    assert client.get("/organization/sites/", {"export": "csv"}).status_code == 403

    # when the owner makes them a viewer
    services.membership_change_role(actor=owner, membership=_membership(employee), role="viewer")

    # then they can
    assert client.get("/organization/sites/", {"export": "csv"}).status_code == 200


def test_the_last_owner_cannot_be_demoted(client_for: Any, owner: User) -> None:
    # given an organization with one owner
    membership = _membership(owner)

    # when the owner tries to make themselves a viewer
    response = client_for(owner).post(f"{MEMBERS}{membership.pk}/edit/", {"role": "viewer"})

    # then the form says why beside the role, and they stay owner
    assert response.status_code == 400
    assert "at least one owner" in response.context["form"].errors["role"][0]
    membership.refresh_from_db()
    assert membership.role == Role.OWNER
    assert not AuditEvent.objects.filter(event_type="membership.role_changed").exists()


def test_an_owner_can_step_down_once_there_is_another_owner(
    client_for: Any, owner: User, organization: Organization
) -> None:
    # given a second owner
    MembershipFactory(organization=organization, role=Role.OWNER)
    membership = _membership(owner)

    # when the first owner becomes quality manager
    response = client_for(owner).post(
        f"{MEMBERS}{membership.pk}/edit/", {"role": "quality_manager"}
    )

    # then it is allowed
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.QUALITY_MANAGER


# --- Removal ------------------------------------------------------------------------------


def test_the_last_owner_cannot_be_removed(
    client_for: Any, owner: User, organization: Organization
) -> None:
    # given an organization with one owner, and a second owner-to-be who is only a member
    membership = _membership(owner)

    # when the owner tries to remove themselves
    response = client_for(owner).post(f"{MEMBERS}{membership.pk}/delete/", follow=True)

    # then the page says why and the membership stays
    assert "last owner cannot be removed" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_an_owner_cannot_remove_themselves(
    client_for: Any, owner: User, organization: Organization
) -> None:
    # given a second owner, so the last-owner rule does not apply
    MembershipFactory(organization=organization, role=Role.OWNER)
    membership = _membership(owner)

    # when the owner removes their own membership
    response = client_for(owner).post(f"{MEMBERS}{membership.pk}/delete/", follow=True)

    # then they are told to ask another owner, and stay
    assert "cannot remove yourself" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert not AuditEvent.objects.filter(event_type="membership.removed").exists()


def test_removing_a_member_revokes_their_tokens_and_is_audited(
    client_for: Any, owner: User, employee: User, organization: Organization
) -> None:
    # given an employee with a working API token
    token, secret = services.token_create(
        actor=employee, user=employee, organization=organization, name="script"
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/").status_code == 200

    # when the owner removes the employee
    response = client_for(owner).post(f"{MEMBERS}{_membership(employee).pk}/delete/")

    # then the membership is gone, recorded, the token revoked and refused
    assert response.status_code == 302
    assert response["Location"] == MEMBERS
    assert not Membership.objects.filter(user=employee).exists()
    event = AuditEvent.objects.get(event_type="membership.removed")
    assert event.before["role"] == "employee"
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api.get("/api/v1/").status_code == 401


def test_a_removed_member_loses_access_to_the_pages(
    client_for: Any, owner: User, employee: User
) -> None:
    # given a logged-in employee
    client = client_for(employee)
    assert client.get("/organization/sites/").status_code == 200

    # when the owner removes them
    services.membership_remove(actor=owner, membership=_membership(employee))

    # then their next page finds no organization
    assert client.get("/organization/sites/").status_code == 403


# --- List ---------------------------------------------------------------------------------


def test_the_member_list_shows_only_our_members(
    client_for: Any, quality_manager: User, viewer: User, outsider: User
) -> None:
    # when the quality manager lists the members
    response = client_for(quality_manager).get(MEMBERS)

    # then Acme's people are there and Northwind's are not
    html = response.content.decode()
    assert "viewer@acme.test" in html
    assert "quality@northwind.test" not in html


def test_the_member_list_filters_by_role(
    client_for: Any, quality_manager: User, viewer: User, employee: User
) -> None:
    # when the list is filtered to viewers
    response = client_for(quality_manager).get(MEMBERS, {"role": "viewer"})

    # then only the viewer is listed
    assert [row[0].text for row in response.context["table"].rows] == ["viewer@acme.test"]


def test_the_member_list_issues_no_query_per_row(
    client_for: Any,
    quality_manager: User,
    organization: Organization,
    django_assert_max_num_queries: Any,
) -> None:
    # given three members, measured once warm
    client = client_for(quality_manager)
    MembershipFactory.create_batch(2, organization=organization)
    client.get(MEMBERS)
    with CaptureQueriesContext(connection) as captured:
        client.get(MEMBERS, {"per_page": "50"})
    budget = len(captured.captured_queries)

    # when thirty exist
    MembershipFactory.create_batch(27, organization=organization)

    # then the page costs the same
    with django_assert_max_num_queries(budget):
        response = client.get(MEMBERS, {"per_page": "50"})
    assert len(response.context["table"].rows) == 30


def test_removing_a_member_records_how_many_of_their_tokens_were_revoked(
    owner, employee, organization
):
    # given an employee with two API tokens
    from qms.accounts import services
    from qms.core.audit import AuditEvent

    for name in ("one", "two"):
        services.token_create(actor=employee, user=employee, organization=organization, name=name)
    membership = employee.memberships.get(organization=organization)
    # when the owner removes them
    services.membership_remove(actor=owner, membership=membership)
    # then the event says both tokens stopped working
    event = AuditEvent.objects.filter(event_type="membership.removed").get()
    assert event.data == {"api_tokens_revoked": 2}


def test_the_members_list_links_to_invitations_only_for_roles_that_may_see_them(
    client_for, owner, auditor
):
    # when the owner and the internal auditor open the members list
    owner_page = client_for(owner).get("/accounts/members/").content.decode()
    auditor_page = client_for(auditor).get("/accounts/members/").content.decode()
    # then only the owner gets the Invitations button
    assert (
        'href="/accounts/invitations/"'
        in owner_page.split("<main", 1)[1].split("</h1>", 1)[1][:2000]
    )
    assert 'class="btn" href="/accounts/invitations/"' not in auditor_page
