"""Workflows of the audit programme (registered at import, from setup.register()).

Programme: initial audit (planning) → certified by "certify", which only
`services.programme_set_decision` can take (it records the decision date first; the guard
refuses the step without one) → closed with a reason (from either state).

Certification audit: planned → confirmed with the client (the first day and the lead auditor
are set) → done (its days are past; completing Stage 2 records the programme's last day of
Stage 2); cancelled with a reason from planned or confirmed. Planning itself is not a state
change: `services.cert_audit_plan` sets the days and the team.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.core.workflow import Transition, Workflow, register_workflow

from ..choices import CertAuditStatus as A
from ..choices import ProgrammeStatus as P
from ..models import CertAudit, CertificationProgramme
from . import events, services


def decision_recorded(*, obj: Any, actor: Any) -> str | None:
    if obj.decision_date is None:
        return _("Record the certification decision date (Set decision) to certify the programme.")
    return None


def audit_planned(*, obj: Any, actor: Any) -> str | None:
    if obj.start_date is None or obj.lead_auditor_id is None:
        return _(
            "Plan the audit (its first day and its lead auditor) before confirming it with "
            "the client."
        )
    return None


def audit_held(*, obj: Any, actor: Any) -> str | None:
    if obj.start_date is None:
        return _("Plan the audit's days before recording it as done.")
    last = obj.end_date or obj.start_date
    if last > timezone.localdate():
        return _("The audit's last day (%(date)s) has not come yet.") % {"date": last.isoformat()}
    return None


PROGRAMME_WORKFLOW = register_workflow(
    CertificationProgramme,
    Workflow(
        field="status",
        states=P,
        transitions=(
            Transition(
                name="certify",
                label=gettext_lazy("Certify"),
                done=gettext_lazy("certified"),
                source=(P.PLANNING,),
                target=P.CERTIFIED,
                permission="plan",
                guards=(decision_recorded,),
                reason=True,
                event_type=events.PROGRAMME_CERTIFIED,
            ),
            Transition(
                name="close",
                label=gettext_lazy("Close"),
                done=gettext_lazy("closed"),
                source=(P.PLANNING, P.CERTIFIED),
                target=P.CLOSED,
                permission="change",
                reason=True,
                event_type=events.PROGRAMME_CLOSED,
            ),
        ),
    ),
)

CERT_AUDIT_WORKFLOW = register_workflow(
    CertAudit,
    Workflow(
        field="status",
        states=A,
        transitions=(
            Transition(
                name="confirm",
                label=gettext_lazy("Confirm with the client"),
                done=gettext_lazy("confirmed"),
                source=(A.PLANNED,),
                target=A.CONFIRMED,
                permission="confirm",
                guards=(audit_planned,),
                event_type=events.CERT_AUDIT_CONFIRMED,
            ),
            Transition(
                name="complete",
                label=gettext_lazy("Record as done"),
                done=gettext_lazy("recorded as done"),
                source=(A.PLANNED, A.CONFIRMED),
                target=A.DONE,
                permission="complete",
                guards=(audit_held,),
                event_type=events.CERT_AUDIT_COMPLETED,
                effects=(services.record_stage2_last_day,),
            ),
            Transition(
                name="cancel",
                label=gettext_lazy("Cancel"),
                done=gettext_lazy("cancelled"),
                source=(A.PLANNED, A.CONFIRMED),
                target=A.CANCELLED,
                permission="cancel",
                reason=True,
                event_type=events.CERT_AUDIT_CANCELLED,
            ),
        ),
    ),
)
