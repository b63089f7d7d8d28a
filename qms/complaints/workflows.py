"""The complaint workflow: received → acknowledged (date recorded) → responded (response
written and sent) → closed; a closed complaint is reopened with a reason. Escalation to a
nonconformity is not a state: it is an action open in every state but closed
(services.complaint_escalate)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qms.core.workflow import Transition, Workflow, register_workflow

from . import events, rules
from .choices import ComplaintStatus
from .models import Complaint

COMPLAINT_WORKFLOW = register_workflow(
    Complaint,
    Workflow(
        field="status",
        states=ComplaintStatus,
        transitions=(
            Transition(
                name="acknowledge",
                label=_("Acknowledge"),
                done=_("acknowledged"),
                source=(ComplaintStatus.RECEIVED,),
                target=ComplaintStatus.ACKNOWLEDGED,
                permission="acknowledge",
                guards=(rules.is_acknowledged,),
                event_type=events.COMPLAINT_ACKNOWLEDGED,
            ),
            Transition(
                name="respond",
                label=_("Mark answered"),
                done=_("marked answered"),
                source=(ComplaintStatus.ACKNOWLEDGED,),
                target=ComplaintStatus.RESPONDED,
                permission="respond",
                guards=(rules.is_acknowledged, rules.is_answered),
                event_type=events.COMPLAINT_RESPONDED,
            ),
            Transition(
                name="close",
                label=_("Close"),
                done=_("closed"),
                source=(ComplaintStatus.RESPONDED,),
                target=ComplaintStatus.CLOSED,
                permission="close",
                guards=(rules.is_answered,),
                event_type=events.COMPLAINT_CLOSED,
            ),
            Transition(
                name="reopen",
                label=_("Reopen"),
                done=_("reopened"),
                source=(ComplaintStatus.CLOSED,),
                target=ComplaintStatus.ACKNOWLEDGED,
                permission="reopen",
                reason=True,
                event_type=events.COMPLAINT_REOPENED,
            ),
        ),
    ),
)
