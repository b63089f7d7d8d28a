"""/api/v1/complaints/: list (query budget, filters), create (400 with field errors),
edit, transitions, escalate (201 once, then 409), no delete, 404 across organizations."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from qms.complaints.models import Complaint
from qms.complaints.tests.factories import ComplaintFactory
from qms.nonconformities.models import Nonconformity

LIST = reverse("api:complaints-complaint-list")


def detail(complaint: Complaint) -> str:
    return reverse("api:complaints-complaint-detail", args=[complaint.pk])


def test_the_list_costs_the_same_with_a_few_or_many(
    organization: Any,
    quality_manager: Any,
    api_client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    api = api_client_for(quality_manager)
    ComplaintFactory.create_batch(3, organization=organization, owner=quality_manager)
    api.get(LIST)
    with django_assert_max_num_queries(10) as few:
        assert api.get(LIST).status_code == 200
    ComplaintFactory.create_batch(60, organization=organization, owner=quality_manager)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = api.get(LIST + "?page_size=50&status=received&overdue=false")
    assert response.status_code == 200


def test_create_and_read(organization: Any, quality_manager: Any, api_client_for: Any) -> None:
    api = api_client_for(quality_manager)
    response = api.post(
        LIST,
        {
            "customer_name": "Acme Retail",
            "received_on": "2026-05-04",
            "channel": "web_form",
            "description": "Wrong thread on 20 fittings.",
            "owner": quality_manager.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"] == "CMP-2026-0001"
    assert body["status"] == "received"
    assert body["acknowledgement_due"] is not None
    assert body["nonconformity"] is None


def test_bad_input_is_a_400_with_field_errors_and_writes_nothing(
    organization: Any, quality_manager: Any, api_client_for: Any
) -> None:
    api = api_client_for(quality_manager)
    response = api.post(
        LIST,
        {"customer_name": "", "received_on": "yesterday", "channel": "fax", "status": "closed"},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"customer_name", "received_on", "channel"} <= set(errors)
    assert not Complaint.objects.for_organization(organization).exists()


def test_transitions_and_escalation(
    organization: Any, quality_manager: Any, make_complaint: Any, api_client_for: Any
) -> None:
    api = api_client_for(quality_manager)
    complaint = make_complaint()
    refused = api.post(
        reverse("api:complaints-complaint-transition", args=[complaint.pk, "acknowledge"]),
        {},
        format="json",
    )
    assert refused.status_code == 409
    assert "Enter the date you acknowledged" in refused.json()["message"]
    patched = api.patch(
        detail(complaint), {"acknowledged_on": timezone.localdate().isoformat()}, format="json"
    )
    assert patched.status_code == 200
    done = api.post(
        reverse("api:complaints-complaint-transition", args=[complaint.pk, "acknowledge"]),
        {},
        format="json",
    )
    assert done.status_code == 200
    escalate = reverse("api:complaints-complaint-escalate", args=[complaint.pk])
    first = api.post(escalate, {"severity": "observation"}, format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["complaint"]["nonconformity_number"] == first.json()["nonconformity_number"]
    second = api.post(escalate, {}, format="json")
    assert second.status_code == 409
    assert "already escalated" in second.json()["message"]
    assert Nonconformity.objects.for_organization(organization).count() == 1


def test_escalate_refuses_bad_input(
    organization: Any, quality_manager: Any, make_complaint: Any, api_client_for: Any
) -> None:
    api = api_client_for(quality_manager)
    complaint = make_complaint()
    escalate = reverse("api:complaints-complaint-escalate", args=[complaint.pk])
    for body in ({"severity": "huge"}, {"process": 999999}, {"colour": "red"}):
        assert api.post(escalate, body, format="json").status_code == 400
    assert not Nonconformity.objects.for_organization(organization).exists()


def test_complaints_are_never_deleted(make_complaint: Any, owner: Any, api_client_for: Any) -> None:
    complaint = make_complaint()
    assert api_client_for(owner).delete(detail(complaint)).status_code == 405


def test_another_organizations_complaint_is_404(
    other_organization: Any, quality_manager: Any, api_client_for: Any
) -> None:
    theirs = ComplaintFactory(organization=other_organization)
    api = api_client_for(quality_manager)
    assert api.get(detail(theirs)).status_code == 404
    assert api.patch(detail(theirs), {"reference": "x"}, format="json").status_code == 404
    escalate = reverse("api:complaints-complaint-escalate", args=[theirs.pk])
    assert api.post(escalate, {}, format="json").status_code == 404
    assert theirs.pk not in [row["id"] for row in api.get(LIST).json()["results"]]
