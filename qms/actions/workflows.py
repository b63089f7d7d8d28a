"""The action workflow: open → in progress → done, cancelled from any open state, and
reopened (with a reason) from done or cancelled. Registered from the app's `ready()`;
core serves it (page, API action, buttons)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qms.core.workflow import Transition, Workflow, register_workflow

from . import events, services
from .choices import ActionStatus
from .models import Action

ACTION_WORKFLOW = register_workflow(
    Action,
    Workflow(
        field="status",
        states=ActionStatus,
        transitions=(
            Transition(
                name="start",
                label=_("Start"),
                done=_("started"),
                source=(ActionStatus.OPEN,),
                target=ActionStatus.IN_PROGRESS,
                permission="start",
                event_type=events.ACTION_STARTED,
            ),
            Transition(
                name="complete",
                label=_("Complete"),
                done=_("completed"),
                source=(ActionStatus.OPEN, ActionStatus.IN_PROGRESS),
                target=ActionStatus.DONE,
                permission="complete",
                reason=True,  # the completion note: what was done
                event_type=events.ACTION_COMPLETED,
                effects=(services.action_record_completion,),
            ),
            Transition(
                name="cancel",
                label=_("Cancel"),
                done=_("cancelled"),
                source=(ActionStatus.OPEN, ActionStatus.IN_PROGRESS),
                target=ActionStatus.CANCELLED,
                permission="cancel",
                reason=True,
                event_type=events.ACTION_CANCELLED,
            ),
            Transition(
                name="reopen",
                label=_("Reopen"),
                done=_("reopened"),
                source=(ActionStatus.DONE, ActionStatus.CANCELLED),
                target=ActionStatus.OPEN,
                permission="reopen",
                reason=True,
                event_type=events.ACTION_REOPENED,
                effects=(services.action_clear_completion,),
            ),
        ),
    ),
)
