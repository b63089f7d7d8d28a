"""The API list's fast filter path (qms.core.api.lists.fast_filter) against django-filter's:
the same rows and the same 400 errors for every combination of simple and other filters;
the API detail with the NC's actions and history, one query each."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qms.actions.services import action_create
from qms.core.api import lists
from qms.core.tests.helpers_fast_filters import assert_same_answers
from qms.nonconformities.filtersets import NonconformityFilterSet
from qms.organizations.tests.factories import ProcessFactory

from .factories import NonconformityFactory

pytestmark = pytest.mark.django_db

NCS = reverse("api:nonconformities-nonconformity-list")

QUERIES: list[dict[str, Any]] = [
    {"severity": "major"},
    {"severity": "major", "state": "open", "page_size": "50"},
    {"state": "closed"},
    {"state": "open", "status": "reported", "source": "supplier"},
    {"verification": "overdue"},
    {"severity": ""},
    {"severity": "major", "unknown": "x", "ordering": "-number"},
    {"severity": ["minor", "major"]},  # repeated: the form reads the last value
    {"severity": "MAJOR"},  # 400
    {"severity": " major"},  # 400
    {"state": "ajar"},  # 400
    {"severity": "major", "status": "nope"},  # 400
    {"severity": "major", "state": "x\x00"},  # 400
    {"severity": "major", "detected_after": "2026-03-01"},  # a date: django-filter's path
    {"severity": "major", "detected_after": "not a date"},  # 400 from django-filter
    {"severity": "major", "q": "bore"},
    {"state": "null"},  # no null choice: 400
]


@pytest.fixture
def register(organization: Any, employee: Any) -> None:
    process = ProcessFactory(organization=organization)
    statuses = ("reported", "contained", "planned", "verified", "closed")
    for n in range(15):
        NonconformityFactory(
            organization=organization,
            severity=("major", "minor", "observation")[n % 3],
            status=statuses[n % 5],
            source=("supplier", "internal_audit")[n % 2],
            process=process if n % 2 else None,
            detected_on=dt.date(2026, 1, 1) + dt.timedelta(days=7 * n),
            verification_due=dt.date(2026, 1, 1) if n % 4 == 0 else None,
        )


def test_the_simple_filters_are_the_choice_filters_without_their_filterset() -> None:
    simple = lists.simple_filters_of(NonconformityFilterSet)
    assert list(simple) == ["status", "severity", "source", "state", "verification"]
    assert simple["state"].method == "filter_state"


@pytest.mark.parametrize("params", QUERIES, ids=[str(query) for query in QUERIES])
def test_the_fast_path_answers_as_django_filter_does(
    register: None, api_client_for: Any, employee: Any, params: dict[str, Any], monkeypatch: Any
) -> None:
    assert_same_answers(api_client_for(employee), NCS, params, monkeypatch)


def test_the_benchmarked_page_takes_the_fast_path(
    register: None, api_client_for: Any, employee: Any, monkeypatch: Any
) -> None:
    def no_filterset(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the FilterSet was built")

    monkeypatch.setattr(NonconformityFilterSet, "__init__", no_filterset)
    response = api_client_for(employee).get(
        NCS, {"severity": "major", "state": "open", "page_size": "50"}
    )
    assert response.status_code == 200
    rows = response.json()["results"]
    assert rows and all(row["severity"] == "major" and row["status"] != "closed" for row in rows)


# --- The API detail: actions and history ------------------------------------------------------


def test_the_api_detail_carries_the_actions_and_the_history_in_one_query_each(
    api_client_for: Any, quality_manager: Any, employee: Any, organization: Any
) -> None:
    client = api_client_for(quality_manager)
    created = client.post(
        NCS,
        {
            "title": "Scratched housings",
            "description": "Found at final inspection.",
            "source": "product_inspection",
            "severity": "major",
            "detected_on": "2026-06-01",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    nc_id = created.json()["id"]
    assert created.json()["actions"] == [] and created.json()["history"]
    url = reverse("api:nonconformities-nonconformity-detail", args=[nc_id])
    from qms.nonconformities.models import Nonconformity

    nc = Nonconformity.objects.for_organization(organization).get(pk=nc_id)
    patched = client.patch(
        url, {"containment": "Parts quarantined.", "correction": "Reworked."}, format="json"
    )
    assert patched.status_code == 200, patched.json()
    step = client.post(f"{url}transitions/record_containment/", {"reason": "Done today."})
    assert step.status_code == 200, step.json()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(4):
        action_create(
            actor=quality_manager,
            organization=organization,
            data={
                "title": f"Fix {n}",
                "owner": employee,
                "due_date": dt.date(2026, 7, 1) + dt.timedelta(days=n),
            },
            origin=nc,
            kind="corrective" if n % 2 else "correction",
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(many) == len(few)  # no query per action or event
    data = response.json()
    assert [row["title"] for row in data["actions"]] == ["Fix 0", "Fix 1", "Fix 2", "Fix 3"]
    first = data["actions"][0]
    assert set(first) == {
        "id",
        "number",
        "title",
        "kind",
        "cycle",
        "owner",
        "owner_email",
        "due_date",
        "status",
        "is_overdue",
    }
    assert first["kind"] == "correction" and first["owner"] == employee.pk
    assert first["due_date"] == "2026-07-01" and first["status"] == "open"
    assert first["owner_email"] == employee.email and first["cycle"] == 1
    history = data["history"]
    assert history[-1]["event_type"] == "nonconformity.created"
    assert [event["id"] for event in history] == sorted(
        (event["id"] for event in history), reverse=True
    )  # newest first
    step_event = history[0]
    assert step_event["transition"] == "record_containment"
    assert step_event["reason"] == "Done today."
    assert step_event["actor"] == quality_manager.email
    assert history[1]["event_type"] == "nonconformity.updated"
    assert history[1]["transition"] is None
    assert all(
        set(event) == {"id", "event_type", "actor", "created_at", "transition", "reason"}
        for event in history
    )
    rows = client.get(NCS).json()["results"]
    assert "actions" not in rows[0] and "history" not in rows[0]  # the list row stays narrow


def test_the_api_detail_of_another_organization_is_404(
    api_client_for: Any, outsider: Any, organization: Any
) -> None:
    nc = NonconformityFactory(organization=organization)
    url = reverse("api:nonconformities-nonconformity-detail", args=[nc.pk])
    assert api_client_for(outsider).get(url).status_code == 404


def test_the_api_detail_writes_what_its_documented_serializer_writes(
    organization: Any, quality_manager: Any, employee: Any
) -> None:
    import json
    from decimal import Decimal

    from django.utils import timezone

    from qms.nonconformities.api.serializers import NonconformityDetailSerializer
    from qms.nonconformities.api.views import detail_representation
    from qms.nonconformities.selectors import actions_summary_of, history_of

    nc = NonconformityFactory(
        organization=organization,
        process=ProcessFactory(organization=organization),
        owner=employee,
        reported_by=quality_manager,
        closed_by=quality_manager,
        closed_at=timezone.now(),
        quantity_affected=Decimal("2.5"),
        quantity_unit="kg",
        verification_due=dt.date(2026, 8, 1),
    )
    action_create(
        actor=quality_manager,
        organization=organization,
        data={"title": "Fix", "owner": employee, "due_date": dt.date(2020, 1, 1)},
        origin=nc,
        kind="corrective",
    )
    fast = json.loads(json.dumps(detail_representation(nc)))
    nc.detail_actions = actions_summary_of(nonconformity=nc)
    nc.detail_history = history_of(nonconformity=nc)
    documented = json.loads(json.dumps(NonconformityDetailSerializer(nc).data))
    assert fast == documented
    assert list(fast) == list(documented)
    assert fast["actions"][0]["is_overdue"] is True
