"""The nonconformity workflow end to end through model_transition, its page and its API:
every guard refuses with its reason and writes nothing; an ineffective check starts a new
action cycle; closing earlier names every missing condition."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from qms.accounts.tests.factories import PASSWORD
from qms.core.audit import AuditEvent
from qms.core.errors import TransitionRefused
from qms.core.notifications import Notification
from qms.core.workflow import model_transition
from qms.nonconformities.models import EffectivenessCheck, Nonconformity
from qms.nonconformities.services import nonconformity_update

from .conftest import complete, fresh

pytestmark = pytest.mark.django_db


def unchanged(nc: Nonconformity) -> tuple[Any, ...]:
    row = fresh(nc)
    return (row.status, row.version, row.cycle, AuditEvent.objects.for_subject(nc).count())


def refused(nc: Nonconformity, actor: Any, name: str, **kwargs: Any) -> str:
    before = unchanged(nc)
    with pytest.raises(TransitionRefused) as error:
        model_transition(actor=actor, instance=fresh(nc), transition=name, **kwargs)
    assert unchanged(nc) == before
    return str(error.value)


def test_containment_needs_containment_and_correction(reported, quality_manager):
    message = refused(reported, quality_manager, "record_containment")
    assert "containment" in message and "correction" in message
    nonconformity_update(
        actor=quality_manager, instance=reported, data={"containment": "Quarantined."}
    )
    assert "correction" in refused(reported, quality_manager, "record_containment")


def test_analysis_needs_a_root_cause_of_the_cycle(reported, quality_manager, root_causes):
    nc = nonconformity_update(
        actor=quality_manager,
        instance=reported,
        data={"containment": "Quarantined.", "correction": "Reworked."},
    )
    model_transition(actor=quality_manager, instance=nc, transition="record_containment")
    assert "root cause" in refused(nc, quality_manager, "analyse")
    root_causes[(nc.pk, 1)] = "Worn fixture."
    assert model_transition(actor=quality_manager, instance=fresh(nc), transition="analyse")


def test_the_plan_needs_a_corrective_action_of_the_cycle_and_a_check_date(
    reported, quality_manager, employee, root_causes, corrective_action
):
    qm = quality_manager
    nc = nonconformity_update(
        actor=qm, instance=reported, data={"containment": "Q.", "correction": "R."}
    )
    model_transition(actor=qm, instance=nc, transition="record_containment")
    root_causes[(nc.pk, 1)] = "Worn fixture."
    model_transition(actor=qm, instance=fresh(nc), transition="analyse")
    message = refused(nc, qm, "plan")
    assert "corrective action" in message and "date" in message
    corrective_action(nc, employee, actor=qm, kind="correction")  # a correction is not enough
    assert "corrective action" in refused(nc, qm, "plan")
    corrective_action(nc, employee, actor=qm)
    assert "date" in refused(nc, qm, "plan")
    nonconformity_update(
        actor=qm, instance=fresh(nc), data={"verification_due": timezone.localdate()}
    )
    assert model_transition(actor=qm, instance=fresh(nc), transition="plan").status == "planned"


def test_implemented_only_when_no_corrective_action_is_open(
    reported, quality_manager, employee, root_causes, corrective_action
):
    qm = quality_manager
    nc = nonconformity_update(
        actor=qm,
        instance=reported,
        data={"containment": "Q.", "correction": "R.", "verification_due": timezone.localdate()},
    )
    model_transition(actor=qm, instance=nc, transition="record_containment")
    root_causes[(nc.pk, 1)] = "Worn fixture."
    model_transition(actor=qm, instance=fresh(nc), transition="analyse")
    first = corrective_action(nc, employee, actor=qm)
    second = corrective_action(nc, qm, actor=qm)
    model_transition(actor=qm, instance=fresh(nc), transition="plan")
    assert "2 corrective actions are still open" in refused(nc, qm, "implement")
    complete(first, actor=employee)
    assert "1 corrective action is still open" in refused(nc, qm, "implement")
    model_transition(actor=qm, instance=second, transition="cancel", reason="Not needed.")
    assert model_transition(actor=qm, instance=fresh(nc), transition="implement")


def test_the_action_owner_may_not_verify_their_own_work(implemented, employee, auditor):
    # The employee owns the corrective action; their role cannot verify at all, and the
    # rule refuses anyone owning one of the cycle's actions.
    from qms.nonconformities import rules
    from qms.nonconformities.workflows import facts_of

    assert rules.not_independent(
        actor_id=employee.pk, action_owner_ids=facts_of(fresh(implemented)).action_owner_ids
    )
    nc = model_transition(
        actor=auditor,
        instance=fresh(implemented),
        transition="verify",
        reason="No recurrence in 400 parts.",
        password=PASSWORD,
    )
    assert nc.status == "verified"
    check = EffectivenessCheck.objects.for_organization(nc.organization_id).get(nonconformity=nc)
    assert (check.effective, check.checked_by, check.cycle) == (True, auditor, 1)
    assert check.notes == "No recurrence in 400 parts." and check.planned_on == nc.verification_due


def test_an_action_owner_with_the_role_is_still_refused(
    reported, quality_manager, root_causes, corrective_action, owner
):
    """The quality manager owns a corrective action: they may not verify it, another may."""
    qm = quality_manager
    nc = nonconformity_update(
        actor=qm,
        instance=reported,
        data={"containment": "Q.", "correction": "R.", "verification_due": timezone.localdate()},
    )
    model_transition(actor=qm, instance=nc, transition="record_containment")
    root_causes[(nc.pk, 1)] = "Worn fixture."
    model_transition(actor=qm, instance=fresh(nc), transition="analyse")
    action = corrective_action(nc, qm, actor=qm)
    model_transition(actor=qm, instance=fresh(nc), transition="plan")
    complete(action, actor=qm)
    model_transition(actor=qm, instance=fresh(nc), transition="implement")
    message = refused(nc, qm, "verify", reason="Fine.", password=PASSWORD)
    assert "someone else" in message
    assert "someone else" in refused(nc, qm, "verify_ineffective", reason="Recurred.")
    assert model_transition(
        actor=owner, instance=fresh(nc), transition="verify", reason="Fine.", password=PASSWORD
    )


def test_not_before_the_planned_date(implemented, quality_manager, auditor):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    nonconformity_update(
        actor=quality_manager, instance=fresh(implemented), data={"verification_due": tomorrow}
    )
    message = refused(implemented, auditor, "verify", reason="Fine.", password=PASSWORD)
    assert tomorrow.isoformat() in message


def test_verify_is_signed_and_needs_the_notes(implemented, auditor):
    assert "reason" in refused(implemented, auditor, "verify", password=PASSWORD).lower()
    assert "password" in refused(implemented, auditor, "verify", reason="Fine.")


def test_closing_early_names_every_missing_condition(reported, quality_manager):
    message = refused(reported, quality_manager, "close")
    assert "no root cause" in message
    assert "no corrective action is completed" in message
    assert "no effectiveness check" in message


def test_closing_after_an_effective_check(implemented, auditor, quality_manager):
    model_transition(
        actor=auditor,
        instance=fresh(implemented),
        transition="verify",
        reason="No recurrence.",
        password=PASSWORD,
    )
    nc = model_transition(actor=quality_manager, instance=fresh(implemented), transition="close")
    nc = fresh(nc)
    assert nc.status == "closed" and nc.closed_by == quality_manager and nc.closed_at


def test_an_ineffective_check_starts_a_new_cycle_and_tells_the_owner(
    implemented, auditor, quality_manager, process_owner, root_causes, corrective_action, employee
):
    mail.outbox.clear()
    nc = model_transition(
        actor=auditor,
        instance=fresh(implemented),
        transition="verify_ineffective",
        reason="Two more housings out of tolerance last week.",
    )
    nc = fresh(nc)
    assert (nc.status, nc.cycle, nc.verification_due) == ("contained", 2, None)
    check = EffectivenessCheck.objects.for_organization(nc.organization_id).get(nonconformity=nc)
    assert (check.effective, check.cycle) == (False, 1)
    assert Notification.objects.filter(
        recipient=process_owner, kind="nonconformity.ineffective"
    ).exists()
    # Cycle 2: cycle 1's root cause, completed action and check no longer count.
    message = refused(nc, quality_manager, "close")
    assert message.count(";") == 2
    assert "root cause" in refused(nc, quality_manager, "analyse")
    root_causes[(nc.pk, 2)] = "The gauge itself drifted."
    model_transition(actor=quality_manager, instance=fresh(nc), transition="analyse")
    action = corrective_action(nc, employee, actor=quality_manager)
    assert action.cycle == 2
    nonconformity_update(
        actor=quality_manager, instance=fresh(nc), data={"verification_due": timezone.localdate()}
    )
    model_transition(actor=quality_manager, instance=fresh(nc), transition="plan")
    complete(action, actor=employee)
    model_transition(actor=quality_manager, instance=fresh(nc), transition="implement")
    model_transition(
        actor=auditor, instance=fresh(nc), transition="verify", reason="OK.", password=PASSWORD
    )
    assert model_transition(actor=quality_manager, instance=fresh(nc), transition="close")


def test_reopen_needs_a_reason_and_starts_a_new_cycle(implemented, auditor, quality_manager):
    model_transition(
        actor=auditor,
        instance=fresh(implemented),
        transition="verify",
        reason="OK.",
        password=PASSWORD,
    )
    model_transition(actor=quality_manager, instance=fresh(implemented), transition="close")
    assert "reason" in refused(implemented, quality_manager, "reopen").lower()
    nc = model_transition(
        actor=quality_manager,
        instance=fresh(implemented),
        transition="reopen",
        reason="Customer found the defect again.",
    )
    nc = fresh(nc)
    assert (nc.status, nc.cycle, nc.closed_at, nc.closed_by) == ("contained", 2, None, None)


def test_a_closed_nonconformity_is_not_edited(implemented, auditor, quality_manager):
    from django.core.exceptions import ValidationError

    model_transition(
        actor=auditor,
        instance=fresh(implemented),
        transition="verify",
        reason="OK.",
        password=PASSWORD,
    )
    model_transition(actor=quality_manager, instance=fresh(implemented), transition="close")
    with pytest.raises(ValidationError):
        nonconformity_update(
            actor=quality_manager, instance=fresh(implemented), data={"title": "Changed"}
        )


# --- Page and API --------------------------------------------------------------------------


def test_the_page_shows_why_close_is_not_possible_yet(client_for, quality_manager, reported):
    response = client_for(quality_manager).get(reported.get_absolute_url())
    assert response.status_code == 200
    assert "no effectiveness check is recorded" in response.content.decode()


def test_the_api_refuses_an_early_close_with_409(api_client_for, quality_manager, reported):
    url = reverse("api:nonconformities-nonconformity-transition", args=[reported.pk, "close"])
    before = unchanged(reported)
    response = api_client_for(quality_manager).post(url, {}, format="json")
    assert response.status_code == 409
    assert "no root cause" in response.json()["message"]
    assert unchanged(reported) == before


def test_a_viewer_may_take_no_step(api_client_for, viewer, reported):
    url = reverse(
        "api:nonconformities-nonconformity-transition", args=[reported.pk, "record_containment"]
    )
    assert api_client_for(viewer).post(url, {}, format="json").status_code == 403


def test_another_organizations_nc_is_404(api_client_for, outsider, reported):
    url = reverse("api:nonconformities-nonconformity-transition", args=[reported.pk, "close"])
    assert api_client_for(outsider).post(url, {}, format="json").status_code == 404
