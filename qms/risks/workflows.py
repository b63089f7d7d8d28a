"""The risk workflow: identified → assessed (rated) → treatment planned (treatment and plan,
actions unless retained; an opportunity: decided) → approved (by the owner, signed; a snapshot
is kept) → closed (reason). "Revise" sends an approved entry back to planning (reason);
"reopen" brings a closed one back (reason)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qms.core.workflow import Transition, Workflow, register_workflow

from . import events, rules, services
from .choices import OPEN_STATES, RiskStatus
from .models import Risk

S = RiskStatus

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
                guards=(rules.is_assessed,),
                event_type=events.RISK_ASSESSED,
            ),
            Transition(
                name="plan",
                label=_("Submit treatment plan"),
                done=_("planned"),
                source=(S.ASSESSED,),
                target=S.PLANNED,
                permission="plan",
                guards=(rules.is_assessed, rules.is_planned),
                event_type=events.RISK_PLANNED,
            ),
            Transition(
                name="approve",
                label=_("Approve treatment (owner)"),
                done=_("approved"),
                source=(S.PLANNED,),
                target=S.APPROVED,
                permission="approve",
                guards=(rules.is_owner, rules.is_assessed, rules.is_planned),
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
