"""Declared steps: a grant is revoked at once (reason); an evidence request is answered by
the organization (the answer is the step's text), then closed or re-opened by the external
person (portal, services.request_close / request_reopen) or by a manager."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from qms.actions.origins import register_origin_rule
from qms.core.workflow import Transition, Workflow, register_workflow

from . import events, services
from .choices import GrantStatus, RequestStatus
from .models import AccessGrant, EvidenceRequest

GRANT_WORKFLOW = register_workflow(
    AccessGrant,
    Workflow(
        field="status",
        states=GrantStatus,
        transitions=(
            Transition(
                name="revoke",
                label=_("Revoke access"),
                done=_("revoked"),
                source=(GrantStatus.ACTIVE,),
                target=GrantStatus.REVOKED,
                permission="revoke",
                reason=True,
                event_type=events.GRANT_REVOKED,
                effects=(services.grant_record_revocation,),
            ),
        ),
    ),
)

REQUEST_WORKFLOW = register_workflow(
    EvidenceRequest,
    Workflow(
        field="status",
        states=RequestStatus,
        transitions=(
            Transition(
                name="answer",
                label=_("Answer"),
                done=_("answered"),
                source=(RequestStatus.OPEN,),
                target=RequestStatus.ANSWERED,
                permission="answer",
                reason=True,  # the answer text
                event_type=events.REQUEST_ANSWERED,
                effects=(services.request_record_answer,),
            ),
            Transition(
                name="close",
                label=_("Close"),
                done=_("closed"),
                source=(RequestStatus.ANSWERED,),
                target=RequestStatus.CLOSED,
                permission="close",
                reason=False,
                event_type=events.REQUEST_CLOSED,
            ),
            Transition(
                name="reopen",
                label=_("Re-open"),
                done=_("re-opened"),
                source=(RequestStatus.ANSWERED, RequestStatus.CLOSED),
                target=RequestStatus.OPEN,
                permission="reopen",
                reason=True,
                event_type=events.REQUEST_REOPENED,
                effects=(services.request_record_reopen,),
            ),
        ),
    ),
)


def _request_takes_no_actions(origin: Any) -> str | None:
    if origin.status == RequestStatus.CLOSED:
        return "A closed evidence request takes no new action: re-open it first."
    return None


register_origin_rule(EvidenceRequest, _request_takes_no_actions)
