"""The context API: create and edit with field errors, transitions, the signed climate
decision, requirements naming their party, scope publish, query budgets on lists."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from qms.accounts.tests.factories import PASSWORD
from qms.context.models import ContextIssue
from qms.context.tests.factories import (
    ContextIssueFactory,
    InterestedPartyFactory,
    InterestedPartyRequirementFactory,
)

pytestmark = pytest.mark.django_db


def test_issues_are_created_edited_reviewed_and_never_deleted(
    organization: Any, quality_manager: Any, api_client_for: Any
) -> None:
    client = api_client_for(quality_manager)
    url = reverse("api:context-contextissue-list")
    bad = client.post(url, {"title": "", "origin": "sideways", "category": "threat"})
    assert bad.status_code == 400
    assert {"title", "origin"} <= set(bad.json()["errors"])
    assert not ContextIssue.objects.for_organization(organization).exists()
    created = client.post(
        url,
        {
            "title": "Energy prices",
            "origin": "external",
            "category": "threat",
            "pestle": "economic",
        },
    )
    assert created.status_code == 201, created.content
    issue = created.json()
    assert issue["status"] == "current" and issue["next_review_on"]
    detail = reverse("api:context-contextissue-detail", args=[issue["id"]])
    patched = client.patch(detail, {"effect": "Margins shrink."})
    assert patched.status_code == 200 and patched.json()["effect"] == "Margins shrink."
    assert client.delete(detail).status_code == 405
    step = reverse("api:context-contextissue-transition", args=[issue["id"], "review"])
    assert client.post(step, {}).status_code == 409  # the note is required
    reviewed = client.post(step, {"reason": "Still holds."})
    assert reviewed.status_code == 200 and reviewed.json()["last_reviewed_on"]


def test_an_employee_reads_but_does_not_write(employee: Any, api_client_for: Any) -> None:
    client = api_client_for(employee)
    url = reverse("api:context-interestedparty-list")
    assert client.get(url).status_code == 200
    assert client.post(url, {"name": "Someone", "party_type": "other"}).status_code == 403


def test_requirements_name_a_party_of_the_organization(
    organization: Any, other_organization: Any, quality_manager: Any, api_client_for: Any
) -> None:
    ours = InterestedPartyFactory(organization=organization)
    theirs = InterestedPartyFactory(organization=other_organization)
    client = api_client_for(quality_manager)
    url = reverse("api:context-interestedpartyrequirement-list")
    refused = client.post(url, {"party": theirs.pk, "requirement": "x"})
    assert refused.status_code == 400 and "party" in refused.json()["errors"]
    created = client.post(url, {"party": ours.pk, "requirement": "Certificates"})
    assert created.status_code == 201, created.content
    assert created.json()["party_name"] == ours.name


def test_the_climate_decision_is_signed_through_the_api(
    quality_manager: Any, api_client_for: Any
) -> None:
    client = api_client_for(quality_manager)
    url = reverse("api:context-climatedecision-list")
    body = {"relevant": True, "rationale": "Heat at the works."}
    assert client.post(url, {**body, "password": "wrong"}).status_code == 409
    created = client.post(url, {**body, "password": PASSWORD})
    assert created.status_code == 201, created.content
    assert created.json()["relevant"] is True
    assert "password" not in created.json()
    assert len(client.get(url).json()["results"]) == 1


def test_scope_create_and_publish(quality_manager: Any, api_client_for: Any) -> None:
    client = api_client_for(quality_manager)
    created = client.post(reverse("api:context-qmsscope-list"), {"statement": "Gauges."})
    assert created.status_code == 201, created.content
    again = client.post(reverse("api:context-qmsscope-list"), {"statement": "Twice."})
    assert again.status_code == 409
    publish = reverse("api:context-qmsscope-publish", args=[created.json()["id"]])
    assert client.post(publish, {}).status_code == 400
    published = client.post(publish, {"change_summary": "First issue."})
    assert published.status_code == 201, published.content
    assert published.json()["revision_number"] == 1


@pytest.mark.parametrize(
    ("route", "factory"),
    [
        ("api:context-contextissue-list", ContextIssueFactory),
        ("api:context-interestedparty-list", InterestedPartyFactory),
        ("api:context-interestedpartyrequirement-list", InterestedPartyRequirementFactory),
    ],
)
def test_api_lists_stay_within_a_query_budget(
    route: str,
    factory: Any,
    organization: Any,
    quality_manager: Any,
    api_client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    owned = {} if factory is InterestedPartyRequirementFactory else {"owner": quality_manager}
    for _ in range(30):
        factory(organization=organization, **owned)
    client = api_client_for(quality_manager)
    with django_assert_max_num_queries(8):
        response = client.get(reverse(route), {"page_size": 50})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 30
