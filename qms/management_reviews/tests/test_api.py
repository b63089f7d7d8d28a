"""The management review API: create with field errors, compile, attendance, outputs
(actions), section text, transitions with the signature, no delete, tenancy 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from qms.accounts.tests.factories import PASSWORD
from qms.actions.models import Action

pytestmark = pytest.mark.django_db

LIST = "api:management_reviews-managementreview-list"


def _url(name: str, *args: Any) -> str:
    return reverse(f"api:management_reviews-managementreview-{name}", args=args)


def test_review_lifecycle_through_the_api(
    organization: Any, quality_manager: Any, owner: Any, api_client_for: Any
) -> None:
    client = api_client_for(quality_manager)
    bad = client.post(reverse(LIST), {"title": "", "planned_on": "soon"})
    assert bad.status_code == 400
    assert {"title", "planned_on", "chair"} <= set(bad.json()["errors"])
    created = client.post(
        reverse(LIST),
        {"title": "Annual review", "planned_on": "2026-03-10", "chair": quality_manager.pk},
    )
    assert created.status_code == 201, created.content
    review = created.json()
    pk = review["id"]
    assert review["number"] == "MR-2026-01" and review["status"] == "planned"
    assert review["period_start"] == "2025-03-10"
    assert client.delete(_url("detail", pk)).status_code == 405
    # the first compile is the workflow step; later ones recompile
    assert client.post(_url("compile-pack", pk)).json()["status"] == "pack_compiled"
    assert client.post(_url("compile-pack", pk)).status_code == 200
    sections = client.get(_url("sections", pk)).json()
    assert len(sections) == 12 and sections[0]["clause"] == "9.3.2 a)"
    text = client.post(_url("section-text", pk), {"key": "resources", "text": "Enough staff."})
    assert text.status_code == 200 and not text.json()["no_data"]
    assert client.post(_url("section-text", pk), {"key": "nope", "text": ""}).status_code == 400
    bad_att = client.post(_url("attendance", pk), {"role": "Chair", "user": 999999})
    assert bad_att.status_code == 400 and "user" in bad_att.json()["errors"]
    both = client.post(_url("attendance", pk), {"role": "Chair"})
    assert both.status_code == 400 and "name" in both.json()["errors"]
    att = client.post(_url("attendance", pk), {"role": "Chair", "user": quality_manager.pk})
    assert att.status_code == 201, att.content
    assert len(client.get(_url("attendance", pk)).json()) == 1
    held = client.post(_url("transition", pk, "hold"), {})
    assert held.status_code == 200, held.content
    bad_out = client.post(_url("outputs", pk), {"kind": "wish", "decision": ""})
    assert bad_out.status_code == 400
    assert {"kind", "decision", "owner", "due_date"} <= set(bad_out.json()["errors"])
    out = client.post(
        _url("outputs", pk),
        {
            "kind": "resource_need",
            "decision": "A second CMM operator.",
            "owner": quality_manager.pk,
            "due_date": "2026-09-30",
        },
    )
    assert out.status_code == 201, out.content
    assert Action.objects.get(number=out.json()["action_number"]).owner == quality_manager
    patched = client.patch(_url("detail", pk), {"location": "Board room"})
    assert patched.status_code == 200
    owner_client = api_client_for(owner)
    refused = owner_client.post(_url("transition", pk, "approve"), {"password": PASSWORD})
    assert refused.status_code == 409  # no minutes yet
    from qms.management_reviews import services
    from qms.management_reviews.models import ManagementReview

    services.minutes_update(
        actor=quality_manager,
        instance=ManagementReview.objects.for_organization(organization).get(pk=pk),
        data={"minutes": "Minutes.", "conclusion": "Effective."},
    )
    approved = owner_client.post(_url("transition", pk, "approve"), {"password": PASSWORD})
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "minutes_approved"
    assert client.post(_url("compile-pack", pk)).status_code == 409  # frozen


def test_members_read_only_and_outsiders_404(
    make_review: Any, employee: Any, outsider: Any, api_client_for: Any
) -> None:
    review = make_review()
    reader = api_client_for(employee)
    assert reader.get(reverse(LIST)).status_code == 200
    assert reader.get(_url("detail", review.pk)).status_code == 200
    assert reader.post(_url("compile-pack", review.pk)).status_code == 403
    assert reader.post(_url("attendance", review.pk), {"role": "x", "name": "y"}).status_code == 403
    stranger = api_client_for(outsider)
    assert stranger.get(_url("detail", review.pk)).status_code == 404
    assert stranger.post(_url("compile-pack", review.pk)).status_code == 404
