"""The actions API: filters, create from an origin (validated, tenant-checked), update,
transitions, and the list's query budget."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from qms.actions.models import Action
from qms.core.audit import AuditEvent
from qms.organizations.tests.factories import ProcessFactory, SiteFactory

URL = "/api/v1/actions/"


def _due(days: int = 5) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def _ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_the_list_filters_by_owner_me_overdue_and_origin(
    api_client_for: Any,
    organization: Any,
    employee: Any,
    quality_manager: Any,
    make_action: Callable[..., Action],
) -> None:
    process = ProcessFactory(organization=organization)
    late = make_action(owner=employee, days=-3)
    from_process = make_action(owner=quality_manager, origin=process, kind="corrective")
    client = api_client_for(employee)

    assert _ids(client.get(URL, {"owner": "me"})) == [late.pk]
    assert _ids(client.get(URL, {"overdue": "true"})) == [late.pk]
    origin = {"origin_type": "organizations.process", "origin_id": process.pk}
    assert _ids(client.get(URL, origin)) == [from_process.pk]
    assert _ids(client.get(URL, {"kind": "corrective", "status": "open"})) == [from_process.pk]
    row = client.get(URL, origin).json()["results"][0]
    assert row["origin_app_label"] == "organizations"
    assert row["origin_model"] == "process"
    assert row["number"] == from_process.number


@pytest.mark.parametrize(
    "params",
    [
        {"origin_type": "nope.nothing"},
        {"overdue": "maybe"},
        {"owner": "someone"},
        {"due_before": "yesterday"},
        {"status": "finished"},
    ],
)
def test_a_bad_filter_is_a_400(api_client_for: Any, employee: Any, params: dict[str, str]) -> None:
    assert api_client_for(employee).get(URL, params).status_code == 400


def test_create_from_an_origin_and_read_it_back(
    api_client_for: Any, organization: Any, quality_manager: Any, employee: Any
) -> None:
    process = ProcessFactory(organization=organization)

    response = api_client_for(quality_manager).post(
        URL,
        {
            "title": "Fix the jig",
            "owner": employee.pk,
            "due_date": _due(),
            "kind": "corrective",
            "origin_type": "organizations.process",
            "origin_id": process.pk,
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"].startswith("ACT-")
    assert body["origin_id"] == process.pk
    assert body["origin_label"] == str(process)
    assert response["ETag"] == '"1"'


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"origin_type": "organizations.process"}, "origin_id"),
        ({"origin_type": "organizations.site", "origin_id": "THEIRS"}, "origin_id"),
        ({"origin_type": "bogus", "origin_id": 1}, "origin_type"),
        ({"due_date": "2026-02-30"}, "due_date"),
        ({"priority": "whenever"}, "priority"),
        ({"status": "done"}, "status"),
        ({"owner": "OUTSIDER"}, "owner"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(
    api_client_for: Any,
    organization: Any,
    other_organization: Any,
    quality_manager: Any,
    employee: Any,
    outsider: Any,
    extra: dict[str, Any],
    field: str,
) -> None:
    theirs = SiteFactory(organization=other_organization)
    payload = {"title": "x", "owner": employee.pk, "due_date": _due(), **extra}
    if payload.get("origin_id") == "THEIRS":
        payload["origin_id"] = theirs.pk
    if payload.get("owner") == "OUTSIDER":
        payload["owner"] = outsider.pk
    client = api_client_for(quality_manager)
    events = AuditEvent.objects.count()

    response = client.post(URL, payload, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not Action.objects.for_organization(organization).exists()
    assert AuditEvent.objects.count() == events


def test_roles_that_may_not_add_are_refused(
    api_client_for: Any, employee: Any, viewer: Any
) -> None:
    payload = {"title": "x", "owner": employee.pk, "due_date": _due()}
    assert api_client_for(viewer).post(URL, payload, format="json").status_code == 403
    assert api_client_for(employee).post(URL, payload, format="json").status_code == 403


def test_update_and_transitions(
    api_client_for: Any,
    quality_manager: Any,
    employee: Any,
    process_owner: Any,
    make_action: Callable[..., Action],
) -> None:
    action = make_action(owner=employee)
    detail = f"{URL}{action.pk}/"
    manager = api_client_for(quality_manager)

    moved = manager.patch(detail, {"owner": process_owner.pk, "version": 1}, format="json")
    stale = manager.patch(detail, {"title": "x", "version": 1}, format="json")
    by_owner = api_client_for(process_owner).post(
        f"{detail}transitions/complete/", {"reason": "Done and checked"}, format="json"
    )
    by_other = api_client_for(employee).post(
        f"{detail}transitions/reopen/", {"reason": "no"}, format="json"
    )

    assert moved.status_code == 200
    assert stale.status_code == 409
    assert by_owner.status_code == 200, by_owner.content
    assert by_owner.json()["status"] == "done"
    assert by_owner.json()["completion_note"] == "Done and checked"
    assert by_other.status_code in (403, 404)
    assert api_client_for(quality_manager).delete(detail).status_code == 405


def test_another_organizations_action_is_404(
    api_client_for: Any, outsider: Any, employee: Any, make_action: Callable[..., Action]
) -> None:
    action = make_action(owner=employee)
    client = api_client_for(outsider)
    assert client.get(f"{URL}{action.pk}/").status_code == 404
    assert client.patch(f"{URL}{action.pk}/", {"title": "x"}, format="json").status_code == 404
    assert _ids(client.get(URL)) == []


@pytest.mark.parametrize(
    "params", ["", "?owner=me&overdue=true", "?origin_type=organizations.process"]
)
def test_the_list_issues_no_query_per_row(
    params: str,
    api_client_for: Any,
    organization: Any,
    employee: Any,
    make_action: Callable[..., Action],
    django_assert_max_num_queries: Any,
) -> None:
    process = ProcessFactory(organization=organization)
    client = api_client_for(employee)
    url = URL + params
    for days in (-1, 2, 9):
        make_action(owner=employee, days=days, origin=process)
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)

    for days in range(-10, 20):
        make_action(owner=employee, days=days, origin=process)

    with django_assert_max_num_queries(len(first)):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "payload",
    [
        {"status": "done"},
        {"number": "ACT-1999-0001"},
        {"origin_id": 1},
        {"completed_by": 1},
        {"completion_note": "sneaky"},
        {"cycle": 9},
        {"created_by": 1},
    ],
)
def test_workflow_and_bookkeeping_fields_cannot_be_written(
    api_client_for: Any,
    quality_manager: Any,
    employee: Any,
    make_action: Callable[..., Action],
    payload: dict[str, Any],
) -> None:
    action = make_action(owner=employee)
    client = api_client_for(quality_manager)

    response = client.patch(f"{URL}{action.pk}/", payload, format="json")

    assert response.status_code == 400, response.content
    stored = Action.objects.for_organization(action.organization_id).get(pk=action.pk)
    assert (stored.status, stored.number, stored.version) == ("open", action.number, 1)


def test_a_deactivated_owner_is_a_400_beside_the_owner(
    api_client_for: Any,
    quality_manager: Any,
    employee: Any,
    viewer: Any,
    make_action: Callable[..., Action],
) -> None:
    action = make_action(owner=employee)
    viewer.is_active = False
    viewer.save()
    client = api_client_for(quality_manager)

    response = client.patch(f"{URL}{action.pk}/", {"owner": viewer.pk}, format="json")

    assert response.status_code == 400, response.content
    assert "owner" in response.json()["errors"]
