"""Personal API tokens: made in the UI or the CLI, shown once, stored hashed, revocable."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from qms.accounts import services
from qms.accounts.models import ApiToken, Membership, User
from qms.core.audit import AuditEvent
from qms.core.testing.api import bearer_client
from qms.organizations.models import Organization

TOKENS = "/accounts/tokens/"


# --- The page -----------------------------------------------------------------------------


def test_a_new_token_is_shown_once_and_stored_only_as_a_hash(
    client_for: Any, quality_manager: User, organization: Organization
) -> None:
    # given the quality manager on the tokens page
    client = client_for(quality_manager)

    # when they create a token
    response = client.post(TOKENS, {"name": "ERP integration"})

    # then the page shows its secret, which works, and only its hash is stored
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("qms_")
    assert secret in response.content.decode()
    token = ApiToken.objects.get(name="ERP integration")
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.organization == organization
    assert secret.startswith(token.prefix)
    assert bearer_client(secret).get("/api/v1/").status_code == 200

    # and the next visit of the page lists it by its prefix, without the secret
    again = client.get(TOKENS)
    html = again.content.decode()
    assert secret not in html
    assert token.prefix in html
    assert "ERP integration" in html

    # and the audit trail names it without its secret
    event = AuditEvent.objects.get(event_type="api_token.created")
    assert event.after["prefix"] == token.prefix
    assert secret not in str(event.after)


def test_the_token_list_shows_when_each_token_was_last_used(
    client_for: Any, quality_manager: User, organization: Organization
) -> None:
    # given a token never used
    token, secret = services.token_create(
        actor=quality_manager, user=quality_manager, organization=organization, name="ci"
    )
    client = client_for(quality_manager)
    assert "never" in client.get(TOKENS).content.decode()

    # when it is used
    bearer_client(secret).get("/api/v1/")

    # then the list shows the time of use
    token.refresh_from_db()
    assert token.last_used_at is not None
    html = client.get(TOKENS).content.decode()
    assert timezone.localtime(token.last_used_at).strftime("%Y-%m-%d") in html


def test_a_token_needs_a_name(client_for: Any, quality_manager: User) -> None:
    # when the form is submitted without a name
    response = client_for(quality_manager).post(TOKENS, {"name": ""})

    # then the error is beside the field and no token exists
    assert response.status_code == 400
    assert "name" in response.context["form"].errors
    assert response.context["secret"] is None
    assert not ApiToken.objects.exists()


def test_a_person_without_an_organization_cannot_create_a_token(
    client_for: Any, stranger: User
) -> None:
    # when someone without organization posts the form
    response = client_for(stranger).post(TOKENS, {"name": "x"})

    # then it is refused
    assert response.status_code == 403
    assert not ApiToken.objects.exists()


def test_revoking_a_token_makes_the_api_refuse_it(
    client_for: Any, quality_manager: User, organization: Organization
) -> None:
    # given a working token
    token, secret = services.token_create(
        actor=quality_manager, user=quality_manager, organization=organization, name="old"
    )
    api = bearer_client(secret)
    assert api.get("/api/v1/").status_code == 200

    # when its owner revokes it
    response = client_for(quality_manager).post(f"{TOKENS}{token.pk}/revoke/")

    # then the API refuses it, the list shows it revoked and the revocation is recorded
    assert response.status_code == 302
    assert api.get("/api/v1/").status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "revoked" in client_for(quality_manager).get(TOKENS).content.decode().lower()
    assert AuditEvent.objects.filter(event_type="api_token.revoked").count() == 1


def test_revoking_needs_a_post(
    client_for: Any, quality_manager: User, organization: Organization
) -> None:
    # given a token
    token, _secret = services.token_create(
        actor=quality_manager, user=quality_manager, organization=organization, name="t"
    )

    # when the revoke URL is merely visited
    response = client_for(quality_manager).get(f"{TOKENS}{token.pk}/revoke/")

    # then nothing happens
    assert response.status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_another_users_token_cannot_be_revoked_or_seen(
    client_for: Any, quality_manager: User, viewer: User, organization: Organization
) -> None:
    # given the viewer's token
    token, secret = services.token_create(
        actor=viewer, user=viewer, organization=organization, name="viewer's"
    )

    # when the quality manager (same organization) tries to revoke it
    response = client_for(quality_manager).post(f"{TOKENS}{token.pk}/revoke/")
    page = client_for(quality_manager).get(TOKENS)

    # then it does not exist for them and keeps working
    assert response.status_code == 404
    assert "viewer&#x27;s" not in page.content.decode()
    assert "viewer's" not in page.content.decode()
    assert bearer_client(secret).get("/api/v1/").status_code == 200


def test_the_tokens_page_needs_a_log_in(db: Any) -> None:
    # when an anonymous visitor opens it
    response = Client().get(TOKENS)

    # then they log in first
    assert response.status_code == 302


# --- The command line ---------------------------------------------------------------------


def test_the_cli_prints_only_a_working_token(
    quality_manager: User, organization: Organization
) -> None:
    # when a token is created on the command line
    out, err = io.StringIO(), io.StringIO()
    call_command("token", "create", "--user", "Quality@Acme.test", stdout=out, stderr=err)

    # then stdout holds the token and nothing else, and it works
    printed = out.getvalue()
    assert printed.count("\n") == 1
    secret = printed.strip()
    assert secret.startswith("qms_")
    assert " " not in secret
    assert bearer_client(secret).get("/api/v1/").status_code == 200
    assert ApiToken.objects.get(user=quality_manager).name == "CLI token"


def test_the_cli_names_the_token_and_picks_the_organization(
    quality_manager: User, outsider: User, other_organization: Organization
) -> None:
    # given the quality manager of Acme who is also in Northwind
    Membership.objects.create(organization=other_organization, user=quality_manager, role="viewer")

    # when a named token for Northwind is created
    out = io.StringIO()
    call_command(
        "token",
        "create",
        "--user",
        "quality@acme.test",
        "--name",
        "Northwind export",
        "--organization",
        "northwind",
        stdout=out,
    )

    # then it acts in Northwind
    token = ApiToken.objects.get(name="Northwind export")
    assert token.organization == other_organization
    me = bearer_client(out.getvalue().strip()).get("/api/v1/me/").json()
    assert me["organization"]["slug"] == "northwind"
    assert me["role"] == "viewer"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--user", "nobody@example.test"], "No active user"),
        (["--user", "stranger@example.test"], "not a member"),
        (["--user", "quality@acme.test", "--organization", "northwind"], "not a member"),
        (["--user", "quality@acme.test", "--name", "  "], "must not be empty"),
    ],
)
def test_the_cli_explains_what_is_wrong(
    args: list[str], message: str, quality_manager: User, stranger: User, other_organization: Any
) -> None:
    # when the command is given a bad user, organization or name
    with pytest.raises(CommandError) as raised:
        call_command("token", "create", *args, stdout=io.StringIO())

    # then it fails with a clear message and creates nothing
    assert message in str(raised.value)
    assert not ApiToken.objects.exists()


def test_the_cli_lists_and_revokes_tokens(
    quality_manager: User, organization: Organization
) -> None:
    # given a token
    token, secret = services.token_create(
        actor=quality_manager, user=quality_manager, organization=organization, name="cron"
    )

    # when the tokens are listed, then the token is revoked by its prefix
    listing = io.StringIO()
    call_command("token", "list", "--user", "quality@acme.test", stdout=listing)
    call_command("token", "revoke", token.prefix, stdout=io.StringIO(), stderr=io.StringIO())

    # then the list showed it active, and the API refuses it now
    assert f"{token.prefix}\tacme\tactive\tnever\tcron" in listing.getvalue()
    assert secret not in listing.getvalue()
    assert bearer_client(secret).get("/api/v1/").status_code == 401


# --- Authentication -----------------------------------------------------------------------


def test_a_token_is_read_with_its_user_organization_and_membership_in_one_query(
    quality_manager: User, organization: Organization
) -> None:
    # given a token that was used a moment ago (so its last use is not written again)
    token, secret = services.token_create(
        actor=quality_manager, user=quality_manager, organization=organization, name="ci"
    )
    services.token_authenticate(secret=secret)

    # when it authenticates
    with CaptureQueriesContext(connection) as captured:
        found = services.token_authenticate(secret=secret)

    # then one query gave the token, its user, its organization and the membership
    assert found is not None
    authenticated, membership = found
    assert len(captured.captured_queries) == 1
    assert authenticated.pk == token.pk and authenticated.user == quality_manager
    assert authenticated.organization == organization
    assert authenticated.last_used_at is not None and authenticated.last_used_at.tzinfo
    assert membership is not None and membership.role == "quality_manager"
    assert membership == Membership.objects.get(user=quality_manager, organization=organization)


@pytest.mark.parametrize("change", ["revoked", "inactive", "left", "unknown"])
def test_a_token_stops_working_at_once(
    quality_manager: User, organization: Organization, change: str
) -> None:
    # given a token that works
    token, secret = services.token_create(
        actor=quality_manager, user=quality_manager, organization=organization, name="ci"
    )
    assert services.token_authenticate(secret=secret) is not None

    # when it is revoked, its user deactivated, its user leaves, or another secret is sent
    if change == "revoked":
        services.token_revoke(actor=quality_manager, token=token)
    elif change == "inactive":
        User.objects.filter(pk=quality_manager.pk).update(is_active=False)
    elif change == "left":
        Membership.objects.filter(user=quality_manager).delete()
    found = services.token_authenticate(secret=secret + "x" if change == "unknown" else secret)

    # then the next request is refused (there is no cache to wait for)
    if change == "left":
        assert found is not None and found[1] is None  # authentication answers 401 for it
    else:
        assert found is None
