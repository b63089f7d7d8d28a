"""The API's shared machinery: authentication, the one error shape, bad input that writes
nothing, and the read-only audit trail."""

from __future__ import annotations

from typing import Any, cast

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from qms.accounts import services as account_services
from qms.accounts.models import Membership
from qms.core.audit import AuditEvent
from qms.core.testing.api import bearer_client
from qms.organizations import services as organization_services
from qms.organizations.models import Organization, Site
from qms.organizations.tests.factories import SiteFactory

ROOT = "/api/v1/"
SITES = "/api/v1/organizations/sites/"
EVENTS = "/api/v1/audit/events/"


def _assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert isinstance(body["message"], str)
    assert body["message"]
    return body


# --- Authentication -----------------------------------------------------------------------


def test_the_api_root_answers_a_bearer_token(
    quality_manager: Any, organization: Organization
) -> None:
    # given a token made the way the CLI makes it
    _token, secret = account_services.token_create(
        actor=quality_manager, user=quality_manager, organization=organization, name="curl"
    )

    # when the API root is requested with it
    response = bearer_client(secret).get(ROOT)

    # then it answers with links to the resources
    assert response.status_code == 200
    body = response.json()
    assert body["organizations-site"].endswith(SITES)
    assert body["accounts-me"].endswith("/api/v1/me/")


def test_the_api_refuses_a_request_without_credentials(db: Any) -> None:
    # when the API root is requested without a token
    response = APIClient().get(ROOT)

    # then it is a 401 in the error shape that names the Bearer scheme
    _assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_is_refused(quality_manager: Any, organization: Organization) -> None:
    # given a token that worked, then was revoked
    token, secret = account_services.token_create(
        actor=quality_manager, user=quality_manager, organization=organization, name="old"
    )
    client = bearer_client(secret)
    assert client.get(ROOT).status_code == 200
    account_services.token_revoke(actor=quality_manager, token=token)

    # when it is used again
    response = client.get(ROOT)

    # then it is refused
    body = _assert_error(response, 401, "authentication_failed")
    assert "revoked" in body["message"]


def test_a_token_of_someone_who_left_the_organization_is_refused(
    owner: Any, employee: Any, organization: Organization
) -> None:
    # given an employee's token, and the employee's membership gone without the service
    # (the service also revokes tokens; this proves the membership check on its own)
    _token, secret = account_services.token_create(
        actor=employee, user=employee, organization=organization, name="script"
    )
    Membership.objects.filter(user=employee).delete()

    # when the token is used
    response = bearer_client(secret).get(ROOT)

    # then it is refused
    _assert_error(response, 401, "authentication_failed")


def test_a_token_of_a_removed_member_is_refused(
    owner: Any, employee: Any, organization: Organization
) -> None:
    # given an employee's token, then the owner removes the employee
    _token, secret = account_services.token_create(
        actor=employee, user=employee, organization=organization, name="script"
    )
    membership = Membership.objects.get(user=employee)
    account_services.membership_remove(actor=owner, membership=membership)

    # when the token is used
    response = bearer_client(secret).get(ROOT)

    # then it is refused
    _assert_error(response, 401, "authentication_failed")


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer ",
        "Bearer two words",
        "Bearer qms_not-a-real-token",
        "Bearer not-even-prefixed",
        "Basic dXNlcjpwYXNz",
        "Token qms_abc",
    ],
)
def test_a_malformed_or_unknown_authorization_header_is_refused(header: str, db: Any) -> None:
    # given a client sending the header
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)

    # when it calls the API
    response = client.get(ROOT)

    # then it is a 401 in the error shape
    assert response.status_code == 401
    body = response.json()
    assert body["status"] == 401
    assert body["code"] in ("not_authenticated", "authentication_failed")


def test_using_a_token_records_when_it_was_last_used(
    quality_manager: Any, organization: Organization
) -> None:
    # given a token never used
    token, secret = account_services.token_create(
        actor=quality_manager, user=quality_manager, organization=organization, name="ci"
    )
    assert token.last_used_at is None

    # when it is used
    bearer_client(secret).get(ROOT)

    # then its last use is stored
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_browser_session_authenticates_the_api(client_for: Any, viewer: Any) -> None:
    # when a logged-in browser calls the API
    response = client_for(viewer).get(SITES)

    # then its session is enough
    assert response.status_code == 200


def test_an_unknown_api_path_answers_in_the_error_shape(api_client_for: Any, viewer: Any) -> None:
    # when a path that does not exist is requested
    response = api_client_for(viewer).get("/api/v1/no-such-thing/")

    # then the 404 is JSON, not an HTML page
    _assert_error(response, 404, "not_found")


def test_healthz_reports_the_database(db: Any) -> None:
    # when the health endpoint is requested without logging in
    response = APIClient().get("/healthz")

    # then it says the database answers
    assert response.status_code == 200
    assert response.json()["database"]["status"] == "ok"


# --- Bad input writes nothing -------------------------------------------------------------


@pytest.fixture
def manager_api(api_client_for: Any, quality_manager: Any) -> APIClient:
    client: APIClient = api_client_for(quality_manager)
    return client


def _counts() -> tuple[int, int]:
    return Site.objects.count(), AuditEvent.objects.count()


def test_malformed_json_is_a_parse_error_and_writes_nothing(manager_api: APIClient) -> None:
    # given the tables as they are
    before = _counts()

    # when the body is not JSON
    response = manager_api.post(SITES, '{"name": "Leeds', content_type="application/json")

    # then it is a 400 parse error and nothing was written
    _assert_error(response, 400, "parse_error")
    assert _counts() == before


@pytest.mark.parametrize(
    ("payload", "field", "fragment"),
    [
        ({"name": "Leeds", "colour": "red"}, "colour", "Unknown field."),
        ({"name": "Leeds", "employees": "many"}, "employees", "valid integer"),
        ({"name": "Leeds", "employees": -1}, "employees", "greater than or equal to 0"),
        ({"name": "Leeds", "is_head_office": "perhaps"}, "is_head_office", "valid boolean"),
        ({"name": "x" * 201}, "name", "no more than 200 characters"),
        ({"name": "Leeds", "country": "GBR"}, "country", "ISO 3166-1 alpha-2"),
        ({"name": "Leeds", "country": "XX"}, "country", "ISO 3166-1 alpha-2"),
        ({"name": "Leeds", "country": "United Kingdom"}, "country", "ISO 3166-1 alpha-2"),
        ({"address": "1 Park Row"}, "name", "required"),
        ({"name": ""}, "name", "blank"),
        ({"name": None}, "name", "null"),
    ],
)
def test_bad_input_is_a_400_beside_the_field_and_writes_nothing(
    payload: dict[str, Any], field: str, fragment: str, manager_api: APIClient
) -> None:
    # given the tables as they are
    before = _counts()

    # when a site is created from the bad payload
    response = manager_api.post(SITES, payload, format="json")

    # then the error names the field and nothing was written
    body = _assert_error(response, 400, "invalid")
    assert field in body["errors"], body
    assert any(fragment in message for message in body["errors"][field]), body
    assert _counts() == before


def test_an_unknown_field_is_named_exactly(manager_api: APIClient) -> None:
    # when a create carries a field the API does not know
    response = manager_api.post(SITES, {"name": "Leeds", "organization": 99}, format="json")

    # then the field is reported as unknown (the organization is never taken from input)
    assert response.json()["errors"] == {"organization": ["Unknown field."]}


def test_bad_input_on_update_writes_nothing(
    manager_api: APIClient, organization: Organization
) -> None:
    # given a site and the tables as they are
    site = cast(Site, SiteFactory(organization=organization, name="Sheffield works"))
    before = _counts()

    # when it is patched with a wrong type and an over-long name
    wrong_type = manager_api.patch(f"{SITES}{site.pk}/", {"employees": "many"}, format="json")
    too_long = manager_api.patch(f"{SITES}{site.pk}/", {"name": "y" * 201}, format="json")

    # then both are refused and the site is as it was
    assert wrong_type.status_code == 400
    assert too_long.status_code == 400
    site.refresh_from_db()
    assert site.name == "Sheffield works"
    assert _counts() == before


def test_a_duplicate_site_name_is_a_409_beside_the_name_and_writes_nothing(
    manager_api: APIClient, organization: Organization, other_organization: Organization
) -> None:
    # given a site of ours, and one with another name that Northwind also uses
    SiteFactory(organization=organization, name="Sheffield works")
    SiteFactory(organization=other_organization, name="Leeds office")
    before = _counts()

    # when a second site of ours takes the same name, in other letter case
    response = manager_api.post(SITES, {"name": "SHEFFIELD Works"}, format="json")

    # then it is a conflict in the error shape, beside the name, and nothing is written
    body = _assert_error(response, 409, "unique")
    assert list(body["errors"]) == ["name"], body
    assert "already exists" in body["errors"]["name"][0]
    assert _counts() == before

    # and a name used only by another organization is free for us
    assert manager_api.post(SITES, {"name": "Leeds office"}, format="json").status_code == 201


def test_a_form_encoded_body_is_refused_as_unsupported(manager_api: APIClient) -> None:
    # given the tables as they are
    before = _counts()

    # when the body is form-encoded instead of JSON
    response = manager_api.post(
        SITES, "name=Leeds", content_type="application/x-www-form-urlencoded"
    )

    # then it is refused in the error shape and nothing was written
    _assert_error(response, 415, "unsupported_media_type")
    assert _counts() == before


def test_a_service_that_fails_halfway_leaves_no_row_and_no_event(
    quality_manager: Any, organization: Organization
) -> None:
    # given the tables as they are
    before = _counts()

    # when a site is created inside a transaction that fails after the service returned
    with pytest.raises(RuntimeError), transaction.atomic():
        organization_services.site_create(
            actor=quality_manager, organization=organization, data={"name": "Half done"}
        )
        raise RuntimeError("the next step failed")

    # then neither the site nor its event remains
    assert _counts() == before


# --- The audit trail is read-only ---------------------------------------------------------


def test_the_audit_events_api_is_read_only(
    api_client_for: Any, owner: Any, organization: Organization
) -> None:
    # given an event of Acme
    organization_services.site_create(
        actor=owner, organization=organization, data={"name": "Forge"}
    )
    client = api_client_for(owner)
    event = AuditEvent.objects.filter(organization=organization).first()
    assert event is not None
    before = AuditEvent.objects.count()

    # when the owner tries to create, replace, patch and delete events
    attempts = [
        client.post(EVENTS, {"event_type": "site.created"}, format="json"),
        client.put(f"{EVENTS}{event.pk}/", {"event_type": "x.y"}, format="json"),
        client.patch(f"{EVENTS}{event.pk}/", {"event_type": "x.y"}, format="json"),
        client.delete(f"{EVENTS}{event.pk}/"),
    ]

    # then every method is not allowed and the trail is untouched
    for response in attempts:
        _assert_error(response, 405, "method_not_allowed")
    assert AuditEvent.objects.count() == before
    assert AuditEvent.objects.get(pk=event.pk).hash == event.hash


def test_the_audit_events_api_lists_only_our_organizations_events(
    api_client_for: Any,
    quality_manager: Any,
    outsider: Any,
    organization: Organization,
    other_organization: Organization,
) -> None:
    # given a change in each organization
    organization_services.site_create(
        actor=quality_manager, organization=organization, data={"name": "Forge"}
    )
    organization_services.site_create(
        actor=outsider, organization=other_organization, data={"name": "Duisburg"}
    )

    # when our quality manager lists the events
    response = api_client_for(quality_manager).get(EVENTS)

    # then only Acme's appear
    assert response.status_code == 200
    labels = [row["subject_label"] for row in response.json()["results"]]
    assert "Forge" in labels
    assert "Duisburg" not in labels
    ours = set(AuditEvent.objects.filter(organization=organization).values_list("pk", flat=True))
    assert {row["id"] for row in response.json()["results"]} <= ours


def test_the_audit_events_api_filters_by_event_type(
    api_client_for: Any, quality_manager: Any, organization: Organization
) -> None:
    # given a creation and a change
    site = organization_services.site_create(
        actor=quality_manager, organization=organization, data={"name": "Forge"}
    )
    organization_services.site_update(actor=quality_manager, instance=site, data={"employees": 3})

    # when the events are filtered by type
    response = api_client_for(quality_manager).get(EVENTS, {"event_type": "site.updated"})

    # then only the change is listed, with its before and after values
    rows = response.json()["results"]
    assert [row["event_type"] for row in rows] == ["site.updated"]
    assert rows[0]["before"] == {"employees": None}
    assert rows[0]["after"] == {"employees": 3}


def test_the_audit_events_api_is_closed_to_roles_without_the_permission(
    api_client_for: Any, employee: Any, viewer: Any, auditor: Any
) -> None:
    # when an employee, a viewer and an internal auditor list the events
    # then only the auditor may
    assert api_client_for(employee).get(EVENTS).status_code == 403
    assert api_client_for(viewer).get(EVENTS).status_code == 403
    assert api_client_for(auditor).get(EVENTS).status_code == 200


def test_the_audit_events_list_issues_no_query_per_row(
    api_client_for: Any,
    quality_manager: Any,
    organization: Organization,
    django_assert_max_num_queries: Any,
) -> None:
    # given three events, measured once warm
    client = api_client_for(quality_manager)
    for n in range(3):
        organization_services.site_create(
            actor=quality_manager, organization=organization, data={"name": f"Site {n}"}
        )
    client.get(EVENTS)
    with CaptureQueriesContext(connection) as captured:
        client.get(EVENTS)
    budget = len(captured.captured_queries)

    # when thirty exist
    for n in range(3, 30):
        organization_services.site_create(
            actor=quality_manager, organization=organization, data={"name": f"Site {n}"}
        )

    # then the list costs the same
    with django_assert_max_num_queries(budget):
        response = client.get(EVENTS)
    assert len(response.json()["results"]) >= 30


def test_unknown_fields_are_reported_beside_the_invalid_ones(api_client_for, quality_manager):
    # given a payload with an unknown field and a wrongly typed one
    client = api_client_for(quality_manager)
    payload = {"name": "Depot", "bogus": 1, "employees": "many"}
    # when it is posted
    response = client.post("/api/v1/organizations/sites/", payload, format="json")
    # then both problems come back in one answer, and nothing was written
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "bogus": ["Unknown field."],
        "employees": ["A valid integer is required."],
    }
    assert not Site.objects.filter(name="Depot").exists()
