"""Inviting people by e-mail and accepting the link."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.utils import timezone

from qms.accounts import services
from qms.accounts.middleware import SESSION_KEY as ORGANIZATION_KEY
from qms.accounts.models import Invitation, Membership, User
from qms.accounts.tests.factories import PASSWORD, InvitationFactory, UserFactory
from qms.core.audit import AuditEvent
from qms.core.permissions import Role
from qms.organizations.models import Organization

INVITE = "/accounts/invitations/add/"
INVITATIONS = "/accounts/invitations/"
NEW_PASSWORD = "a much longer passphrase 42"


def _accept_path(message: Any) -> str:
    match = re.search(r"\S+/accounts/invitations/accept/\S+/", message.body)
    assert match, message.body
    return urlsplit(match.group(0)).path


def _invite(organization: Organization, inviter: User, email: str, role: str) -> str:
    """An invitation made through the service; returns the path of its accept link."""
    _invitation, secret = services.invitation_create(
        actor=inviter, organization=organization, email=email, role=role
    )
    return f"/accounts/invitations/accept/{secret}/"


# --- Sending ------------------------------------------------------------------------------


def test_the_owner_invites_someone_and_the_email_leaves_after_commit(
    client_for: Any, owner: User, organization: Organization, django_capture_on_commit_callbacks
) -> None:
    # given the owner
    client = client_for(owner)

    # when they invite a new person as employee
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(INVITE, {"email": "New.Person@Example.test", "role": "employee"})
        # then nothing is sent while the transaction is open
        assert mail.outbox == []

    # and once it commits, one e-mail with the accept link goes to the address
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.test"]
    assert "Acme Gauges Ltd" in message.subject
    assert "/accounts/invitations/accept/" in message.body
    invitation = Invitation.objects.get(email="new.person@example.test")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/invitations/{invitation.pk}/"
    assert invitation.organization == organization
    assert invitation.role == Role.EMPLOYEE
    assert invitation.invited_by == owner
    assert AuditEvent.objects.filter(event_type="invitation.sent").count() == 1


def test_the_invitation_stores_only_a_hash_of_its_link(
    owner: User, organization: Organization, django_capture_on_commit_callbacks
) -> None:
    # when an invitation is made
    with django_capture_on_commit_callbacks(execute=True):
        path = _invite(organization, owner, "someone@example.test", Role.VIEWER)
    secret = path.rstrip("/").rsplit("/", 1)[-1]

    # then the database holds the hash, not the secret, and the audit trail neither
    invitation = Invitation.objects.get(email="someone@example.test")
    assert invitation.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    event = AuditEvent.objects.get(event_type="invitation.sent")
    assert "token_hash" not in event.after
    assert secret not in str(event.after)


@pytest.mark.parametrize("persona", ["quality_manager", "viewer", "employee"])
def test_only_the_owner_may_invite(
    persona: str, request: pytest.FixtureRequest, client_for: Any
) -> None:
    # given a member who is not an owner
    client = client_for(request.getfixturevalue(persona))

    # when they open the invitation form or post it
    page = client.get(INVITE)
    posted = client.post(INVITE, {"email": "x@example.test", "role": "owner"})

    # then both are refused and nothing is sent
    assert page.status_code == 403
    assert posted.status_code == 403
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_a_second_pending_invitation_to_the_same_address_is_an_error_beside_the_email(
    client_for: Any, owner: User, organization: Organization
) -> None:
    # given a pending invitation
    _invite(organization, owner, "twice@example.test", Role.EMPLOYEE)
    events = AuditEvent.objects.count()

    # when the owner invites the same address again, in another case
    response = client_for(owner).post(INVITE, {"email": "TWICE@example.test", "role": "viewer"})

    # then the form shows the error beside the e-mail field and nothing more is written
    assert response.status_code == 400
    assert "still pending" in response.context["form"].errors["email"][0]
    assert 'id="id_email_error"' in response.content.decode()
    assert Invitation.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_inviting_an_existing_member_is_an_error_beside_the_email(
    client_for: Any, owner: User, viewer: User
) -> None:
    # when the owner invites someone already in the organization
    response = client_for(owner).post(INVITE, {"email": "viewer@acme.test", "role": "employee"})

    # then the form says so
    assert response.status_code == 400
    assert "already a member" in response.context["form"].errors["email"][0]


def test_an_expired_invitation_does_not_block_a_new_one(
    client_for: Any, owner: User, organization: Organization
) -> None:
    # given an expired invitation to an address
    InvitationFactory(
        organization=organization,
        email="late@example.test",
        invited_by=owner,
        expires_at=timezone.now() - dt.timedelta(days=1),
    )

    # when the owner invites the address again
    response = client_for(owner).post(INVITE, {"email": "late@example.test", "role": "employee"})

    # then a new invitation is made
    assert response.status_code == 302
    assert Invitation.objects.filter(email="late@example.test").count() == 2


def test_the_owner_revokes_a_pending_invitation(
    client_for: Any, owner: User, organization: Organization
) -> None:
    # given a pending invitation
    path = _invite(organization, owner, "maybe@example.test", Role.EMPLOYEE)
    invitation = Invitation.objects.get(email="maybe@example.test")

    # when the owner deletes it
    response = client_for(owner).post(f"{INVITATIONS}{invitation.pk}/delete/")

    # then it is gone, recorded, and its link no longer works
    assert response.status_code == 302
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    assert AuditEvent.objects.filter(event_type="invitation.revoked").count() == 1
    assert Client().get(path).status_code == 404


def test_an_accepted_invitation_cannot_be_revoked(
    client_for: Any, owner: User, organization: Organization
) -> None:
    # given an accepted invitation
    path = _invite(organization, owner, "joined@example.test", Role.EMPLOYEE)
    Client().post(path, {"full_name": "Jo", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    invitation = Invitation.objects.get(email="joined@example.test")

    # when the owner tries to delete it
    response = client_for(owner).post(f"{INVITATIONS}{invitation.pk}/delete/", follow=True)

    # then it stays and the page says why
    assert Invitation.objects.filter(pk=invitation.pk).exists()
    assert "cannot be revoked" in response.content.decode()


# --- Accepting ----------------------------------------------------------------------------


def test_a_new_person_accepts_by_creating_an_account_and_lands_on_the_dashboard(
    client_for: Any, owner: User, organization: Organization, django_capture_on_commit_callbacks
) -> None:
    # given an invitation sent through the page, and its link from the e-mail
    with django_capture_on_commit_callbacks(execute=True):
        client_for(owner).post(INVITE, {"email": "newbie@example.test", "role": "process_owner"})
    path = _accept_path(mail.outbox[0])
    visitor = Client()

    # when the person opens the link
    page = visitor.get(path)

    # then they are asked for a name and a password
    assert page.status_code == 200
    assert page.context["form"] is not None
    assert "Join Acme Gauges Ltd" in page.content.decode()

    # when they create their account
    response = visitor.post(
        path, {"full_name": "Nia Newbie", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    # then they are logged in, a member with the invited role, on Acme's dashboard
    assert response.status_code == 302
    assert response["Location"] == "/"
    user = User.objects.get(email="newbie@example.test")
    assert user.full_name == "Nia Newbie"
    membership = Membership.objects.get(user=user)
    assert (membership.organization, membership.role) == (organization, Role.PROCESS_OWNER)
    assert visitor.session[SESSION_KEY] == str(user.pk)
    assert visitor.session[ORGANIZATION_KEY] == organization.pk
    dashboard = visitor.get("/")
    assert dashboard.status_code == 200
    assert "Acme Gauges Ltd" in dashboard.content.decode()
    assert {"invitation.accepted", "user.created", "membership.created"} <= set(
        AuditEvent.objects.values_list("event_type", flat=True)
    )


def test_a_new_account_needs_matching_and_strong_passwords(
    owner: User, organization: Organization
) -> None:
    # given an invitation
    path = _invite(organization, owner, "weak@example.test", Role.EMPLOYEE)
    visitor = Client()

    # when the person gives two different passwords, then a weak one
    differ = visitor.post(
        path, {"full_name": "W", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "!"}
    )
    weak = visitor.post(path, {"full_name": "W", "password1": "1234", "password2": "1234"})

    # then each error is beside its field and no account exists
    assert differ.status_code == 400
    assert "password2" in differ.context["form"].errors
    assert weak.status_code == 400
    assert "password1" in weak.context["form"].errors
    assert not User.objects.filter(email="weak@example.test").exists()


def test_an_existing_user_with_the_invited_address_accepts_while_logged_in(
    client_for: Any, owner: User, other_organization: Organization
) -> None:
    # given Acme's owner invited by Northwind
    northwind_owner = UserFactory(email="boss@northwind.test")
    Membership.objects.create(
        organization=other_organization, user=northwind_owner, role=Role.OWNER
    )
    path = _invite(other_organization, northwind_owner, "owner@acme.test", Role.VIEWER)
    client = client_for(owner)

    # when they open the link and join
    page = client.get(path)
    response = client.post(path)

    # then they are a viewer of Northwind too, working in Northwind now
    assert page.status_code == 200
    assert page.context["form"] is None
    assert response.status_code == 302
    assert Membership.objects.get(user=owner, organization=other_organization).role == Role.VIEWER
    assert client.session[ORGANIZATION_KEY] == other_organization.pk
    assert "Northwind Castings" in client.get("/").content.decode()


def test_an_existing_account_that_is_not_logged_in_is_asked_to_log_in(
    owner: User, organization: Organization
) -> None:
    # given an invitation to someone who has an account but is not logged in
    UserFactory(email="known@example.test")
    path = _invite(organization, owner, "known@example.test", Role.EMPLOYEE)

    # when they open the link, and when they post it anyway
    page = Client().get(path)
    posted = Client().post(path)

    # then they are sent to log in, and no membership is made without it
    assert page.status_code == 200
    assert "Log in to accept" in page.content.decode()
    assert posted.status_code == 400
    assert "log in to accept" in posted.content.decode()
    assert not Membership.objects.filter(user__email="known@example.test").exists()


def test_a_logged_in_user_with_another_address_cannot_accept(
    client_for: Any, owner: User, outsider: User, organization: Organization
) -> None:
    # given an invitation to one address, opened by someone logged in with another
    path = _invite(organization, owner, "intended@example.test", Role.EMPLOYEE)
    client = client_for(outsider)

    # when they try to join
    response = client.post(path)

    # then they are told it is someone else's, and nothing changes
    assert response.status_code == 400
    assert "another e-mail address" in response.content.decode()
    assert not Membership.objects.filter(user=outsider, organization=organization).exists()
    assert Invitation.objects.get(email="intended@example.test").accepted_at is None


def test_an_accepted_invitation_link_cannot_be_used_again(
    owner: User, organization: Organization
) -> None:
    # given an invitation already accepted
    path = _invite(organization, owner, "once@example.test", Role.EMPLOYEE)
    Client().post(path, {"full_name": "O", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    # when the link is opened again
    response = Client().get(path)

    # then it is not valid any more
    assert response.status_code == 404
    assert "Invitation not valid" in response.content.decode()


def test_an_expired_invitation_link_is_not_valid(owner: User, organization: Organization) -> None:
    # given an invitation past its expiry
    secret = "expired-secret"
    InvitationFactory(
        organization=organization,
        email="late@example.test",
        invited_by=owner,
        token_hash=hashlib.sha256(secret.encode()).hexdigest(),
        expires_at=timezone.now() - dt.timedelta(minutes=1),
    )

    # when its link is opened or posted
    path = f"/accounts/invitations/accept/{secret}/"
    opened = Client().get(path)
    posted = Client().post(
        path, {"full_name": "L", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    # then it is not valid, and no account is made
    assert opened.status_code == 404
    assert posted.status_code == 404
    assert not User.objects.filter(email="late@example.test").exists()


def test_an_unknown_invitation_link_is_not_valid(db: Any) -> None:
    # when a made-up link is opened
    response = Client().get("/accounts/invitations/accept/made-up/")

    # then it is not valid
    assert response.status_code == 404


def test_someone_already_a_member_cannot_accept_twice(
    client_for: Any, owner: User, viewer: User, organization: Organization
) -> None:
    # given an invitation made before the person joined some other way
    invitation = InvitationFactory(
        organization=organization,
        email="viewer@acme.test",
        invited_by=owner,
        token_hash=hashlib.sha256(b"dup").hexdigest(),
    )

    # when the member accepts it
    response = client_for(viewer).post("/accounts/invitations/accept/dup/")

    # then they are told, and their role is unchanged
    assert response.status_code == 400
    assert "already a member" in response.content.decode()
    assert Membership.objects.get(user=viewer).role == Role.VIEWER
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_logging_in_from_the_invitation_returns_to_it(
    owner: User, organization: Organization
) -> None:
    # given an invitation to an existing account
    UserFactory(email="known@example.test")
    path = _invite(organization, owner, "known@example.test", Role.EMPLOYEE)
    client = Client()

    # when the person logs in from the invitation page
    response = client.post(
        f"/accounts/login/?next={path}",
        {"username": "known@example.test", "password": PASSWORD, "next": path},
    )

    # then they come back to the invitation and can join
    assert response["Location"] == path
    assert client.post(path).status_code == 302
    assert Membership.objects.filter(user__email="known@example.test").exists()
