from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qms.accounts.tests.factories import PASSWORD
from qms.actions.services import action_create
from qms.core.audit import AuditEvent
from qms.core.errors import Conflict, StaleVersion, TransitionRefused
from qms.core.notifications import Notification
from qms.core.workflow import model_transition
from qms.risks import services
from qms.risks.models import Risk, RiskApproval, RiskAssessment, RiskReviewPrompt
from qms.risks.snapshots import snapshot_changes

pytestmark = pytest.mark.django_db


def _action(risk: Risk, actor: Any) -> Any:
    return action_create(
        actor=actor,
        organization=risk.organization,
        data={
            "title": "Recall list for gauges",
            "owner": actor,
            "due_date": timezone.localdate() + timedelta(days=30),
        },
        origin=risk,
    )


def test_create_numbers_scores_and_first_assessment(make_risk: Any) -> None:
    risk = make_risk()
    year = timezone.localdate().year
    assert risk.number == f"RSK-{year}-0001"
    assert (risk.inherent_score, risk.inherent_band) == (12, "high")
    assert risk.next_review_on is not None
    assert RiskAssessment.objects.filter(risk=risk).count() == 1
    assert AuditEvent.objects.filter(event_type="risk.created", subject_id=str(risk.pk)).exists()
    opportunity = make_risk(
        kind="opportunity",
        title="Sell calibration services",
        inherent_likelihood=None,
        inherent_consequence=None,
        cause="",
        effect="",
        value=3,
        effort=2,
    )
    assert opportunity.number == f"OPP-{year}-0001"
    assert (opportunity.inherent_score, opportunity.inherent_band) == (6, "high")


def test_rating_outside_matrix_refused_nothing_written(make_risk: Any) -> None:
    with pytest.raises(ValidationError) as error:
        make_risk(inherent_likelihood=6)
    assert "inherent_likelihood" in error.value.message_dict
    assert Risk.objects.for_organization(None).count() == 0
    assert not Risk._base_manager.exists()


def test_opportunity_fields_on_a_risk_refused(make_risk: Any) -> None:
    with pytest.raises(ValidationError) as error:
        make_risk(value=2)
    assert "value" in error.value.message_dict


def test_rerating_appends_assessment(make_risk: Any, quality_manager: Any) -> None:
    risk = make_risk()
    risk = services.risk_update(
        actor=quality_manager,
        instance=risk,
        data={"inherent_likelihood": 5},
        version=risk.version,
    )
    assert (risk.inherent_score, risk.inherent_band) == (20, "critical")
    assert RiskAssessment.objects.filter(risk=risk).count() == 2
    services.risk_update(actor=quality_manager, instance=risk, data={"title": "Gauges overdue"})
    assert RiskAssessment.objects.filter(risk=risk).count() == 2


def test_stale_version_is_refused(make_risk: Any, quality_manager: Any) -> None:
    risk = make_risk()
    services.risk_update(actor=quality_manager, instance=risk, data={"title": "A"})
    with pytest.raises(StaleVersion):
        services.risk_update(actor=quality_manager, instance=risk, data={"title": "B"}, version=1)


def _plan(risk: Risk, actor: Any, treatment: str = "change_likelihood") -> Risk:
    risk = services.risk_update(
        actor=actor,
        instance=risk,
        data={
            "treatment": treatment,
            "treatment_plan": "Recall list, monthly check",
            "residual_likelihood": 1,
            "residual_consequence": 4,
        },
    )
    return model_transition(actor=actor, instance=risk, transition="assess")


def test_workflow_to_approval_with_snapshot(
    make_risk: Any, quality_manager: Any, process_owner: Any
) -> None:
    risk = _plan(make_risk(), quality_manager)
    with pytest.raises(TransitionRefused, match="at least one action"):
        model_transition(actor=quality_manager, instance=risk, transition="plan")
    action = _action(risk, quality_manager)
    risk = model_transition(actor=quality_manager, instance=risk, transition="plan")
    assert risk.status == "planned"
    # Only the owner approves, with a password.
    other = services.risk_update(
        actor=quality_manager, instance=risk, data={"owner": process_owner}
    )
    with pytest.raises(TransitionRefused, match="Only the owner"):
        model_transition(
            actor=quality_manager,
            instance=other,
            transition="approve",
            password=PASSWORD,
            meaning="approved",
        )
    risk = services.risk_update(
        actor=quality_manager, instance=other, data={"owner": quality_manager}
    )
    risk = model_transition(
        actor=quality_manager,
        instance=risk,
        transition="approve",
        password=PASSWORD,
        meaning="approved",
    )
    assert risk.status == "approved"
    approval = RiskApproval.objects.get(risk=risk)
    assert approval.signature_id is not None
    frozen = dict(approval.snapshot)
    assert frozen["inherent_band"] == "high" and frozen["residual_score"] == 4
    assert frozen["actions"][0]["number"] == action.number
    assert frozen["matrix"] == "5x5"
    # Later edits never change the snapshot; the diff names what changed.
    services.risk_update(
        actor=quality_manager,
        instance=risk,
        data={"treatment_plan": "Changed plan", "inherent_consequence": 5},
    )
    approval.refresh_from_db()
    assert approval.snapshot == frozen
    risk.refresh_from_db()
    bands = services.band_labels(services.matrix_for(risk.organization_id), risk.kind)
    changes = {
        n: (a, b)
        for n, a, b in snapshot_changes(
            approval.snapshot, services.risk_snapshot(risk), bands=bands
        )
    }
    assert changes["Treatment plan"] == ("Recall list, monthly check", "Changed plan")
    before, now = changes["Inherent rating"]
    assert before.startswith("3 x 4 = 12 (") and now.startswith("3 x 5 = 15 (")
    assert "inherent_band" not in changes and "inherent_score" not in changes


def test_retain_needs_no_action(make_risk: Any, quality_manager: Any) -> None:
    risk = _plan(make_risk(), quality_manager, treatment="retain")
    risk = model_transition(actor=quality_manager, instance=risk, transition="plan")
    assert risk.status == "planned"


def test_close_reopen_and_closed_entry_takes_no_action(
    make_risk: Any, quality_manager: Any
) -> None:
    risk = make_risk()
    with pytest.raises(TransitionRefused):
        model_transition(actor=quality_manager, instance=risk, transition="close")  # no reason
    risk = model_transition(
        actor=quality_manager,
        instance=risk,
        transition="close",
        reason="Gauges replaced by a calibrated set",
    )
    assert risk.status == "closed"
    risk.refresh_from_db()
    assert risk.closed_on == timezone.localdate()
    with pytest.raises(ValidationError):
        _action(risk, quality_manager)
    with pytest.raises(Conflict):
        services.risk_update(actor=quality_manager, instance=risk, data={"title": "X"})
    risk = model_transition(
        actor=quality_manager, instance=risk, transition="reopen", reason="Came back"
    )
    risk.refresh_from_db()
    assert risk.status == "assessed" and risk.closed_on is None


def test_review_moves_dates_and_resolves_prompts(make_risk: Any, quality_manager: Any) -> None:
    risk = make_risk()
    assert services.risk_review_prompt(
        actor=quality_manager,
        risk=risk,
        reason="Recurring NC",
        source_label="NC-2026-0004",
        source_url="/nonconformities/4/",
    )
    risk.refresh_from_db()
    assert risk.next_review_on == timezone.localdate()
    assert AuditEvent.objects.filter(event_type="risk.review_prompted").count() == 1
    assert Notification.objects.filter(kind="risk.review_prompted").count() == 1
    # The same source again: nothing.
    assert not services.risk_review_prompt(
        actor=quality_manager,
        risk=risk,
        reason="again",
        source_label="NC-2026-0004",
        source_url="/nonconformities/4/",
    )
    assert AuditEvent.objects.filter(event_type="risk.review_prompted").count() == 1
    services.risk_record_review(
        actor=quality_manager, risk=risk, outcome="no_change", notes="Checked"
    )
    risk.refresh_from_db()
    assert risk.last_reviewed_on == timezone.localdate()
    assert risk.next_review_on > timezone.localdate()
    assert RiskReviewPrompt.objects.get().resolved_on == timezone.localdate()


def test_review_prompt_event_reads_the_stored_date_not_the_callers_copy(
    make_risk: Any, quality_manager: Any
) -> None:
    """An entry already due keeps its date; the event's "after" is the stored date even when
    the caller's instance is stale."""
    risk = make_risk()
    overdue = timezone.localdate() - timedelta(days=3)
    Risk._base_manager.filter(pk=risk.pk).update(next_review_on=overdue)
    risk.next_review_on = timezone.localdate() + timedelta(days=90)  # stale copy
    assert services.risk_review_prompt(
        actor=quality_manager,
        risk=risk,
        reason="Recurring NC",
        source_label="NC-2026-0005",
        source_url="/nonconformities/5/",
    )
    event = AuditEvent.objects.get(event_type="risk.review_prompted")
    assert event.after == {"next_review_on": overdue.isoformat()}
    assert risk.next_review_on == overdue
    risk.refresh_from_db()
    assert risk.next_review_on == overdue


def test_matrix_change_validated_and_rebands(
    make_risk: Any, organization: Any, quality_manager: Any
) -> None:
    risk = make_risk(inherent_likelihood=5, inherent_consequence=5)
    with pytest.raises(ValidationError) as error:
        services.matrix_update(
            actor=quality_manager,
            organization=organization,
            data={
                "likelihood_labels": ["a", "b", "c"],
                "bands": [
                    {"key": "low", "label": "Low", "min_score": 1, "colour": "#00aa00"},
                    {"key": "high", "label": "High", "min_score": 10, "colour": "#ff0000"},
                ],
            },
        )
    assert "level 5" in error.value.message_dict["likelihood_labels"][0]
    bands = [
        {"key": "low", "label": "Low", "min_score": 1, "colour": "#00aa00"},
        {"key": "high", "label": "High", "min_score": 20, "colour": "#ff0000"},
    ]
    services.matrix_update(actor=quality_manager, organization=organization, data={"bands": bands})
    risk.refresh_from_db()
    assert risk.inherent_band == "high"
    services.matrix_update(
        actor=quality_manager,
        organization=organization,
        data={
            "bands": [
                {"key": "low", "label": "Low", "min_score": 1, "colour": "#00aa00"},
                {"key": "high", "label": "High", "min_score": 25, "colour": "#ff0000"},
            ]
        },
    )
    risk.refresh_from_db()
    assert risk.inherent_band == "high"
    with pytest.raises(ValidationError) as error:
        services.matrix_update(
            actor=quality_manager,
            organization=organization,
            data={"bands": [{"key": "x", "label": "X", "min_score": 2, "colour": "#000000"}]},
        )
    assert "bands" in error.value.message_dict


def test_owner_must_be_a_member_on_create_and_edit(
    make_risk: Any, quality_manager: Any, outsider: Any
) -> None:
    """The owner check is accounts.selectors.check_member: beside the field, nothing written."""
    with pytest.raises(ValidationError) as error:
        make_risk(owner=outsider)
    assert "owner" in error.value.message_dict
    assert not Risk._base_manager.exists()
    risk = make_risk()
    with pytest.raises(ValidationError) as error:
        services.risk_update(actor=quality_manager, instance=risk, data={"owner": outsider})
    assert "owner" in error.value.message_dict
    risk.refresh_from_db()
    assert risk.owner_id == quality_manager.pk
