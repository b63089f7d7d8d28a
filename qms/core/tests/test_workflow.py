"""Workflows as declarations: the declaration is checked, the one transition service runs the
state, permission, guards, reason and signature, and a refusal names the unmet condition and
writes nothing. The process workflow (draft → active → retired) is the worked example."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections

from qms.accounts.tests.factories import PASSWORD
from qms.core.audit import AuditEvent
from qms.core.errors import StaleVersion, TransitionRefused
from qms.core.permissions import register_permissions, unregister_permissions
from qms.core.signatures import Signature
from qms.core.workflow import (
    Transition,
    Workflow,
    available_transitions,
    check_transition_permissions,
    model_transition,
    register_workflow,
    workflow_for,
    workflows,
)
from qms.organizations import events
from qms.organizations.choices import ProcessStatus
from qms.organizations.models import Process, Site
from qms.organizations.services import process_update
from qms.organizations.tests.factories import ProcessFactory
from qms.organizations.workflows import PROCESS_WORKFLOW


def _step(**overrides: Any) -> Transition:
    values: dict[str, Any] = {
        "name": "activate",
        "source": ("draft",),
        "target": "active",
        "permission": "activate",
        "event_type": events.PROCESS_ACTIVATED,
    }
    values.update(overrides)
    return Transition(**values)


def _process(**fields: Any) -> Process:
    return ProcessFactory(**fields)


def _written(process: Process) -> tuple[Any, ...]:
    """What a refused transition must leave exactly as it was."""
    stored = Process.objects.for_organization(process.organization_id).get(pk=process.pk)
    return (
        stored.status,
        stored.version,
        AuditEvent.objects.for_subject(process).count(),
        Signature.objects.for_organization(process.organization_id).count(),
    )


@pytest.fixture
def draft(organization: Any, process_owner: Any) -> Process:
    return ProcessFactory(organization=organization, owner=process_owner, name="Calibration")


@pytest.fixture
def active(organization: Any, process_owner: Any) -> Process:
    return ProcessFactory(
        organization=organization, owner=process_owner, status=ProcessStatus.ACTIVE
    )


# --- The declaration -----------------------------------------------------------------------


def test_a_transition_to_a_state_the_model_does_not_have_is_refused_at_declaration() -> None:
    # when / then
    with pytest.raises(ImproperlyConfigured, match="archived"):
        Workflow(field="status", states=ProcessStatus, transitions=(_step(target="archived"),))


def test_two_transitions_with_one_name_are_refused_at_declaration() -> None:
    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        Workflow(field="status", states=ProcessStatus, transitions=(_step(), _step()))


def test_a_signature_meaning_outside_the_list_is_refused_at_declaration() -> None:
    with pytest.raises(ImproperlyConfigured, match="meaning"):
        Workflow(field="status", states=ProcessStatus, transitions=(_step(signature="liked"),))


def test_a_transition_name_that_cannot_be_a_url_segment_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="identifier"):
        Workflow(field="status", states=ProcessStatus, transitions=(_step(name="Go Live"),))


def test_registering_needs_a_state_field_with_exactly_the_workflows_states() -> None:
    workflow = Workflow(field="name", states=ProcessStatus, transitions=(_step(),))
    # when / then: Site.name has no such choices; Site has no field "stage" at all
    with pytest.raises(ImproperlyConfigured, match="choices differ"):
        register_workflow(Site, workflow)
    with pytest.raises(ImproperlyConfigured, match="no field"):
        register_workflow(
            Site, Workflow(field="stage", states=ProcessStatus, transitions=(_step(),))
        )
    assert workflow_for(Site) is None


def test_a_model_has_one_workflow_only() -> None:
    with pytest.raises(ImproperlyConfigured, match="already"):
        register_workflow(Process, PROCESS_WORKFLOW)


def test_the_process_workflow_is_found_through_the_registry() -> None:
    # then the walkers find it, with its two steps
    assert workflows()[Process] is PROCESS_WORKFLOW
    assert workflow_for(Process) is PROCESS_WORKFLOW
    assert [step.name for step in PROCESS_WORKFLOW.transitions] == ["activate", "retire"]
    activate = PROCESS_WORKFLOW.transition("activate")
    assert activate.signature == "approved"
    assert PROCESS_WORKFLOW.transition("retire").reason is True
    with pytest.raises(KeyError):
        PROCESS_WORKFLOW.transition("archive")


def test_a_transition_whose_permission_no_role_holds_fails_the_system_check() -> None:
    # given the process permission row without its workflow actions
    row = unregister_permissions("organizations.process")
    assert row is not None
    try:
        register_permissions(
            "organizations.process",
            {action: roles for action, roles in row.items() if action != "retire"},
        )
        # when
        errors = check_transition_permissions()
    finally:
        unregister_permissions("organizations.process")
        register_permissions("organizations.process", row)
    # then
    assert [error.id for error in errors] == ["qms.E020"]
    assert "retire" in errors[0].msg
    assert check_transition_permissions() == []


# --- The service ---------------------------------------------------------------------------


def test_activating_a_draft_process_signs_it_and_records_the_step(
    draft: Process, quality_manager: Any
) -> None:
    # when the quality manager activates it, re-entering their password
    process = model_transition(
        actor=quality_manager,
        instance=draft,
        transition="activate",
        password=PASSWORD,
        version=draft.version,
    )
    # then the state and version moved on
    process.refresh_from_db()
    assert process.status == ProcessStatus.ACTIVE
    assert process.version == draft.version + 1
    # and one signature with the meaning "approved" was stored
    signature = Signature.objects.for_organization(draft.organization_id).get()
    assert signature.meaning == "approved"
    assert signature.signer == quality_manager
    assert signature.transition == "activate"
    # and the audit event carries the before/after state and the signature
    event = AuditEvent.objects.for_subject(process).get(event_type="process.activated")
    assert event.before == {"status": "draft"}
    assert event.after == {"status": "active"}
    assert event.data["transition"] == "activate"
    assert event.data["reason"] == ""
    assert event.data["signature"] == signature.pk
    assert event.data["signature_hash"] == signature.content_hash
    assert event.actor == quality_manager


def test_retiring_needs_a_reason_and_records_it(active: Process, quality_manager: Any) -> None:
    # when the reason is left out
    before = _written(active)
    with pytest.raises(TransitionRefused) as refused:
        model_transition(actor=quality_manager, instance=active, transition="retire", reason="  ")
    # then the step is refused, naming the reason, and nothing changed
    assert refused.value.message == "A reason is required."
    assert refused.value.errors == {"reason": ["A reason is required."]}
    assert _written(active) == before

    # when a reason is given
    process = model_transition(
        actor=quality_manager, instance=active, transition="retire", reason="Merged into P-02."
    )
    # then it is retired and the reason is in the audit trail (no signature asked)
    assert process.status == ProcessStatus.RETIRED
    event = AuditEvent.objects.for_subject(process).get(event_type="process.retired")
    assert event.data == {
        "transition": "retire",
        "reason": "Merged into P-02.",
        "signature": None,
        "version": process.version,
    }


def test_a_step_from_the_wrong_state_names_the_states_it_needs(
    organization: Any, quality_manager: Any, process_owner: Any
) -> None:
    # given a retired process
    retired = _process(organization=organization, owner=process_owner, status="retired")
    before = _written(retired)
    # when it is activated
    with pytest.raises(TransitionRefused) as refused:
        model_transition(
            actor=quality_manager, instance=retired, transition="activate", password=PASSWORD
        )
    # then
    assert refused.value.message == "Only a draft process can be activated; this one is retired."
    assert _written(retired) == before


def test_a_guard_names_what_is_missing(organization: Any, quality_manager: Any) -> None:
    # given a draft process without an owner
    orphan = _process(organization=organization, owner=None)
    before = _written(orphan)
    # when it is activated
    with pytest.raises(TransitionRefused) as refused:
        model_transition(
            actor=quality_manager, instance=orphan, transition="activate", password=PASSWORD
        )
    # then the guard's reason is the message, and no password was even checked
    assert refused.value.message == (
        "The process has no owner: choose an owner before activating it."
    )
    assert _written(orphan) == before
    assert not AuditEvent.objects.filter(event_type="signature.failed").exists()


def test_a_role_without_the_steps_permission_is_refused(draft: Process, viewer: Any) -> None:
    before = _written(draft)
    with pytest.raises(TransitionRefused, match="does not allow you to activate this process"):
        model_transition(actor=viewer, instance=draft, transition="activate", password=PASSWORD)
    assert _written(draft) == before


def test_a_process_owner_may_activate_the_processes_they_own_only(
    organization: Any, process_owner: Any, quality_manager: Any
) -> None:
    # given one process of theirs and one of the quality manager's
    mine = _process(organization=organization, owner=process_owner)
    theirs = _process(organization=organization, owner=quality_manager)
    # when / then
    assert [t.name for t in available_transitions(user=process_owner, obj=mine)] == ["activate"]
    assert available_transitions(user=process_owner, obj=theirs) == []
    with pytest.raises(TransitionRefused, match="does not allow"):
        model_transition(
            actor=process_owner, instance=theirs, transition="activate", password=PASSWORD
        )
    process = model_transition(
        actor=process_owner, instance=mine, transition="activate", password=PASSWORD
    )
    assert process.status == ProcessStatus.ACTIVE


def test_a_stale_version_is_refused_and_nothing_is_written(
    draft: Process, quality_manager: Any
) -> None:
    # given someone saved the process since the user read version 1
    process_update(actor=quality_manager, instance=draft, data={"purpose": "Changed meanwhile"})
    before = _written(draft)
    # when
    with pytest.raises(StaleVersion):
        model_transition(
            actor=quality_manager,
            instance=draft,
            transition="activate",
            password=PASSWORD,
            version=1,
        )
    # then
    assert _written(draft) == before


def test_a_signature_is_asked_for_with_its_meaning(draft: Process, quality_manager: Any) -> None:
    before = _written(draft)
    # when no password is given
    with pytest.raises(TransitionRefused) as refused:
        model_transition(actor=quality_manager, instance=draft, transition="activate")
    assert "enter your password to sign as “Approved”" in refused.value.message
    assert list(refused.value.errors) == ["password"]
    # when another meaning is claimed
    with pytest.raises(TransitionRefused, match="signed with the meaning “Approved”"):
        model_transition(
            actor=quality_manager,
            instance=draft,
            transition="activate",
            password=PASSWORD,
            meaning="reviewed",
        )
    # then nothing was written, and neither counts as a failed signature
    assert _written(draft) == before
    assert not AuditEvent.objects.filter(event_type="signature.failed").exists()


def test_available_steps_follow_the_state_and_show_why_a_guard_blocks(
    organization: Any, quality_manager: Any, viewer: Any, active: Process
) -> None:
    orphan = ProcessFactory(organization=organization, owner=None)
    # a draft without owner: activate is offered, blocked by the guard's reason
    [offered] = available_transitions(user=quality_manager, obj=orphan)
    assert offered.name == "activate"
    assert offered.blocked == "The process has no owner: choose an owner before activating it."
    # an active process: only retire
    assert [t.name for t in available_transitions(user=quality_manager, obj=active)] == ["retire"]
    assert available_transitions(user=quality_manager, obj=active)[0].blocked is None
    # a viewer holds neither permission
    assert available_transitions(user=viewer, obj=orphan) == []
    # a model without a workflow has none
    assert available_transitions(user=quality_manager, obj=organization) == []


# --- Real concurrency (PostgreSQL row locks; SQLite serialises writers anyway) -------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_retirements_let_exactly_one_through(
    organization: Any, quality_manager: Any, owner: Any, process_owner: Any
) -> None:
    # given an active process, read by two managers at once
    process = _process(organization=organization, owner=process_owner, status="active")
    barrier = threading.Barrier(2, timeout=60)
    outcomes: list[str] = []

    def retire(actor: Any) -> None:
        try:
            copy = Process.objects.for_organization(organization).get(pk=process.pk)
            barrier.wait()
            model_transition(actor=actor, instance=copy, transition="retire", reason="Merged.")
            outcomes.append("retired")
        except TransitionRefused as error:
            outcomes.append(error.message)
        except BaseException as error:  # reported to the test
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    # when both retire it at the same time
    threads = [threading.Thread(target=retire, args=(actor,)) for actor in (quality_manager, owner)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then one got through; the other was told why, after the lock, from the stored state
    assert sorted(outcomes) == [
        "Only an active process can be retired; this one is retired.",
        "retired",
    ]
    assert AuditEvent.objects.for_subject(process).filter(event_type="process.retired").count() == 1
    assert Process.objects.for_organization(organization).get(pk=process.pk).version == 2
