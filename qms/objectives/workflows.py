"""The objective lifecycle: draft → active → achieved / not achieved, cancelled from draft
or active (reason), reopened from a closed state (reason). The performance status is
computed separately (rules.performance), never set by a step."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from qms.actions.origins import register_origin_rule
from qms.core.workflow import Transition, Workflow, register_workflow

from . import events, rules
from .choices import ObjectiveStatus as S
from .models import QualityObjective

# --- Guards: read the facts, let the pure rules (rules.py) decide -------------------------


def has_measurements(*, obj: object, actor: object) -> str | None:
    """Guard of achieved / not achieved: the verdict rests on at least one measurement."""
    from .selectors import valid_measurement_count

    count = valid_measurement_count(objective=obj)  # type: ignore[arg-type]
    return rules.transition_problem(status=getattr(obj, "status", ""), measurements=count)


OBJECTIVE_WORKFLOW = register_workflow(
    QualityObjective,
    Workflow(
        field="status",
        states=S,
        transitions=(
            Transition(
                name="activate",
                label=_("Activate"),
                done=_("activated"),
                source=(S.DRAFT,),
                target=S.ACTIVE,
                permission="activate",
                event_type=events.OBJECTIVE_ACTIVATED,
            ),
            Transition(
                name="achieve",
                label=_("Mark achieved"),
                done=_("marked achieved"),
                source=(S.ACTIVE,),
                target=S.ACHIEVED,
                permission="achieve",
                guards=(has_measurements,),
                reason=True,
                event_type=events.OBJECTIVE_ACHIEVED,
            ),
            Transition(
                name="not_achieve",
                label=_("Mark not achieved"),
                done=_("marked not achieved"),
                source=(S.ACTIVE,),
                target=S.NOT_ACHIEVED,
                permission="not_achieve",
                guards=(has_measurements,),
                reason=True,
                event_type=events.OBJECTIVE_NOT_ACHIEVED,
            ),
            Transition(
                name="cancel",
                label=_("Cancel"),
                done=_("cancelled"),
                source=(S.DRAFT, S.ACTIVE),
                target=S.CANCELLED,
                permission="cancel",
                reason=True,
                event_type=events.OBJECTIVE_CANCELLED,
            ),
            Transition(
                name="reopen",
                label=_("Reopen"),
                done=_("reopened"),
                source=(S.ACHIEVED, S.NOT_ACHIEVED, S.CANCELLED),
                target=S.ACTIVE,
                permission="reopen",
                reason=True,
                event_type=events.OBJECTIVE_REOPENED,
            ),
        ),
    ),
)


def _takes_no_actions(origin: Any) -> str | None:
    return rules.takes_no_actions(status=origin.status)


register_origin_rule(QualityObjective, _takes_no_actions)
