"""The complaint workflow: received → acknowledged → responded → closed, reopen with a
reason. Each guard refuses with its reason and writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from qms.complaints import services
from qms.complaints.models import Complaint
from qms.core.audit import AuditEvent
from qms.core.errors import TransitionRefused
from qms.core.workflow import model_transition


def stored(complaint: Complaint) -> Complaint:
    return Complaint.objects.for_organization(complaint.organization_id).get(pk=complaint.pk)


def edit(actor: Any, complaint: Complaint, **data: Any) -> Complaint:
    return services.complaint_update(actor=actor, instance=complaint, data=data)


def test_acknowledging_without_a_date_is_refused_and_changes_nothing(
    make_complaint: Any, quality_manager: Any
) -> None:
    complaint = make_complaint()
    events = AuditEvent.objects.for_subject(complaint).count()
    with pytest.raises(TransitionRefused, match="Enter the date you acknowledged"):
        model_transition(actor=quality_manager, instance=complaint, transition="acknowledge")
    assert stored(complaint).status == "received"
    assert AuditEvent.objects.for_subject(complaint).count() == events


def test_acknowledging_with_a_date_in_the_future_is_refused(
    make_complaint: Any, quality_manager: Any
) -> None:
    complaint = make_complaint()
    complaint = edit(
        quality_manager, complaint, acknowledged_on=timezone.localdate() + dt.timedelta(days=1)
    )
    with pytest.raises(TransitionRefused, match="in the future"):
        model_transition(actor=quality_manager, instance=complaint, transition="acknowledge")


def test_an_acknowledgement_before_receipt_cannot_even_be_recorded(
    make_complaint: Any, quality_manager: Any
) -> None:
    complaint = make_complaint()
    with pytest.raises(ValidationError) as raised:
        edit(
            quality_manager,
            complaint,
            acknowledged_on=complaint.received_on - dt.timedelta(days=1),
        )
    assert "acknowledged_on" in raised.value.message_dict
    assert stored(complaint).acknowledged_on is None


def test_the_whole_way_to_closed_and_back(make_complaint: Any, quality_manager: Any) -> None:
    complaint = make_complaint()
    today = timezone.localdate()
    complaint = edit(quality_manager, complaint, acknowledged_on=today)
    complaint = model_transition(
        actor=quality_manager, instance=complaint, transition="acknowledge"
    )
    assert complaint.status == "acknowledged"

    with pytest.raises(TransitionRefused, match="Write the response"):
        model_transition(actor=quality_manager, instance=complaint, transition="respond")
    complaint = edit(quality_manager, complaint, response="Replaced free of charge.")
    with pytest.raises(TransitionRefused, match="date you sent the response"):
        model_transition(actor=quality_manager, instance=complaint, transition="respond")
    complaint = edit(quality_manager, complaint, response_sent_on=today, justified="yes")
    complaint = model_transition(actor=quality_manager, instance=complaint, transition="respond")
    complaint = model_transition(actor=quality_manager, instance=complaint, transition="close")
    assert complaint.status == "closed"

    with pytest.raises(TransitionRefused, match="reason"):
        model_transition(actor=quality_manager, instance=complaint, transition="reopen")
    complaint = model_transition(
        actor=quality_manager,
        instance=complaint,
        transition="reopen",
        reason="The customer says the replacements leak too.",
    )
    assert complaint.status == "acknowledged"
    event = AuditEvent.objects.for_subject(complaint).order_by("-id").first()
    assert event is not None and event.event_type == "complaint.reopened"
    assert event.data["reason"] == "The customer says the replacements leak too."


def test_a_step_from_the_wrong_state_names_the_state_it_needs(
    make_complaint: Any, quality_manager: Any
) -> None:
    complaint = make_complaint(acknowledged_on=timezone.localdate())
    with pytest.raises(TransitionRefused, match="Only an acknowledged complaint"):
        model_transition(actor=quality_manager, instance=complaint, transition="respond")
    with pytest.raises(TransitionRefused, match="Only a responded complaint"):
        model_transition(actor=quality_manager, instance=complaint, transition="close")


def test_a_viewer_sees_no_step_and_is_refused_one(
    make_complaint: Any, viewer: Any, client_for: Any, api_client_for: Any
) -> None:
    complaint = make_complaint(acknowledged_on=timezone.localdate())
    page = client_for(viewer).get(reverse("complaints:complaint_detail", args=[complaint.pk]))
    assert page.status_code == 200
    assert b"transition/acknowledge" not in page.content
    response = client_for(viewer).post(
        reverse("complaints:complaint_transition", args=[complaint.pk, "acknowledge"])
    )
    assert response.status_code == 403
    response = api_client_for(viewer).post(
        reverse("api:complaints-complaint-transition", args=[complaint.pk, "acknowledge"]),
        {},
        format="json",
    )
    assert response.status_code == 403
    assert stored(complaint).status == "received"


def test_a_process_owner_works_the_complaints_they_own_only(
    make_complaint: Any, process_owner: Any, quality_manager: Any, api_client_for: Any
) -> None:
    theirs = make_complaint(owner=process_owner, acknowledged_on=timezone.localdate())
    others = make_complaint(acknowledged_on=timezone.localdate())
    api = api_client_for(process_owner)
    ok = api.post(
        reverse("api:complaints-complaint-transition", args=[theirs.pk, "acknowledge"]),
        {},
        format="json",
    )
    refused = api.post(
        reverse("api:complaints-complaint-transition", args=[others.pk, "acknowledge"]),
        {},
        format="json",
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["status"] == "acknowledged"
    assert refused.status_code == 403


def test_what_a_step_recorded_stays_recorded(make_complaint: Any, quality_manager: Any) -> None:
    today = timezone.localdate()
    complaint = make_complaint(acknowledged_on=today)
    complaint = model_transition(
        actor=quality_manager, instance=complaint, transition="acknowledge"
    )
    with pytest.raises(ValidationError) as raised:
        edit(quality_manager, complaint, acknowledged_on=None)
    assert "acknowledged_on" in raised.value.message_dict
    with pytest.raises(ValidationError):
        edit(quality_manager, complaint, acknowledged_on=today + dt.timedelta(days=2))
    complaint = edit(quality_manager, complaint, response="Sent.", response_sent_on=today)
    complaint = model_transition(actor=quality_manager, instance=complaint, transition="respond")
    with pytest.raises(ValidationError) as raised:
        edit(quality_manager, complaint, response="  ", response_sent_on=None)
    assert {"response", "response_sent_on"} <= set(raised.value.message_dict)
    complaint = model_transition(actor=quality_manager, instance=complaint, transition="close")
    with pytest.raises(ValidationError, match="reopen it first"):
        edit(quality_manager, complaint, reference="PO-1")
    assert stored(complaint).reference == "PO-4471"


def test_a_closed_complaint_cannot_be_edited_from_the_page_or_the_api(
    make_complaint: Any, quality_manager: Any, client_for: Any, api_client_for: Any
) -> None:
    today = timezone.localdate()
    complaint = make_complaint(acknowledged_on=today, response="Done.", response_sent_on=today)
    for step in ("acknowledge", "respond", "close"):
        complaint = model_transition(actor=quality_manager, instance=complaint, transition=step)
    api = api_client_for(quality_manager).patch(
        reverse("api:complaints-complaint-detail", args=[complaint.pk]),
        {"reference": "X"},
        format="json",
    )
    assert api.status_code == 400
    assert "reopen it first" in str(api.json())
    page = client_for(quality_manager).get(
        reverse("complaints:complaint_edit", args=[complaint.pk])
    )
    assert page.status_code == 200
