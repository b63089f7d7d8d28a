"""The applications and transfer-reviews API: create and change with field errors on bad
input (negative personnel, a reduction without justification, a site of another client, an
unknown IAF code, another organization's site), the workflow as transition actions, the
pre-transfer review, and query budgets on the lists."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from qms.certification.clients import services
from qms.certification.models import Application
from qms.certification.tests.factories import (
    ApplicationFactory,
    ClientFactory,
    ClientSiteFactory,
)

from .test_clients_fixtures import World, application_data, cb_world

pytestmark = pytest.mark.django_db

LIST = "api:certification-application-list"


@pytest.fixture
def world(organization: Any) -> World:
    return cb_world(organization)


def _body(world: World, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "client": world.client.pk,
        "type": "initial",
        "received_on": "2026-01-15",
        "editions": [world.edition.pk],
        "iaf_codes": [world.code17.pk],
        "scope": "Pressure gauges.",
        "sites": [world.site.pk],
        "full_time": 58,
        "shifts": 2,
        "part_time": 10,
        "part_time_hours": "20.00",
        "seasonal": 4,
    }
    body.update(changes)
    return body


def test_an_application_is_created_and_read_with_its_enp(world: World, api_client_for: Any) -> None:
    api = api_client_for(world.manager)
    response = api.post(reverse(LIST), _body(world), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"].startswith("APP-")
    assert body["status"] == "received"
    detail = api.get(reverse("api:certification-application-detail", args=[body["id"]]))
    assert detail.json()["effective_personnel"] == "67"
    assert detail["ETag"] == f'"{body["version"]}"'


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"full_time": -1}, "full_time"),
        ({"seasonal": -4}, "seasonal"),
        ({"repetitive_reduction": "3"}, "repetitive_reduction_justification"),
        ({"non_accredited": True}, "non_accredited_reason"),
        ({"iaf_codes": [999999]}, "iaf_codes"),
        ({"editions": []}, "editions"),
        ({"type": "merger"}, "type"),
        ({"status": "accepted"}, "status"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_is_a_400_beside_the_field(
    world: World, api_client_for: Any, changes: dict[str, Any], field: str
) -> None:
    response = api_client_for(world.manager).post(
        reverse(LIST), _body(world, **changes), format="json"
    )
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert not Application.objects.filter(organization=world.organization).exists()


def test_a_site_of_another_client_or_organization_is_refused(
    world: World, api_client_for: Any, other_organization: Any
) -> None:
    api = api_client_for(world.manager)
    response = api.post(reverse(LIST), _body(world, sites=[world.other_site.pk]), format="json")
    assert response.status_code == 400
    assert "Not a site of this client: Yard" in response.json()["errors"]["sites"][0]
    theirs = ClientSiteFactory(organization=other_organization)
    response = api.post(reverse(LIST), _body(world, sites=[theirs.pk]), format="json")
    assert response.status_code == 400
    assert "sites" in response.json()["errors"]


def test_the_workflow_runs_through_transition_actions(world: World, api_client_for: Any) -> None:
    application = services.application_create(
        actor=world.manager, organization=world.organization, data=application_data(world)
    )
    api = api_client_for(world.reviewer)

    def step(name: str, **body: Any) -> Any:
        url = reverse("api:certification-application-transition", args=[application.pk, name])
        return api.post(url, body, format="json")

    reviewed = step("review")
    assert reviewed.status_code == 200, reviewed.json()
    assert reviewed.json()["competence_check"]["can_cover"] is True
    assert reviewed.json()["reviewer"] == world.reviewer.pk
    refused = step("decline")
    assert refused.status_code == 409
    assert "reason" in refused.json()["errors"]
    accepted = step("accept")
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    # a certification auditor may read but not decide
    other = services.application_create(
        actor=world.manager, organization=world.organization, data=application_data(world)
    )
    url = reverse("api:certification-application-transition", args=[other.pk, "review"])
    assert api_client_for(world.auditor).post(url, {}, format="json").status_code == 403


def test_an_out_of_scope_acceptance_is_a_409_listing_the_problems(
    world: World, api_client_for: Any
) -> None:
    application = services.application_create(
        actor=world.manager,
        organization=world.organization,
        data=application_data(world, iaf_codes=[world.code28]),
    )
    services.application_review(actor=world.reviewer, instance=application)
    url = reverse("api:certification-application-transition", args=[application.pk, "accept"])
    response = api_client_for(world.reviewer).post(url, {}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "transition_refused"
    assert "(1)" in body["message"] and "(2)" in body["message"]


def test_a_decided_application_is_not_changed(world: World, api_client_for: Any) -> None:
    application = services.application_create(
        actor=world.manager, organization=world.organization, data=application_data(world)
    )
    services.application_withdraw(actor=world.manager, instance=application, reason="Gone.")
    url = reverse("api:certification-application-detail", args=[application.pk])
    response = api_client_for(world.manager).patch(url, {"scope": "More."}, format="json")
    assert response.status_code == 409


def test_the_pre_transfer_review_through_the_api(world: World, api_client_for: Any) -> None:
    application = services.application_create(
        actor=world.manager,
        organization=world.organization,
        data=application_data(world, type="transfer"),
    )
    api = api_client_for(world.reviewer)
    url = reverse("api:certification-transferreview-list")
    body = {
        "application": application.pk,
        "issuing_body": "Other Certification Ltd",
        "issuing_accreditation_body": "UKAS",
        "certificate_number": "OC-1",
        "certificate_expiry": "2099-06-30",
        "reason": "Better service.",
        "checklist": {"scope": {"done": True, "finding": "Inside."}},
    }
    bad = api.post(url, {**body, "checklist": {"colour": {"done": True}}}, format="json")
    assert bad.status_code == 400
    assert "checklist" in bad.json()["errors"]
    created = api.post(url, body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["reviewer"] == world.reviewer.pk
    assert created.json()["checklist"]["scope"] == {"done": True, "finding": "Inside."}
    again = api.post(url, body, format="json")
    assert again.status_code == 400
    detail = reverse("api:certification-transferreview-detail", args=[created.json()["id"]])
    changed = api.patch(detail, {"open_major_ncs": 1}, format="json")
    assert changed.status_code == 200
    assert changed.json()["open_major_ncs"] == 1
    initial = services.application_create(
        actor=world.manager, organization=world.organization, data=application_data(world)
    )
    not_transfer = api.post(url, {**body, "application": initial.pk}, format="json")
    assert not_transfer.status_code == 400
    assert "application" in not_transfer.json()["errors"]


@pytest.mark.parametrize("rows", [3, 30])
def test_the_application_list_costs_the_same_for_few_and_many(
    world: World, api_client_for: Any, django_assert_max_num_queries: Any, rows: int
) -> None:
    for _ in range(rows):
        ApplicationFactory(
            organization=world.organization, client=ClientFactory(organization=world.organization)
        )
    api = api_client_for(world.manager)
    with django_assert_max_num_queries(10):
        response = api.get(reverse(LIST), {"status": "received", "type": "initial"})
    assert response.status_code == 200
    assert len(response.json()["results"]) == rows
