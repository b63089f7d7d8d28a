"""The accounts API: who am I, members, invitations and one's own tokens."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from qms.accounts import services
from qms.accounts.models import ApiToken, Invitation, Membership, User
from qms.accounts.tests.factories import MembershipFactory
from qms.core.audit import AuditEvent
from qms.core.permissions import Role, role_permissions
from qms.core.testing.api import bearer_client
from qms.organizations.models import Organization

ME = "/api/v1/me/"
MEMBERS = "/api/v1/accounts/members/"
INVITATIONS = "/api/v1/accounts/invitations/"
TOKENS = "/api/v1/accounts/tokens/"


# --- Me -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["owner", "quality_manager", "employee", "viewer"])
def test_me_shows_the_user_the_organization_the_role_and_its_permissions(
    persona: str, request: pytest.FixtureRequest, api_client_for: Any
) -> None:
    # given a member's API client
    user = request.getfixturevalue(persona)

    # when they ask who they are
    response = api_client_for(user).get(ME)

    # then the answer names them, Acme, their role and exactly its permissions
    assert response.status_code == 200
    body = response.json()
    assert body["user"] == {"id": user.pk, "email": user.email, "full_name": user.full_name}
    assert body["organization"]["slug"] == "acme"
    assert body["role"] == persona
    assert body["permissions"] == sorted(role_permissions(persona))
    assert "organizations.view_site" in body["permissions"]


def test_me_tells_a_viewer_they_cannot_add_sites(api_client_for: Any, viewer: User) -> None:
    # when a viewer asks who they are
    body = api_client_for(viewer).get(ME).json()

    # then the permissions say what the role may not do
    assert "organizations.add_site" not in body["permissions"]


def test_me_needs_authentication(db: Any) -> None:
    # when no credentials are sent
    response = APIClient().get(ME)

    # then it is a 401
    assert response.status_code == 401


# --- Members ------------------------------------------------------------------------------


def _membership(user: User) -> Membership:
    return Membership.objects.get(user=user)


def test_the_owner_changes_a_role_through_the_api(
    api_client_for: Any, owner: User, employee: User
) -> None:
    # when the owner patches the employee's role
    response = api_client_for(owner).patch(
        f"{MEMBERS}{_membership(employee).pk}/", {"role": "process_owner"}, format="json"
    )

    # then the role is changed, shown in the read shape and audited
    assert response.status_code == 200
    body = response.json()
    assert body["role"] == "process_owner"
    assert body["user"]["email"] == "employee@acme.test"
    assert _membership(employee).role == Role.PROCESS_OWNER
    event = AuditEvent.objects.get(event_type="membership.role_changed")
    assert event.after == {"role": "process_owner"}


@pytest.mark.parametrize(
    ("persona", "method", "expected"),
    [
        # a role that may not view members finds none (404); one that may view but not
        # change them is refused (403)
        ("viewer", "get", 404),
        ("viewer", "patch", 404),
        ("employee", "patch", 404),
        ("quality_manager", "get", 200),
        ("quality_manager", "patch", 403),
        ("quality_manager", "delete", 403),
        ("auditor", "get", 200),
        ("outsider", "get", 404),
        ("outsider", "patch", 404),
        ("outsider", "delete", 404),
    ],
)
def test_the_members_api_follows_the_permission_matrix(
    persona: str,
    method: str,
    expected: int,
    request: pytest.FixtureRequest,
    api_client_for: Any,
    owner: User,
    employee: User,
) -> None:
    # given the employee's membership and a client acting as the persona
    client = api_client_for(request.getfixturevalue(persona))
    url = f"{MEMBERS}{_membership(employee).pk}/"
    data = {"role": "owner"} if method == "patch" else None

    # when the request is made
    response = getattr(client, method)(url, data, format="json")

    # then the answer is the matrix's and the role is unchanged unless allowed
    assert response.status_code == expected
    assert _membership(employee).role == Role.EMPLOYEE


@pytest.mark.parametrize(("persona", "expected"), [("viewer", 403), ("employee", 403)])
def test_the_members_list_is_closed_to_roles_that_may_not_view_members(
    persona: str, expected: int, request: pytest.FixtureRequest, api_client_for: Any
) -> None:
    # when a viewer or an employee lists the members
    response = api_client_for(request.getfixturevalue(persona)).get(MEMBERS)

    # then it is refused
    assert response.status_code == expected
    assert response.json()["code"] == "permission_denied"


def test_members_cannot_be_created_or_replaced_through_the_api(
    api_client_for: Any, owner: User, employee: User
) -> None:
    # when the owner posts a member or puts one
    created = api_client_for(owner).post(MEMBERS, {"role": "viewer"}, format="json")
    replaced = api_client_for(owner).put(
        f"{MEMBERS}{_membership(employee).pk}/", {"role": "viewer"}, format="json"
    )

    # then neither method exists (people join through invitations)
    assert created.status_code == 405
    assert replaced.status_code == 405


def test_the_last_owner_cannot_be_demoted_through_the_api(api_client_for: Any, owner: User) -> None:
    # when the only owner demotes themselves
    response = api_client_for(owner).patch(
        f"{MEMBERS}{_membership(owner).pk}/", {"role": "viewer"}, format="json"
    )

    # then it is a 400 on the role and nothing changed
    assert response.status_code == 400
    assert "at least one owner" in response.json()["errors"]["role"][0]
    assert _membership(owner).role == Role.OWNER


def test_an_unknown_role_is_refused(api_client_for: Any, owner: User, employee: User) -> None:
    # when the owner sets a role that does not exist
    response = api_client_for(owner).patch(
        f"{MEMBERS}{_membership(employee).pk}/", {"role": "emperor"}, format="json"
    )

    # then it is a 400 on the role
    assert response.status_code == 400
    assert "role" in response.json()["errors"]


def test_removing_a_member_through_the_api_revokes_their_tokens(
    api_client_for: Any, owner: User, employee: User, organization: Organization
) -> None:
    # given a working token of the employee
    _token, secret = services.token_create(
        actor=employee, user=employee, organization=organization, name="script"
    )

    # when the owner removes the employee
    response = api_client_for(owner).delete(f"{MEMBERS}{_membership(employee).pk}/")

    # then the member is gone and the token refused
    assert response.status_code == 204
    assert not Membership.objects.filter(user=employee).exists()
    assert bearer_client(secret).get("/api/v1/").status_code == 401


def test_the_owner_cannot_remove_themselves_through_the_api(
    api_client_for: Any, owner: User, organization: Organization
) -> None:
    # given a second owner
    MembershipFactory(organization=organization, role=Role.OWNER)

    # when the owner deletes their own membership
    response = api_client_for(owner).delete(f"{MEMBERS}{_membership(owner).pk}/")

    # then it is refused with the reason
    assert response.status_code == 400
    assert "cannot remove yourself" in str(response.json()["errors"])
    assert Membership.objects.filter(user=owner).exists()


def test_the_members_list_filters_by_role_and_searches(
    api_client_for: Any, quality_manager: User, viewer: User, employee: User
) -> None:
    # when the quality manager lists viewers, and searches for the employee
    client = api_client_for(quality_manager)
    viewers = client.get(MEMBERS, {"role": "viewer"}).json()["results"]
    found = client.get(MEMBERS, {"q": "employee@"}).json()["results"]

    # then the filters apply
    assert [row["user"]["email"] for row in viewers] == ["viewer@acme.test"]
    assert [row["user"]["email"] for row in found] == ["employee@acme.test"]


def test_the_members_list_issues_no_query_per_row(
    api_client_for: Any,
    quality_manager: User,
    organization: Organization,
    django_assert_max_num_queries: Any,
) -> None:
    # given three members, measured once warm
    client = api_client_for(quality_manager)
    MembershipFactory.create_batch(2, organization=organization)
    client.get(MEMBERS)
    with CaptureQueriesContext(connection) as captured:
        client.get(MEMBERS)
    budget = len(captured.captured_queries)

    # when thirty exist
    MembershipFactory.create_batch(27, organization=organization)

    # then the list costs the same
    with django_assert_max_num_queries(budget):
        response = client.get(MEMBERS)
    assert len(response.json()["results"]) == 30


# --- Invitations --------------------------------------------------------------------------


def test_the_owner_invites_through_the_api(
    api_client_for: Any, owner: User, django_capture_on_commit_callbacks: Any
) -> None:
    # when the owner invites someone
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(owner).post(
            INVITATIONS, {"email": "api@example.test", "role": "viewer"}, format="json"
        )

    # then the invitation is made, shown without its secret, and the e-mail sent
    assert response.status_code == 201
    body = response.json()
    assert body["email"] == "api@example.test"
    assert body["is_pending"] is True
    assert body["invited_by"] == "owner@acme.test"
    assert "token_hash" not in body
    assert len(mail.outbox) == 1


def test_a_duplicate_invitation_through_the_api_is_a_400_on_the_email(
    api_client_for: Any, owner: User, organization: Organization
) -> None:
    # given a pending invitation
    services.invitation_create(
        actor=owner, organization=organization, email="twice@example.test", role=Role.VIEWER
    )
    client = api_client_for(owner)

    # when it is made again
    response = client.post(
        INVITATIONS, {"email": "twice@example.test", "role": "viewer"}, format="json"
    )

    # then the error is on the e-mail and nothing more is written
    assert response.status_code == 400
    assert "email" in response.json()["errors"]
    assert Invitation.objects.count() == 1


def test_only_the_owner_invites_through_the_api(api_client_for: Any, quality_manager: User) -> None:
    # when the quality manager invites someone
    response = api_client_for(quality_manager).post(
        INVITATIONS, {"email": "x@example.test", "role": "viewer"}, format="json"
    )

    # then it is refused
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_the_owner_revokes_an_invitation_through_the_api(
    api_client_for: Any, owner: User, organization: Organization
) -> None:
    # given a pending invitation
    invitation, _secret = services.invitation_create(
        actor=owner, organization=organization, email="maybe@example.test", role=Role.VIEWER
    )

    # when the owner deletes it
    response = api_client_for(owner).delete(f"{INVITATIONS}{invitation.pk}/")

    # then it is gone
    assert response.status_code == 204
    assert not Invitation.objects.exists()


# --- Tokens -------------------------------------------------------------------------------


def test_a_token_created_through_the_api_is_shown_once(
    api_client_for: Any, quality_manager: User
) -> None:
    # given the quality manager's API client
    client = api_client_for(quality_manager)

    # when they create a token
    response = client.post(TOKENS, {"name": "nightly"}, format="json")

    # then the response holds the secret, which works; the list does not hold it
    assert response.status_code == 201
    body = response.json()
    secret = body["token"]
    assert secret.startswith(body["prefix"])
    assert body["organization"] == "acme"
    assert bearer_client(secret).get(ME).status_code == 200
    listing = client.get(TOKENS)
    assert secret not in listing.content.decode()
    assert all("token" not in row for row in listing.json()["results"])


def test_a_token_is_revoked_through_the_api(
    api_client_for: Any, quality_manager: User, organization: Organization
) -> None:
    # given a token
    token, secret = services.token_create(
        actor=quality_manager, user=quality_manager, organization=organization, name="old"
    )

    # when it is revoked
    response = api_client_for(quality_manager).post(f"{TOKENS}{token.pk}/revoke/")

    # then it is marked revoked and refused
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None
    assert bearer_client(secret).get(ME).status_code == 401


def test_another_users_token_is_not_found_through_the_api(
    api_client_for: Any, quality_manager: User, viewer: User, organization: Organization
) -> None:
    # given the viewer's token
    token, secret = services.token_create(
        actor=viewer, user=viewer, organization=organization, name="mine"
    )
    client = api_client_for(quality_manager)

    # when the quality manager reads or revokes it
    read = client.get(f"{TOKENS}{token.pk}/")
    revoked = client.post(f"{TOKENS}{token.pk}/revoke/")

    # then it does not exist for them
    assert read.status_code == 404
    assert revoked.status_code == 404
    assert bearer_client(secret).get(ME).status_code == 200
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_a_token_needs_a_name_through_the_api(api_client_for: Any, quality_manager: User) -> None:
    # given the tokens as they are (the client's own included)
    client = api_client_for(quality_manager)
    before = ApiToken.objects.count()

    # when a token is created without a name, or with an unknown field
    missing = client.post(TOKENS, {}, format="json")
    unknown = client.post(TOKENS, {"name": "x", "scope": "all"}, format="json")

    # then both are 400 and no token is made
    assert missing.status_code == 400
    assert "name" in missing.json()["errors"]
    assert unknown.status_code == 400
    assert unknown.json()["errors"] == {"scope": ["Unknown field."]}
    assert ApiToken.objects.count() == before
