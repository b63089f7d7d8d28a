"""Pages: list (filters, export), create with bad input, detail with the pack, compile,
attendance, decisions, minutes, transitions (signed approval), PDF; tenancy 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from qms.accounts.tests.factories import PASSWORD
from qms.management_reviews.models import InputSection, ManagementReview, Output
from qms.nonconformities.tests.factories import NonconformityFactory

pytestmark = pytest.mark.django_db


def test_list_filters_and_export(make_review: Any, client_for: Any, viewer: Any) -> None:
    review = make_review()
    client = client_for(viewer)
    page = client.get("/management-reviews/?status=planned")
    assert page.status_code == 200
    assert review.number in page.content.decode()
    assert review.number not in client.get("/management-reviews/?status=held").content.decode()
    export = client.get("/management-reviews/?export=csv")
    assert export.status_code == 200
    assert review.number in b"".join(export.streaming_content).decode()


def test_create_page_and_bad_input(client_for: Any, quality_manager: Any) -> None:
    client = client_for(quality_manager)
    assert client.get("/management-reviews/add/").status_code == 200
    bad = client.post(
        "/management-reviews/add/",
        {"title": "", "planned_on": "not a date", "chair": quality_manager.pk},
    )
    assert bad.status_code == 400
    assert "planned_on" in bad.content.decode()
    good = client.post(
        "/management-reviews/add/",
        {
            "title": "Spring review",
            "planned_on": "2026-04-20",
            "chair": quality_manager.pk,
            "format": "in_person",
        },
    )
    assert good.status_code == 302
    review = ManagementReview.objects.get(title="Spring review")
    assert review.period_end == dt.date(2026, 4, 19)


def test_viewer_cannot_add(client_for: Any, viewer: Any) -> None:
    assert client_for(viewer).get("/management-reviews/add/").status_code == 403


def test_full_flow_through_the_pages(
    make_review: Any, client_for: Any, quality_manager: Any, owner: Any, organization: Any
) -> None:
    nc = NonconformityFactory(
        organization=organization, detected_on=dt.date(2026, 1, 12), source="internal_audit"
    )
    review = make_review()
    client = client_for(quality_manager)
    url = review.get_absolute_url()
    response = client.post(f"{url}transition/compile/", {"version": review.version})
    assert response.status_code == 302
    detail = client.get(url).content.decode()
    assert nc.number in detail
    assert "9.3.2 c) 4)" in detail
    assert "No data" in detail  # sections with nothing to report say so
    # attendance: bad input stays on the page with the error
    bad = client.post(f"{url}attendance/add/", {"att-role": "Chair", "att-status": "present"})
    assert bad.status_code == 400
    ok = client.post(
        f"{url}attendance/add/",
        {"att-user": quality_manager.pk, "att-role": "Chair", "att-status": "present"},
    )
    assert ok.status_code == 302
    review.refresh_from_db()
    assert client.post(f"{url}transition/hold/", {"version": review.version}).status_code == 302
    decision = client.post(
        f"{url}outputs/add/",
        {
            "out-kind": "qms_change",
            "out-decision": "Merge the two inspection procedures.",
            "out-owner": quality_manager.pk,
            "out-due_date": "2026-06-30",
        },
    )
    assert decision.status_code == 302
    assert Output.objects.filter(review=review).count() == 1
    bad_output = client.post(f"{url}outputs/add/", {"out-kind": "qms_change"})
    assert bad_output.status_code == 400
    minutes = client.post(
        f"{url}minutes/",
        {
            "held_on": "2026-03-10",
            "minutes": "## Discussion\nThe pack was reviewed.",
            "conclusion": "The QMS remains suitable, adequate and effective.",
        },
    )
    assert minutes.status_code == 302, minutes.content.decode()[:2000]
    section = InputSection.objects.get(review=review, key="resources")
    assert client.get(f"/management-reviews/sections/{section.pk}/edit/").status_code == 200
    assert (
        client.post(
            f"/management-reviews/sections/{section.pk}/edit/", {"text": "Enough people."}
        ).status_code
        == 302
    )
    review.refresh_from_db()
    owner_client = client_for(owner)
    refused = owner_client.post(
        f"{url}transition/approve/", {"version": review.version, "password": "wrong"}
    )
    assert refused.status_code in (400, 409)
    approved = owner_client.post(
        f"{url}transition/approve/",
        {"version": review.version, "password": PASSWORD, "meaning": "approved"},
    )
    assert approved.status_code == 302
    review.refresh_from_db()
    assert review.status == "minutes_approved"
    # frozen: the forms are gone and the writes refused
    assert client.get(f"{url}minutes/").status_code == 403
    assert client.post(f"{url}compile/").status_code == 302
    assert "Recompile" not in client.get(url).content.decode()


def test_tenancy_404(make_review: Any, client_for: Any, outsider: Any) -> None:
    review = make_review()
    client = client_for(outsider)
    url = review.get_absolute_url()
    for path in (url, f"{url}edit/", f"{url}minutes/", f"{url}pack.pdf"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"{url}compile/").status_code == 404


def test_stale_minutes_edit_is_refused_with_the_changes(
    make_review: Any, client_for: Any, quality_manager: Any
) -> None:
    review = make_review()
    url = f"{review.get_absolute_url()}minutes/"
    client = client_for(quality_manager)
    first = {"minutes": "First draft.", "conclusion": "", "version": review.version}
    assert client.post(url, first).status_code == 302
    stale = client.post(url, {**first, "minutes": "My own draft."})
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "Someone else saved" in body and "My own draft." in body
    review.refresh_from_db()
    assert review.minutes == "First draft."
