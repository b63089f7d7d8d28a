"""The disposition's one step: void it, with a reason (a disposition is never deleted)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qms.core.workflow import Transition, Workflow, register_workflow, workflow_for

from . import events, rules
from .choices import DispositionStatus
from .models import Disposition

DISPOSITION_WORKFLOW = Workflow(
    field="status",
    states=DispositionStatus,
    transitions=(
        Transition(
            name="void",
            label=_("Void"),
            done=_("voided"),
            source=(DispositionStatus.VALID,),
            target=DispositionStatus.VOIDED,
            permission="void",
            guards=(rules.disposition_voidable,),
            reason=True,
            event_type=events.DISPOSITION_VOIDED,
        ),
    ),
)


def register() -> None:
    """Attach the workflow (once, however often the app's ready() runs)."""
    if workflow_for(Disposition) is None:
        register_workflow(Disposition, DISPOSITION_WORKFLOW)
