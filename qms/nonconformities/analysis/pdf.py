"""The 8D report as a PDF an auditor accepts.

Page 1 starts with the identification (NC number, title, source, severity, product or batch,
quantity, dates, responsible person, status) and the team (D1); then each discipline as a
section with its date (D4 with the 5 whys table and the fishbone of the current analysis;
D5/D6 with the table of corrective actions), the dispositions of the nonconforming output,
and a block of signatures to sign on paper. Every page carries the organization, the report
and the NC number in its header and "Page X of Y" in its footer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.pdf import render_pdf

from ..display import person_label as _person
from ..display import quantity_label as _quantity
from . import selectors
from .fishbone import fishbone_for

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .models import EightDReport

TEMPLATE = "nonconformities/analysis/pdf/eight_d.html"


def _without_listed_actions(text: str, numbers: set[str]) -> str:
    """D5's text without the lines naming an action the table below lists (the prefilled
    "ACT-2026-0001 title — owner, due ..." lines): each action is shown once, in the table,
    and what the team wrote besides (why these actions were chosen) stays."""
    if not numbers:
        return text
    kept = [line for line in text.splitlines() if line.strip().split(" ", 1)[0] not in numbers]
    return "\n".join(kept).strip()


def eight_d_context(*, report: EightDReport, request: HttpRequest | None = None) -> dict[str, Any]:
    """What the template shows (apart, so a test can read it without WeasyPrint)."""
    from qms.actions.selectors import actions_of

    nc = report.nonconformity
    analysis = selectors.current_analysis(nonconformity=nc)
    team = list(report.d1_team_members.all())
    actions = [a for a in actions_of(origin=nc) if a.kind in ("corrective", "correction")]
    dispositions = list(selectors.dispositions_of(nonconformity=nc))
    process = nc.process
    metadata = [
        (_("Nonconformity"), nc.number),
        (_("Title"), nc.title),
        (_("Source"), nc.get_source_display()),
        (_("Severity"), nc.get_severity_display()),
        (_("Process"), str(process) if process else ""),
        (_("Customer / product / batch"), nc.product_reference),
        (_("Quantity affected"), _quantity(nc)),
        (_("Detected on"), nc.detected_on.isoformat() if nc.detected_on else ""),
        (_("Responsible person"), _person(nc.owner)),
        (_("Status"), f"{nc.get_status_display()} (action cycle {nc.cycle})"),
        (_("Report prepared by"), _person(report.prepared_by)),
        (_("Report last changed"), timezone.localtime(report.updated_at).strftime("%Y-%m-%d")),
    ]
    d4 = report.d4_root_cause or (analysis.root_cause if analysis is not None else "")
    disciplines = [
        {"code": code, "heading": heading, "text": text or "", "date": date}
        for code, heading, text, date in report.disciplines()
    ]
    numbers = {a.number for a in actions}
    for item in disciplines:
        if item["code"] == "D4":
            item["text"] = d4
        if item["code"] == "D5":
            item["text"] = _without_listed_actions(item["text"], numbers)
    signers = [
        (_("Team leader"), _person(report.prepared_by)),
        (_("Responsible for the nonconformity"), _person(nc.owner)),
        (_("Quality manager"), ""),
    ]
    return {
        "report": report,
        "nc": nc,
        "metadata": metadata,
        "team": [_person(user) for user in team],
        "team_text": report.d1_team,
        "d1_date": report.d1_date,
        "disciplines": disciplines,
        "analysis": analysis,
        "whys": list(analysis.five_whys) if analysis is not None else [],
        "fishbone": fishbone_for(analysis=analysis, problem=nc.title) if analysis else None,
        "category": analysis.get_cause_category_display() if analysis is not None else "",
        "actions": [
            {
                "number": a.number,
                "title": a.title,
                "kind": a.get_kind_display(),
                "owner": _person(a.owner),
                "due": a.due_date,
                "status": a.get_status_display(),
                "completed": timezone.localtime(a.completed_at).date() if a.completed_at else None,
                "cycle": a.cycle,
            }
            for a in actions
        ],
        "dispositions": dispositions,
        "signers": signers,
        "printed_at": timezone.localtime(timezone.now()),
    }


def eight_d_pdf_arguments(
    *, report: EightDReport, request: HttpRequest | None = None
) -> dict[str, Any]:
    """The arguments of `render_pdf` / `pdf_document` for the report."""
    nc = report.nonconformity
    return {
        "template_name": TEMPLATE,
        "context": eight_d_context(report=report, request=request),
        # Short: it is also the running header (centre) of every page after the first; the
        # right-hand slot stays empty rather than repeat it.
        "title": _("8D report %(number)s") % {"number": nc.number},
        "organization_name": nc.organization.name,
        "header_right": "",
        "footer_note": _("8D report — uncontrolled when printed"),
    }


def eight_d_pdf(*, report: EightDReport, request: HttpRequest | None = None) -> bytes:
    """The 8D report as PDF bytes."""
    return render_pdf(**eight_d_pdf_arguments(report=report, request=request))
