"""Bad input answers with the field's message (400), a frozen review with 409/403, never a
500; members without the right read but do not write."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from qms.accounts.tests.factories import PASSWORD
from qms.core.workflow import model_transition
from qms.management_reviews import services
from qms.management_reviews.models import Attendance, ManagementReview

pytestmark = pytest.mark.django_db


def test_minutes_refuse_a_future_meeting_date(
    held_review: ManagementReview, client_for: Any, quality_manager: Any
) -> None:
    client = client_for(quality_manager)
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = client.post(
        f"{held_review.get_absolute_url()}minutes/",
        {"held_on": future, "minutes": "x", "conclusion": "y"},
    )
    assert response.status_code == 400
    assert "The meeting cannot be held in the future." in response.content.decode()


def test_attendance_change_page(
    held_review: ManagementReview, client_for: Any, quality_manager: Any
) -> None:
    row = Attendance.objects.for_organization(held_review.organization).get(review=held_review)
    client = client_for(quality_manager)
    url = reverse("management_reviews:attendance_edit", args=[row.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"role": "", "status": "present"}).status_code == 400
    assert client.post(url, {"role": "Chair", "status": "apologies"}).status_code == 302
    row.refresh_from_db()
    assert (row.role, row.status) == ("Chair", "apologies")


def test_viewer_reads_the_review_without_forms(
    held_review: ManagementReview, client_for: Any, viewer: Any
) -> None:
    client = client_for(viewer)
    page = client.get(held_review.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert "Record a decision" not in body and "Add a person" not in body
    assert client.post(f"{held_review.get_absolute_url()}compile/").status_code == 403
    assert client.get(f"{held_review.get_absolute_url()}minutes/").status_code == 403
    assert client.get(f"{held_review.get_absolute_url()}pack.pdf").status_code == 200


def test_api_refuses_changes_to_an_approved_review(
    held_review: ManagementReview, quality_manager: Any, api_client_for: Any
) -> None:
    services.minutes_update(
        actor=quality_manager,
        instance=held_review,
        data={"minutes": "Minutes.", "conclusion": "Effective."},
    )
    model_transition(
        actor=quality_manager, instance=held_review, transition="approve", password=PASSWORD
    )
    client = api_client_for(quality_manager)
    detail = reverse("api:management_reviews-managementreview-detail", args=[held_review.pk])
    assert client.patch(detail, {"title": "Changed"}).status_code == 409
    outputs = reverse("api:management_reviews-managementreview-outputs", args=[held_review.pk])
    refused = client.post(
        outputs,
        {
            "kind": "improvement",
            "decision": "Too late.",
            "owner": quality_manager.pk,
            "due_date": "2026-12-31",
        },
    )
    assert refused.status_code == 409
