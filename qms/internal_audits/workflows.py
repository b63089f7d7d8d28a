"""Workflows of internal audits.

Programme: draft → approved (signed: "approved") → draft again by "revise" (reason; the
revision number goes up). Audit: planned → in_progress (start) → reported (issue the report,
signed "released"; every checklist question answered) → closed (every nonconformity
finding's NC record closed); cancelled with a reason from planned or in progress."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from qms.core.workflow import Transition, Workflow, register_workflow

from . import events, rules, services
from .choices import AuditStatus as A
from .choices import ProgrammeStatus as P
from .models import Audit, AuditProgramme


def programme_has_processes(*, obj: Any, actor: Any) -> str | None:
    from .selectors import programme_rows

    if not programme_rows(programme=obj):
        return str(_("Add the processes to audit before approving the programme."))
    return None


def audit_has_lead(*, obj: Any, actor: Any) -> str | None:
    return rules.start_problem(lead_auditor_id=obj.lead_auditor_id)


def team_independent(*, obj: Any, actor: Any) -> str | None:
    """Independence (§9.2.2 c) on the team and processes as they are now: a process's owner
    may have changed to the lead auditor or an auditor since the team was last edited."""
    team = ([obj.lead_auditor] if obj.lead_auditor_id else []) + list(obj.auditors.all())
    people: dict[int, rules.Person] = {
        user.pk: rules.Person(pk=user.pk, name=str(user)) for user in team
    }
    processes = [
        rules.OwnedProcess(name=process.name, owner_id=process.owner_id)
        for process in obj.processes.all()
    ]
    problems = rules.independence_problems(auditors=list(people.values()), processes=processes)
    return " ".join(str(problem) for problem in problems) or None


def checklist_answered(*, obj: Any, actor: Any) -> str | None:
    from .selectors import checklist_summary

    summary = checklist_summary(audit=obj)
    return rules.report_problem(item_count=summary.total, unanswered=summary.unanswered)


def findings_settled(*, obj: Any, actor: Any) -> str | None:
    from .selectors import findings_blocking_close

    return rules.close_problem(open_findings=findings_blocking_close(audit=obj))


PROGRAMME_WORKFLOW = register_workflow(
    AuditProgramme,
    Workflow(
        field="status",
        states=P,
        transitions=(
            Transition(
                name="approve",
                label=_("Approve"),
                done=_("approved"),
                source=(P.DRAFT,),
                target=P.APPROVED,
                permission="approve",
                guards=(programme_has_processes,),
                signature="approved",
                event_type=events.PROGRAMME_APPROVED,
                effects=(services.programme_approve_effect,),
            ),
            Transition(
                name="revise",
                label=_("Revise"),
                done=_("revised"),
                source=(P.APPROVED,),
                target=P.DRAFT,
                permission="revise",
                reason=True,
                event_type=events.PROGRAMME_REVISED,
                effects=(services.programme_revise_effect,),
            ),
        ),
    ),
)

AUDIT_WORKFLOW = register_workflow(
    Audit,
    Workflow(
        field="status",
        states=A,
        transitions=(
            Transition(
                name="start",
                label=_("Start the audit"),
                done=_("started"),
                source=(A.PLANNED,),
                target=A.IN_PROGRESS,
                permission="start",
                guards=(audit_has_lead, team_independent),
                event_type=events.AUDIT_STARTED,
                effects=(services.audit_start_effect,),
            ),
            Transition(
                name="report",
                label=_("Issue the report"),
                done=_("reported"),
                source=(A.IN_PROGRESS,),
                target=A.REPORTED,
                permission="report",
                guards=(team_independent, checklist_answered),
                signature="released",
                event_type=events.AUDIT_REPORTED,
                effects=(services.audit_report_effect,),
            ),
            Transition(
                name="close",
                label=_("Close"),
                done=_("closed"),
                source=(A.REPORTED,),
                target=A.CLOSED,
                permission="close",
                guards=(findings_settled,),
                event_type=events.AUDIT_CLOSED,
                effects=(services.audit_close_effect,),
            ),
            Transition(
                name="cancel",
                label=_("Cancel"),
                done=_("cancelled"),
                source=(A.PLANNED, A.IN_PROGRESS),
                target=A.CANCELLED,
                permission="cancel",
                reason=True,
                event_type=events.AUDIT_CANCELLED,
            ),
        ),
    ),
)
