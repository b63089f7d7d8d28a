"""Pages of the complaint log: list with filters and export (query budget), detail,
create/edit, escalation in one step, 404 across organizations, the dashboard cards."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from qms.complaints.models import Complaint
from qms.complaints.tests.factories import ComplaintFactory
from qms.nonconformities.models import Nonconformity

LIST = reverse("complaints:complaint_list")


def test_the_log_costs_the_same_with_a_few_or_many_complaints(
    organization: Any,
    quality_manager: Any,
    client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(quality_manager)
    ComplaintFactory.create_batch(3, organization=organization, owner=quality_manager)
    client.get(LIST)  # warm caches (roles, menus)
    with django_assert_max_num_queries(12) as few:
        assert client.get(LIST).status_code == 200
    ComplaintFactory.create_batch(60, organization=organization, owner=quality_manager)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST + "?per_page=50&status=received&escalated=false")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=received", {"late", "soon", "escalated"}),
        ("channel=phone", {"soon"}),
        ("customer=northern", {"late"}),
        ("overdue=true", {"late"}),
        ("overdue=false", {"soon", "escalated"}),
        ("escalated=true", {"escalated"}),
        ("escalated=false", {"late", "soon"}),
        ("received_after=2026-03-01&received_before=2026-03-31", {"soon"}),
        ("q=wobbly", {"escalated"}),
    ],
)
def test_the_log_filters(
    query: str,
    expected: set[str],
    organization: Any,
    quality_manager: Any,
    make_complaint: Any,
    client_for: Any,
) -> None:
    today = timezone.localdate()
    make_complaint(
        customer_name="Northern Rail late",
        received_on=dt.date(2026, 1, 5),
        acknowledgement_due=dt.date(2026, 1, 6),
    )
    make_complaint(
        customer_name="Acme Retail soon",
        channel="phone",
        received_on=dt.date(2026, 3, 5),
        acknowledgement_due=today + dt.timedelta(days=3),
    )
    from qms.complaints.services import complaint_escalate

    escalated = make_complaint(
        customer_name="Delta escalated",
        description="A wobbly needle.",
        received_on=dt.date(2026, 2, 1),
        acknowledgement_due=today + dt.timedelta(days=2),
    )
    complaint_escalate(actor=quality_manager, instance=escalated)
    response = client_for(quality_manager).get(f"{LIST}?{query}")
    assert response.status_code == 200
    shown = {
        name for name in ("late", "soon", "escalated") if f"{name}</a>".encode() in response.content
    }
    assert shown == expected


def test_the_log_exports_csv_and_xlsx(
    make_complaint: Any, quality_manager: Any, employee: Any, client_for: Any
) -> None:
    complaint = make_complaint()
    csv = client_for(quality_manager).get(LIST + "?export=csv")
    assert csv.status_code == 200
    body = b"".join(csv.streaming_content) if csv.streaming else csv.content
    assert complaint.number.encode() in body
    xlsx = client_for(quality_manager).get(LIST + "?export=xlsx")
    assert xlsx.status_code == 200
    assert client_for(employee).get(LIST + "?export=csv").status_code == 403


def test_logging_a_complaint_from_the_page_sets_number_and_due_date(
    organization: Any, quality_manager: Any, client_for: Any, settings: Any
) -> None:
    settings.COMPLAINTS_ACKNOWLEDGEMENT_DAYS = 5
    client = client_for(quality_manager)
    form = client.get(reverse("complaints:complaint_add"))
    assert form.status_code == 200
    response = client.post(
        reverse("complaints:complaint_add"),
        {
            "customer_name": "Delta Instruments",
            "received_on": "2026-04-01",
            "channel": "letter",
            "description": "Late delivery of order 88.",
            "justified": "undetermined",
            "owner": quality_manager.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    complaint = Complaint.objects.for_organization(organization).get()
    assert complaint.acknowledgement_due == dt.date(2026, 4, 6)
    assert complaint.number == "CMP-2026-0001"


def test_bad_input_is_shown_beside_the_field(
    organization: Any, quality_manager: Any, client_for: Any
) -> None:
    response = client_for(quality_manager).post(
        reverse("complaints:complaint_add"),
        {
            "customer_name": "Delta",
            "received_on": "2026-04-01",
            "acknowledgement_due": "2026-03-01",
            "channel": "letter",
            "description": "x",
            "justified": "undetermined",
            "owner": quality_manager.pk,
        },
    )
    assert response.status_code == 400
    assert b"cannot be due before" in response.content
    assert not Complaint.objects.for_organization(organization).exists()


def test_escalating_from_the_page_in_one_step(
    organization: Any, quality_manager: Any, make_complaint: Any, client_for: Any
) -> None:
    complaint = make_complaint()
    client = client_for(quality_manager)
    detail = client.get(complaint.get_absolute_url())
    url = reverse("complaints:complaint_escalate", args=[complaint.pk])
    assert url.encode() in detail.content
    assert client.get(url).status_code == 200
    response = client.post(url, {"severity": "major"})
    assert response.status_code == 302
    nonconformity = Nonconformity.objects.for_organization(organization).get()
    detail = client.get(complaint.get_absolute_url())
    assert nonconformity.number.encode() in detail.content
    assert url.encode() not in detail.content
    again = client.post(url, {"severity": "major"})
    assert again.status_code == 409
    assert b"already escalated" in again.content
    assert Nonconformity.objects.for_organization(organization).count() == 1


def test_a_viewer_may_not_escalate(make_complaint: Any, viewer: Any, client_for: Any) -> None:
    complaint = make_complaint()
    url = reverse("complaints:complaint_escalate", args=[complaint.pk])
    assert client_for(viewer).get(url).status_code == 403
    assert client_for(viewer).post(url, {"severity": "minor"}).status_code == 403


def test_another_organizations_complaint_is_404(
    other_organization: Any, quality_manager: Any, client_for: Any
) -> None:
    theirs = ComplaintFactory(organization=other_organization)
    client = client_for(quality_manager)
    for name in ("complaint_detail", "complaint_edit", "complaint_escalate"):
        assert client.get(reverse(f"complaints:{name}", args=[theirs.pk])).status_code == 404
    assert (
        client.post(
            reverse("complaints:complaint_escalate", args=[theirs.pk]), {"severity": "minor"}
        ).status_code
        == 404
    )


def test_the_home_card_lists_complaints_to_acknowledge(
    make_complaint: Any, quality_manager: Any, client_for: Any
) -> None:
    late = make_complaint(
        customer_name="Late Ltd",
        received_on=dt.date(2026, 1, 2),
        acknowledgement_due=dt.date(2026, 1, 3),
    )
    response = client_for(quality_manager).get(reverse("core:dashboard"))
    assert response.status_code == 200
    assert b"Complaints to acknowledge" in response.content
    assert late.number.encode() in response.content
    assert b"Overdue since 2026-01-03" in response.content


def test_the_improvement_page_shows_complaints_per_month(
    make_complaint: Any, quality_manager: Any, client_for: Any
) -> None:
    from qms.core.dashboard import dashboard_page

    make_complaint(received_on=timezone.localdate(), channel="phone")
    if dashboard_page("improvement") is None:
        pytest.skip("the improvement dashboard page is declared by the nonconformities module")
    response = client_for(quality_manager).get(
        reverse("core:dashboard_page", kwargs={"slug": "improvement"})
    )
    assert response.status_code == 200
    assert b"Complaints per month, by channel" in response.content
