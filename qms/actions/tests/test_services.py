"""The action services: numbering, the owner rule, origins, edits and the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qms.actions import services
from qms.actions.models import Action
from qms.actions.selectors import actions_of, actions_of_many
from qms.core.audit import AuditEvent
from qms.core.errors import StaleVersion, TransitionRefused
from qms.core.workflow import model_transition
from qms.organizations.tests.factories import ProcessFactory, SiteFactory

DUE = dt.date(2030, 5, 1)


def _data(owner: Any, **extra: Any) -> dict[str, Any]:
    return {"title": "Replace the worn gauge block", "owner": owner, "due_date": DUE, **extra}


def test_a_new_action_is_numbered_per_year_and_audited(
    organization: Any, quality_manager: Any, employee: Any
) -> None:
    first = services.action_create(
        actor=quality_manager, organization=organization, data=_data(employee)
    )
    second = services.action_create(
        actor=quality_manager, organization=organization, data=_data(employee)
    )

    year = timezone.localdate().year
    assert first.number == f"ACT-{year}-0001"
    assert second.number == f"ACT-{year}-0002"
    assert first.status == "open"
    assert first.kind == "action"
    assert first.created_by == quality_manager
    event = AuditEvent.objects.get(event_type="action.created", subject_id=str(first.pk))
    assert event.after["owner"] == employee.pk


def test_the_owner_must_be_an_active_member_who_may_carry_it_out(
    organization: Any, quality_manager: Any, employee: Any, outsider: Any, viewer: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        services.action_create(actor=quality_manager, organization=organization, data=_data(viewer))
    assert "only reads" in error.value.message_dict["owner"][0]

    with pytest.raises(ValidationError) as error:
        services.action_create(
            actor=quality_manager, organization=organization, data=_data(outsider)
        )
    assert "owner" in error.value.message_dict

    employee.is_active = False
    employee.save()
    with pytest.raises(ValidationError) as error:
        services.action_create(
            actor=quality_manager, organization=organization, data=_data(employee)
        )
    assert "deactivated" in error.value.message_dict["owner"][0]
    assert not Action.objects.for_organization(organization).exists()


def test_an_origin_is_linked_and_labelled_and_must_be_ours(
    organization: Any, other_organization: Any, quality_manager: Any, employee: Any
) -> None:
    process: Any = ProcessFactory(organization=organization, name="Calibration")
    theirs = SiteFactory(organization=other_organization)

    action = services.action_create(
        actor=quality_manager,
        organization=organization,
        data=_data(employee),
        origin=process,
        kind="corrective",
        cycle=2,
    )
    with pytest.raises(ValidationError) as error:
        services.action_create(
            actor=quality_manager, organization=organization, data=_data(employee), origin=theirs
        )

    assert "origin" in error.value.message_dict
    assert action.origin == process
    assert action.origin_label == str(process)
    assert action.kind == "corrective"
    assert action.cycle == 2
    assert list(actions_of(origin=process)) == [action]
    assert actions_of_many(origins=[process]) == {process.pk: [action]}


def test_unknown_kind_or_field_is_refused_and_nothing_is_written(
    organization: Any, quality_manager: Any, employee: Any
) -> None:
    with pytest.raises(ValidationError):
        services.action_create(
            actor=quality_manager, organization=organization, data=_data(employee), kind="bogus"
        )
    with pytest.raises(ValidationError):
        services.action_create(
            actor=quality_manager,
            organization=organization,
            data=_data(employee, status="done"),
        )
    assert not Action.objects.for_organization(organization).exists()


def test_owner_and_due_date_changes_are_audited_and_a_stale_edit_refused(
    organization: Any, quality_manager: Any, employee: Any, process_owner: Any
) -> None:
    action = services.action_create(
        actor=quality_manager, organization=organization, data=_data(employee)
    )
    new_due = DUE + dt.timedelta(days=7)

    services.action_update(
        actor=quality_manager,
        instance=action,
        data={"owner": process_owner, "due_date": new_due},
        version=1,
    )

    event = AuditEvent.objects.get(event_type="action.updated")
    assert event.before == {"owner": employee.pk, "due_date": DUE.isoformat()}
    assert event.after == {"owner": process_owner.pk, "due_date": new_due.isoformat()}
    with pytest.raises(StaleVersion):
        services.action_update(
            actor=quality_manager, instance=action, data={"title": "Late"}, version=1
        )


def test_complete_records_who_when_and_the_note_and_reopen_clears_it(
    organization: Any, quality_manager: Any, employee: Any
) -> None:
    action = services.action_create(
        actor=quality_manager, organization=organization, data=_data(employee)
    )

    model_transition(actor=employee, instance=action, transition="start")
    done = model_transition(
        actor=employee, instance=action, transition="complete", reason="Block replaced"
    )

    done.refresh_from_db()
    assert done.status == "done"
    assert done.completed_by == employee
    assert done.completion_note == "Block replaced"
    assert done.completed_at is not None
    with pytest.raises(ValidationError):
        services.action_update(actor=quality_manager, instance=done, data={"title": "x"})

    reopened = model_transition(
        actor=quality_manager, instance=done, transition="reopen", reason="Wrong block"
    )
    reopened.refresh_from_db()
    assert reopened.status == "open"
    assert reopened.completed_by is None
    assert reopened.completion_note == ""


def test_complete_needs_a_note_and_someone_else_than_an_employee_who_is_not_the_owner(
    organization: Any, quality_manager: Any, employee: Any, viewer: Any, process_owner: Any
) -> None:
    action = services.action_create(
        actor=quality_manager, organization=organization, data=_data(process_owner)
    )

    with pytest.raises(TransitionRefused):
        model_transition(actor=process_owner, instance=action, transition="complete")
    with pytest.raises(TransitionRefused):
        model_transition(actor=employee, instance=action, transition="complete", reason="x")
    with pytest.raises(TransitionRefused):
        model_transition(actor=viewer, instance=action, transition="start")
    with pytest.raises(TransitionRefused):
        model_transition(actor=process_owner, instance=action, transition="cancel", reason="x")

    action.refresh_from_db()
    assert action.status == "open"


def test_the_kind_of_an_action_from_a_record_cannot_change(
    organization: Any, quality_manager: Any, employee: Any
) -> None:
    process = ProcessFactory(organization=organization)
    action = services.action_create(
        actor=quality_manager,
        organization=organization,
        data=_data(employee),
        origin=process,
        kind="corrective",
    )
    with pytest.raises(ValidationError) as error:
        services.action_update(actor=quality_manager, instance=action, data={"kind": "action"})
    assert "kind" in error.value.message_dict
