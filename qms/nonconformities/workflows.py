"""The nonconformity workflow (ISO 9001 §10.2), registered from the app's `ready()`:

reported → contained → analysed → planned → implemented → verified → closed, with
`verify_ineffective` (implemented → contained, a new action cycle), `close` from every open
state (its guard names every missing condition at once) and `reopen` (closed → contained, a
reason, a new action cycle). Core serves it: page, API action, buttons, history.

The guards here only gather facts (selectors.cycle_facts, cached on the record for one
request) and hand them to the pure rules in rules.py.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.actions.origins import register_origin_rule
from qms.core.signatures import Meaning
from qms.core.workflow import Transition, Workflow, register_workflow

from . import events, rules, services
from .choices import OPEN_STATES, NonconformityStatus
from .models import Nonconformity
from .selectors import CycleFacts, cycle_facts

S = NonconformityStatus
_FACTS = "_nc_cycle_facts"


def facts_of(obj: Nonconformity) -> CycleFacts:
    """The current cycle's facts, read once per record instance (a transition re-reads the
    row, so it decides on fresh facts)."""
    cached = obj.__dict__.get(_FACTS)
    if cached is None or cached[0] != (obj.cycle, obj.version):
        cached = ((obj.cycle, obj.version), cycle_facts(nonconformity=obj))
        obj.__dict__[_FACTS] = cached
    facts: CycleFacts = cached[1]
    return facts


def _actor_id(actor: Any) -> int | None:
    return getattr(actor, "pk", None)


def has_containment(*, obj: Nonconformity, actor: Any) -> str | None:
    return rules.containment_missing(containment=obj.containment, correction=obj.correction)


def has_root_cause(*, obj: Nonconformity, actor: Any) -> str | None:
    return rules.root_cause_missing(root_cause=facts_of(obj).root_cause)


def has_plan(*, obj: Nonconformity, actor: Any) -> str | None:
    return rules.plan_missing(
        corrective_actions=facts_of(obj).corrective_actions,
        verification_due=obj.verification_due,
    )


def is_implemented(*, obj: Nonconformity, actor: Any) -> str | None:
    facts = facts_of(obj)
    return rules.implementation_missing(done=facts.done, still_open=facts.still_open)


def is_independent(*, obj: Nonconformity, actor: Any) -> str | None:
    return rules.not_independent(
        actor_id=_actor_id(actor), action_owner_ids=facts_of(obj).action_owner_ids
    )


def is_due(*, obj: Nonconformity, actor: Any) -> str | None:
    return rules.too_early(today=timezone.localdate(), verification_due=obj.verification_due)


def may_close(*, obj: Nonconformity, actor: Any) -> str | None:
    facts = facts_of(obj)
    return rules.close_missing(
        root_cause=facts.root_cause,
        completed_corrective=facts.done,
        checks=facts.checks,
        action_owner_ids=facts.action_owner_ids,
    )


NONCONFORMITY_WORKFLOW = register_workflow(
    Nonconformity,
    Workflow(
        field="status",
        states=NonconformityStatus,
        transitions=(
            Transition(
                name="record_containment",
                label=_("Record containment"),
                done=_("contained"),
                source=(S.REPORTED,),
                target=S.CONTAINED,
                permission="record_containment",
                guards=(has_containment,),
                event_type=events.NONCONFORMITY_CONTAINED,
            ),
            Transition(
                name="analyse",
                label=_("Root cause analysed"),
                done=_("marked as analysed"),
                source=(S.CONTAINED,),
                target=S.ANALYSED,
                permission="analyse",
                guards=(has_root_cause,),
                event_type=events.NONCONFORMITY_ANALYSED,
            ),
            Transition(
                name="plan",
                label=_("Agree action plan"),
                done=_("planned"),
                source=(S.ANALYSED,),
                target=S.PLANNED,
                permission="plan",
                guards=(has_root_cause, has_plan),
                event_type=events.NONCONFORMITY_PLANNED,
            ),
            Transition(
                name="implement",
                label=_("Actions implemented"),
                done=_("marked as implemented"),
                source=(S.PLANNED,),
                target=S.IMPLEMENTED,
                permission="implement",
                guards=(is_implemented,),
                event_type=events.NONCONFORMITY_IMPLEMENTED,
            ),
            Transition(
                name="verify",
                label=_("Verify effectiveness"),
                done=_("verified"),
                source=(S.IMPLEMENTED,),
                target=S.VERIFIED,
                permission="verify",
                guards=(is_independent, is_due),
                reason=True,
                signature=Meaning.VERIFIED,
                event_type=events.NONCONFORMITY_VERIFIED,
                effects=(services.verify_effect,),
            ),
            Transition(
                name="verify_ineffective",
                label=_("Record as not effective"),
                done=_("found not effective"),
                source=(S.IMPLEMENTED,),
                target=S.CONTAINED,
                permission="verify_ineffective",
                guards=(is_independent,),
                reason=True,
                event_type=events.NONCONFORMITY_INEFFECTIVE,
                effects=(services.verify_ineffective_effect,),
            ),
            Transition(
                name="close",
                label=_("Close the nonconformity"),
                done=_("closed"),
                source=OPEN_STATES,
                target=S.CLOSED,
                permission="close",
                guards=(may_close,),
                event_type=events.NONCONFORMITY_CLOSED,
                effects=(services.close_effect,),
            ),
            Transition(
                name="reopen",
                label=_("Reopen"),
                done=_("reopened"),
                source=(S.CLOSED,),
                target=S.CONTAINED,
                permission="reopen",
                reason=True,
                event_type=events.NONCONFORMITY_REOPENED,
                effects=(services.reopen_effect,),
            ),
        ),
    ),
)


def _takes_no_actions(origin: Any) -> str | None:
    """The origin rule of the one action tracker: no new action on a closed or verified NC."""
    return rules.takes_no_actions(status=origin.status)


register_origin_rule(Nonconformity, _takes_no_actions)
