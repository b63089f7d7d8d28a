"""Declared steps of an accreditation: active → suspended → active (reinstated), and
active or suspended → withdrawn, each with a reason (domain spec §5). Registered when
setup.register() imports this module."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qms.core.workflow import Transition, Workflow, register_workflow

from ..choices import AccreditationStatus
from ..models import Accreditation
from . import events, rules

ACCREDITATION_WORKFLOW = register_workflow(
    Accreditation,
    Workflow(
        field="status",
        states=AccreditationStatus,
        transitions=(
            Transition(
                name="suspend",
                label=_("Suspend"),
                done=_("suspended"),
                source=(AccreditationStatus.ACTIVE,),
                target=AccreditationStatus.SUSPENDED,
                permission="suspend",
                reason=True,
                event_type=events.ACCREDITATION_SUSPENDED,
            ),
            Transition(
                name="reinstate",
                label=_("Reinstate"),
                done=_("reinstated"),
                source=(AccreditationStatus.SUSPENDED,),
                target=AccreditationStatus.ACTIVE,
                permission="reinstate",
                guards=(rules.accreditation_still_valid,),
                reason=True,
                event_type=events.ACCREDITATION_REINSTATED,
            ),
            Transition(
                name="withdraw",
                label=_("Withdraw"),
                done=_("withdrawn"),
                source=(AccreditationStatus.ACTIVE, AccreditationStatus.SUSPENDED),
                target=AccreditationStatus.WITHDRAWN,
                permission="withdraw",
                reason=True,
                event_type=events.ACCREDITATION_WITHDRAWN,
            ),
        ),
    ),
)
