"""The report of one nonconformity with its whole history, as a PDF (core.pdf).

What an auditor asks for, in order: the record (number, status, severity, source, process,
clauses, product and quantity), what was found, containment and correction, the root-cause
analysis of every action cycle (5 whys, Ishikawa causes, root cause), the actions with their
owners, dates and status, the effectiveness checks, the dispositions of the nonconforming
output, the evidence attached, the workflow steps with their reasons and signatures, and
the audit-event trail. Page numbers and the printing time are in every page's margins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from qms.core.attachments.selectors import attachments_for
from qms.core.pdf import render_pdf
from qms.core.selectors import subject_history
from qms.core.signatures import signatures_of
from qms.core.workflow import workflow_for
from qms.standards.selectors import clauses_for_subject

from .display import person_label as _person
from .display import quantity_label as _quantity
from .selectors import checks_of

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .models import Nonconformity

TEMPLATE = "nonconformities/pdf/nonconformity_report.html"
TRAIL_LIMIT = 500


def report_context(*, nonconformity: Nonconformity) -> dict[str, Any]:
    """What the template shows (kept apart so a test can read it without WeasyPrint)."""
    from qms.actions.selectors import actions_of

    from .analysis.selectors import analyses_of, dispositions_of

    nc = nonconformity
    process = nc.process
    workflow = workflow_for(type(nc))
    step_events = {step.event_type.name for step in workflow.transitions} if workflow else set()
    trail = list(reversed(subject_history(subject=nc, limit=TRAIL_LIMIT)))
    closed_at = timezone.localtime(nc.closed_at).strftime("%Y-%m-%d %H:%M") if nc.closed_at else ""
    metadata = [
        ("Number", nc.number),
        ("Status", nc.get_status_display()),
        ("Severity", nc.get_severity_display()),
        ("Source", nc.get_source_display()),
        ("Process", str(process) if process else ""),
        ("Detected on", nc.detected_on.isoformat()),
        ("Reported by", _person(nc.reported_by)),
        ("Responsible person", _person(nc.owner)),
        ("Product / batch", nc.product_reference),
        ("Quantity affected", _quantity(nc)),
        ("Action cycle", str(nc.cycle)),
        (
            "Effectiveness check due",
            nc.verification_due.isoformat() if nc.verification_due else "",
        ),
        ("Closed", f"{closed_at} by {_person(nc.closed_by)}" if closed_at else ""),
    ]
    analyses = []
    for analysis in analyses_of(nonconformity=nc):
        analyses.append(
            {
                "analysis": analysis,
                "whys": [
                    (index, step.get("why", ""), step.get("answer", ""))
                    for index, step in enumerate(analysis.five_whys or [], start=1)
                    if isinstance(step, dict)
                ],
                "causes": [row for row in analysis.ishikawa_causes() if row[2]],
            }
        )
    return {
        "nonconformity": nc,
        "metadata": metadata,
        "risk": nc.risk,  # "Risk register entry": number and title, linked to the entry
        "clauses": clauses_for_subject(subject=nc),
        "analyses": analyses,
        "actions": list(actions_of(origin=nc).order_by("cycle", "kind", "due_date", "id")),
        "checks": checks_of(nonconformity=nc),
        "dispositions": list(dispositions_of(nonconformity=nc)),
        "attachments": list(attachments_for(subject=nc, include_removed=True)),
        "steps": [event for event in trail if event.event_type in step_events],
        "signatures": signatures_of(subject=nc),
        "trail": trail,
        "generated_at": timezone.localtime(timezone.now()),
    }


def nonconformity_report_pdf(
    *, nonconformity: Nonconformity, request: HttpRequest | None = None
) -> bytes:
    return render_pdf(
        template_name=TEMPLATE,
        context=report_context(nonconformity=nonconformity),
        title=nonconformity.number,
        organization_name=str(nonconformity.organization),
        header_right=str(nonconformity.get_status_display()),
        footer_note="Nonconformity report",
    )
