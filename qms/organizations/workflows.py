"""The process workflow: draft → active (owner required, signed "approved") → retired
(reason required). Registered from the app's `ready()`; core serves it (page, API, buttons)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qms.core.signatures import Meaning
from qms.core.workflow import Transition, Workflow, register_workflow

from . import events, rules
from .choices import ProcessStatus
from .models import Process

PROCESS_WORKFLOW = register_workflow(
    Process,
    Workflow(
        field="status",
        states=ProcessStatus,
        transitions=(
            Transition(
                name="activate",
                label=_("Activate"),
                done=_("activated"),
                source=(ProcessStatus.DRAFT,),
                target=ProcessStatus.ACTIVE,
                permission="activate",
                guards=(rules.has_owner,),
                event_type=events.PROCESS_ACTIVATED,
                signature=Meaning.APPROVED,
            ),
            Transition(
                name="retire",
                label=_("Retire"),
                done=_("retired"),
                source=(ProcessStatus.ACTIVE,),
                target=ProcessStatus.RETIRED,
                permission="retire",
                reason=True,
                event_type=events.PROCESS_RETIRED,
            ),
        ),
    ),
)
