"""Logging complaints (numbers, default acknowledgement date, audit, search) and the
one-step escalation to a nonconformity (exactly one, linked both ways)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qms.accounts.tests.factories import UserFactory
from qms.complaints import services
from qms.complaints.models import Complaint
from qms.complaints.selectors import complaint_for_nonconformity, complaints_for_nonconformities
from qms.core.audit import AuditEvent
from qms.core.errors import Conflict, StaleVersion
from qms.core.search import search_filter
from qms.core.workflow import model_transition
from qms.nonconformities.models import Nonconformity
from qms.organizations.tests.factories import ProcessFactory


def ncs(organization: Any) -> Any:
    return Nonconformity.objects.for_organization(organization)


def test_numbers_run_per_organization_and_year_of_receipt(
    make_complaint: Any, organization: Any, settings: Any
) -> None:
    first = make_complaint(received_on=dt.date(2026, 3, 2))
    second = make_complaint(received_on=dt.date(2026, 3, 3))
    older = make_complaint(received_on=dt.date(2025, 12, 30))
    assert (first.number, second.number) == ("CMP-2026-0001", "CMP-2026-0002")
    assert older.number == "CMP-2025-0001"


def test_the_acknowledgement_is_due_after_the_configured_days_unless_given(
    make_complaint: Any, settings: Any
) -> None:
    settings.COMPLAINTS_ACKNOWLEDGEMENT_DAYS = 3
    complaint = make_complaint(received_on=dt.date(2026, 3, 2))
    assert complaint.acknowledgement_due == dt.date(2026, 3, 5)
    chosen = make_complaint(
        received_on=dt.date(2026, 3, 2), acknowledgement_due=dt.date(2026, 3, 4)
    )
    assert chosen.acknowledgement_due == dt.date(2026, 3, 4)


def test_creating_records_one_event_and_indexes_for_search(
    make_complaint: Any, organization: Any
) -> None:
    complaint = make_complaint(description="Cracked glass on the dial of gauge 4471")
    events = AuditEvent.objects.for_subject(complaint)
    assert [e.event_type for e in events] == ["complaint.created"]
    found = search_filter(Complaint.objects.for_organization(organization), "cracked dial")
    assert list(found) == [complaint]


def test_bad_input_writes_nothing(organization: Any, quality_manager: Any) -> None:
    outsider = UserFactory()
    with pytest.raises(ValidationError) as raised:
        services.complaint_create(
            actor=quality_manager,
            organization=organization,
            data={
                "customer_name": "X",
                "received_on": timezone.localdate(),
                "description": "d",
                "owner": outsider,
            },
        )
    assert "owner" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        services.complaint_create(
            actor=quality_manager,
            organization=organization,
            data={
                "customer_name": "X",
                "received_on": timezone.localdate(),
                "acknowledgement_due": timezone.localdate() - dt.timedelta(days=1),
                "description": "d",
                "owner": quality_manager,
            },
        )
    assert "acknowledgement_due" in raised.value.message_dict
    assert not Complaint.objects.for_organization(organization).exists()


def test_a_stale_edit_is_refused(make_complaint: Any, quality_manager: Any) -> None:
    complaint = make_complaint()
    services.complaint_update(actor=quality_manager, instance=complaint, data={"reference": "A"})
    with pytest.raises(StaleVersion):
        services.complaint_update(
            actor=quality_manager, instance=complaint, data={"reference": "B"}, version=1
        )


def test_escalating_opens_exactly_one_nonconformity_linked_both_ways(
    make_complaint: Any, organization: Any, quality_manager: Any
) -> None:
    process = ProcessFactory(organization=organization, name="Dispatch")
    complaint = make_complaint()
    nonconformity = services.complaint_escalate(
        actor=quality_manager, instance=complaint, severity="major", process=process
    )
    assert ncs(organization).count() == 1
    assert nonconformity.source == "customer_complaint"
    assert nonconformity.severity == "major"
    assert nonconformity.process_id == process.pk
    assert complaint.number in nonconformity.title
    assert "cracked glass" in nonconformity.description
    stored = Complaint.objects.for_organization(organization).get(pk=complaint.pk)
    assert stored.nonconformity_id == nonconformity.pk
    assert complaint_for_nonconformity(nonconformity=nonconformity) == stored
    assert complaints_for_nonconformities(nonconformities=[nonconformity]) == {
        nonconformity.pk: stored
    }
    kinds = sorted(e.event_type for e in AuditEvent.objects.for_subject(stored))
    assert kinds == ["complaint.created", "complaint.escalated"]


def test_escalating_twice_is_refused_and_opens_no_second_nonconformity(
    make_complaint: Any, organization: Any, quality_manager: Any
) -> None:
    complaint = make_complaint()
    first = services.complaint_escalate(actor=quality_manager, instance=complaint)
    with pytest.raises(Conflict, match=f"already escalated to {first.number}"):
        services.complaint_escalate(actor=quality_manager, instance=complaint)
    assert ncs(organization).count() == 1
    assert first.severity == "minor"  # the default


def test_a_closed_complaint_is_not_escalated(
    make_complaint: Any, organization: Any, quality_manager: Any
) -> None:
    today = timezone.localdate()
    complaint = make_complaint(acknowledged_on=today, response="Done.", response_sent_on=today)
    for step in ("acknowledge", "respond", "close"):
        complaint = model_transition(actor=quality_manager, instance=complaint, transition=step)
    with pytest.raises(Conflict, match="closed complaint"):
        services.complaint_escalate(actor=quality_manager, instance=complaint)
    assert not ncs(organization).exists()


def test_an_unknown_severity_or_another_organizations_process_writes_nothing(
    make_complaint: Any, organization: Any, other_organization: Any, quality_manager: Any
) -> None:
    complaint = make_complaint()
    with pytest.raises(ValidationError):
        services.complaint_escalate(actor=quality_manager, instance=complaint, severity="huge")
    with pytest.raises(ValidationError):
        services.complaint_escalate(
            actor=quality_manager,
            instance=complaint,
            process=ProcessFactory(organization=other_organization),
        )
    assert not ncs(organization).exists()
    stored = Complaint.objects.for_organization(organization).get(pk=complaint.pk)
    assert stored.nonconformity_id is None


def test_no_complaint_for_a_nonconformity_raised_otherwise(organization: Any) -> None:
    from qms.nonconformities.tests.factories import NonconformityFactory

    other = NonconformityFactory(organization=organization)
    assert complaint_for_nonconformity(nonconformity=other) is None


@pytest.mark.django_db(transaction=True)
def test_two_escalations_at_once_open_one_nonconformity(
    organization: Any, quality_manager: Any
) -> None:
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite cannot run two writing transactions at once")
    complaint = services.complaint_create(
        actor=quality_manager,
        organization=organization,
        data={
            "customer_name": "Twice Ltd",
            "received_on": timezone.localdate(),
            "description": "d",
            "owner": quality_manager,
        },
    )
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def escalate() -> None:
        try:
            start.wait()
            services.complaint_escalate(actor=quality_manager, instance=complaint)
            outcomes.append("escalated")
        except Conflict:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=escalate) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["escalated", "refused"]
    assert ncs(organization).count() == 1
