"""The risk workflow: identified → assessed (rated) → treatment planned (treatment and plan,
actions unless retained; an opportunity: decided) → approved (by the owner, signed; a snapshot
is kept) → closed (reason). "Revise" sends an approved entry back to planning (reason);
"reopen" brings a closed one back (reason)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from qms.core.workflow import Transition, Workflow, register_workflow

from . import events, rules, services
from .choices import OPEN_STATES, RiskStatus
from .models import Risk

S = RiskStatus


# --- Guards: read the facts, let the pure rules (rules.py) decide -------------------------


def _actions_counts(obj: Any) -> tuple[int, int]:
    """(open actions, actions not cancelled) of the entry, from the one action tracker."""
    from qms.actions.choices import OPEN_STATES as ACTION_OPEN_STATES
    from qms.actions.choices import ActionStatus
    from qms.actions.selectors import actions_of

    statuses = list(actions_of(origin=obj).values_list("status", flat=True))
    live = [status for status in statuses if status != ActionStatus.CANCELLED]
    open_count = sum(1 for status in live if status in ACTION_OPEN_STATES)
    return open_count, len(live)


def is_assessed(*, obj: Any, actor: Any) -> str | None:
    return rules.assessment_problem(
        kind=obj.kind,
        inherent=(obj.inherent_likelihood, obj.inherent_consequence),
        value=(obj.value, obj.effort),
    )


def is_planned(*, obj: Any, actor: Any) -> str | None:
    open_count, all_count = _actions_counts(obj)
    return rules.planning_problem(
        kind=obj.kind,
        treatment=obj.treatment,
        plan=obj.treatment_plan,
        residual=(obj.residual_likelihood, obj.residual_consequence),
        decision=obj.decision,
        decision_reason=obj.decision_reason,
        open_actions=open_count,
        all_actions=all_count,
    )


def is_owner(*, obj: Any, actor: Any) -> str | None:
    return rules.approval_problem(owner_id=obj.owner_id, actor_id=getattr(actor, "pk", None))


RISK_WORKFLOW = register_workflow(
    Risk,
    Workflow(
        field="status",
        states=RiskStatus,
        transitions=(
            Transition(
                name="assess",
                label=_("Mark assessed"),
                done=_("assessed"),
                source=(S.IDENTIFIED,),
                target=S.ASSESSED,
                permission="assess",
                guards=(is_assessed,),
                event_type=events.RISK_ASSESSED,
            ),
            Transition(
                name="plan",
                label=_("Submit treatment plan"),
                done=_("planned"),
                source=(S.ASSESSED,),
                target=S.PLANNED,
                permission="plan",
                guards=(is_assessed, is_planned),
                event_type=events.RISK_PLANNED,
            ),
            Transition(
                name="approve",
                label=_("Approve treatment (owner)"),
                done=_("approved"),
                source=(S.PLANNED,),
                target=S.APPROVED,
                permission="approve",
                guards=(is_owner, is_assessed, is_planned),
                signature="approved",
                event_type=events.RISK_APPROVED,
                effects=(services.record_approval,),
            ),
            Transition(
                name="revise",
                label=_("Revise treatment"),
                done=_("sent back for revision"),
                source=(S.PLANNED, S.APPROVED),
                target=S.ASSESSED,
                permission="revise",
                reason=True,
                event_type=events.RISK_REVISED,
            ),
            Transition(
                name="close",
                label=_("Close"),
                done=_("closed"),
                source=tuple(OPEN_STATES),
                target=S.CLOSED,
                permission="close",
                reason=True,
                event_type=events.RISK_CLOSED,
                effects=(services.mark_closed,),
            ),
            Transition(
                name="reopen",
                label=_("Reopen"),
                done=_("reopened"),
                source=(S.CLOSED,),
                target=S.ASSESSED,
                permission="reopen",
                reason=True,
                event_type=events.RISK_REOPENED,
                effects=(services.mark_reopened,),
            ),
        ),
    ),
)
