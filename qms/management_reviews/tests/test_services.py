"""Plan, compile/recompile/freeze, attendance, outputs → actions, transitions, signatures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from qms.accounts.tests.factories import PASSWORD
from qms.actions.models import Action
from qms.core.audit import AuditEvent
from qms.core.errors import Conflict, TransitionRefused
from qms.core.signatures import Signature
from qms.core.workflow import model_transition
from qms.management_reviews import services
from qms.management_reviews.models import InputSection, ManagementReview
from qms.management_reviews.sections import SECTIONS
from qms.management_reviews.selectors import latest_held_review
from qms.nonconformities.tests.factories import NonconformityFactory

pytestmark = pytest.mark.django_db


def _events(review: ManagementReview, name: str) -> int:
    return AuditEvent.objects.filter(event_type=name, subject_id=str(review.pk)).count()


def test_create_numbers_and_default_period(make_review: Any, organization: Any) -> None:
    first = make_review(period_start=None, period_end=None)
    assert first.number == "MR-2026-01"
    assert first.period_start == dt.date(2025, 3, 10)
    assert first.period_end == dt.date(2026, 3, 9)
    second = make_review(planned_on=dt.date(2026, 9, 10), period_start=None, period_end=None)
    assert second.number == "MR-2026-02"
    assert second.period_start == dt.date(2026, 3, 10)  # the day after the previous period
    assert second.period_end == dt.date(2026, 9, 9)


def test_default_period_of_a_first_review_on_29_february(organization: Any) -> None:
    start, end = services.default_period(organization=organization, planned_on=dt.date(2028, 2, 29))
    assert (start, end) == (dt.date(2027, 2, 28), dt.date(2028, 2, 28))


def test_create_refuses_bad_input(organization: Any, quality_manager: Any, outsider: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.review_create(
            actor=quality_manager,
            organization=organization,
            data={"title": "x", "planned_on": dt.date(2026, 3, 1), "chair": outsider},
        )
    assert "chair" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.review_create(
            actor=quality_manager,
            organization=organization,
            data={
                "title": "x",
                "planned_on": dt.date(2026, 3, 1),
                "chair": quality_manager,
                "period_start": dt.date(2026, 2, 1),
                "period_end": dt.date(2026, 1, 1),
            },
        )
    assert "period_end" in error.value.message_dict


def test_compile_builds_every_section_and_recompile_keeps_text(
    make_review: Any, organization: Any, quality_manager: Any
) -> None:
    review = make_review()
    review = services.pack_compile(actor=quality_manager, review=review)
    assert review.status == "pack_compiled"
    sections = list(InputSection.objects.filter(review=review).order_by("position"))
    assert [s.key for s in sections] == [s.key for s in SECTIONS]
    nc_section = next(s for s in sections if s.key == "nonconformities")
    assert nc_section.no_data
    providers = next(s for s in sections if s.key == "providers")
    services.section_text_update(
        actor=quality_manager, section=providers, text="Two suppliers late twice."
    )
    nc = NonconformityFactory(organization=organization, detected_on=dt.date(2026, 1, 5))
    services.pack_compile(actor=quality_manager, review=review)
    nc_section.refresh_from_db()
    providers.refresh_from_db()
    assert not nc_section.no_data
    assert nc.number in [row["number"] for row in nc_section.links]
    assert providers.manual_text == "Two suppliers late twice."
    assert not providers.no_data
    assert _events(review, "management_review.pack_compiled") == 2


def test_hold_needs_attendance_and_approval_needs_minutes_and_signature(
    make_review: Any, owner: Any, quality_manager: Any
) -> None:
    review = services.pack_compile(actor=quality_manager, review=make_review())
    with pytest.raises(TransitionRefused, match="present"):
        model_transition(actor=quality_manager, instance=review, transition="hold")
    services.attendance_add(
        actor=quality_manager,
        review=review,
        data={"name": "Dana External", "role": "Consultant", "status": "present"},
    )
    review = model_transition(actor=quality_manager, instance=review, transition="hold")
    review.refresh_from_db()
    assert review.status == "held" and review.held_on is not None
    with pytest.raises(TransitionRefused, match="minutes"):
        model_transition(actor=owner, instance=review, transition="approve", password=PASSWORD)
    services.minutes_update(
        actor=quality_manager,
        instance=review,
        data={"minutes": "The pack was discussed.", "conclusion": "The QMS remains suitable."},
    )
    with pytest.raises(TransitionRefused, match="signature"):
        model_transition(actor=owner, instance=review, transition="approve")
    review = model_transition(actor=owner, instance=review, transition="approve", password=PASSWORD)
    assert review.status == "minutes_approved"
    signature = Signature.objects.get(
        subject_type="management_reviews.managementreview",
        subject_id=str(review.pk),
        transition="approve",
    )
    assert signature.meaning == "approved"
    assert latest_held_review(organization=review.organization) == review
    # frozen: nothing of it changes any more
    with pytest.raises(Conflict):
        services.pack_compile(actor=quality_manager, review=review)
    with pytest.raises(Conflict):
        services.minutes_update(actor=quality_manager, instance=review, data={"minutes": "x"})
    section = InputSection.objects.filter(review=review).first()
    assert section is not None
    with pytest.raises(Conflict):
        services.section_text_update(actor=quality_manager, section=section, text="x")
    with pytest.raises(Conflict):
        services.attendance_add(
            actor=quality_manager, review=review, data={"name": "X", "role": "Y"}
        )


def test_a_quality_manager_approves_only_as_chair(
    held_review: ManagementReview, quality_manager: Any, organization: Any
) -> None:
    from qms.accounts.tests.factories import MembershipFactory, UserFactory

    other = MembershipFactory(
        organization=organization, role="quality_manager", user=UserFactory(email="qm2@acme.test")
    ).user
    services.minutes_update(
        actor=quality_manager,
        instance=held_review,
        data={"minutes": "Minutes.", "conclusion": "Suitable, adequate and effective."},
    )
    with pytest.raises(TransitionRefused, match="role"):
        model_transition(actor=other, instance=held_review, transition="approve", password=PASSWORD)
    approved = model_transition(
        actor=quality_manager, instance=held_review, transition="approve", password=PASSWORD
    )
    assert approved.status == "minutes_approved"


def test_outputs_become_actions(
    held_review: ManagementReview, quality_manager: Any, process_owner: Any
) -> None:
    output = services.output_create(
        actor=quality_manager,
        review=held_review,
        data={
            "kind": "resource_need",
            "decision": "Hire a second calibration technician.",
            "owner": process_owner,
            "due_date": dt.date(2026, 9, 30),
        },
    )
    action = Action.objects.get(pk=output.action_id)
    assert action.owner == process_owner
    assert action.origin == held_review
    assert action.title == "Hire a second calibration technician."
    improvement = services.output_create(
        actor=quality_manager,
        review=held_review,
        data={
            "kind": "improvement",
            "decision": "Automate the calibration reminders.",
            "owner": quality_manager,
            "due_date": dt.date(2026, 6, 30),
        },
    )
    assert improvement.action.kind == "improvement"
    with pytest.raises(ValidationError) as error:
        services.output_create(
            actor=quality_manager,
            review=held_review,
            data={"kind": "nonsense", "decision": "x"},
        )
    assert "kind" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.output_create(
            actor=quality_manager,
            review=held_review,
            data={"kind": "improvement", "decision": "x", "owner": None, "due_date": None},
        )


def test_cancel_needs_a_reason(make_review: Any, quality_manager: Any) -> None:
    review = make_review()
    with pytest.raises(TransitionRefused):
        model_transition(actor=quality_manager, instance=review, transition="cancel")
    review = model_transition(
        actor=quality_manager, instance=review, transition="cancel", reason="Merged into MR-2"
    )
    assert review.status == "cancelled"


def test_previous_review_actions_appear_in_the_next_pack(
    held_review: ManagementReview, make_review: Any, quality_manager: Any, owner: Any
) -> None:
    output = services.output_create(
        actor=quality_manager,
        review=held_review,
        data={
            "kind": "qms_change",
            "decision": "Merge the two inspection procedures.",
            "owner": quality_manager,
            "due_date": dt.date(2026, 5, 1),
        },
    )
    later = make_review(planned_on=dt.date(2027, 3, 10), period_start=None, period_end=None)
    later = services.pack_compile(actor=quality_manager, review=later)
    section = InputSection.objects.get(review=later, key="previous_actions")
    assert not section.no_data
    assert output.action.number in [row["number"] for row in section.links]
    overdue = next(f for f in section.figures if f.get("label") == "Overdue")
    assert overdue["value"] == 1


def test_reviews_are_found_by_the_global_search(
    make_review: Any, organization: Any, quality_manager: Any
) -> None:
    from django.contrib.contenttypes.models import ContentType

    from qms.core.search import SearchEntry

    review = make_review(title="Spring management review")
    entry = SearchEntry.objects.get(
        content_type=ContentType.objects.get_for_model(ManagementReview), object_id=review.pk
    )
    assert "spring management review" in entry.title
