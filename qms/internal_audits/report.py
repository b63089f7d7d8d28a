"""The audit report (ISO 9001 §9.2.2 d), as PDF (core.pdf, WeasyPrint) and as DOCX (python-docx).

Both read one context (`report_context`): the title-page data (organization, number, dates,
scope, criteria, processes, team, auditees), the results per clause from the checklist, the
findings with their nonconformity numbers (withdrawn findings are left out: an answer changed
back to conform before the report withdrew them), the conclusion and the issue status with the
audit's electronic signatures. Built from a few queries whatever the checklist's size.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from qms.core.docx import docx_table, page_number_footer
from qms.core.pdf import pdf_response, render_pdf, safe_filename

from .choices import AuditStatus, ChecklistAnswer, FindingGrade, FindingStatus
from .models import Audit, ChecklistItem, Finding

PDF_TEMPLATE = "internal_audits/reports/audit_report.html"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FOOTER = "Internal audit report (ISO 9001 9.2)"

GRADES = (
    FindingGrade.MAJOR,
    FindingGrade.MINOR,
    FindingGrade.OBSERVATION,
    FindingGrade.IMPROVEMENT,
)


@dataclass
class ClauseResult:
    """The checklist's results for one clause."""

    number: str
    title: str
    standard: str
    questions: int = 0
    conform: int = 0
    not_audited: int = 0
    unanswered: int = 0
    grades: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def result(self) -> str:
        if self.grades.get(FindingGrade.MAJOR):
            return "Major nonconformity"
        if self.grades.get(FindingGrade.MINOR):
            return "Minor nonconformity"
        if self.grades.get(FindingGrade.OBSERVATION) or self.grades.get(FindingGrade.IMPROVEMENT):
            return "Conforms, with remarks"
        if self.unanswered == self.questions:
            return "Not yet audited"
        if self.not_audited == self.questions:
            return "Not audited"
        if self.unanswered:
            return "Conforms so far (open questions)"
        return "Conforms"

    @property
    def findings_text(self) -> str:
        parts = [
            f"{self.grades[g]} {FindingGrade(g).label.lower()}"
            for g in GRADES
            if self.grades.get(g)
        ]
        return ", ".join(parts) or "none"


def _person(user: Any) -> str:
    if user is None:
        return ""
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return f"{name} ({user.email})" if name else str(user.email)


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _clause_label(clause: Any) -> str:
    if clause is None:
        return ""
    return f"{clause.number} {clause.title or clause.label or ''}".strip()


def issue_status(audit: Audit) -> str:
    if audit.status == AuditStatus.CLOSED:
        return f"Issued {_day(audit.reported_on)}; audit closed {_day(audit.closed_on)}"
    if audit.status == AuditStatus.REPORTED:
        return f"Issued {_day(audit.reported_on)}"
    if audit.status == AuditStatus.CANCELLED:
        return "Audit cancelled: no report issued"
    return "Draft: the audit is not reported yet (results may still change)"


def report_context(
    *, audit: Audit, clause_ids: Iterable[int] | None = None, extract_for: str = ""
) -> dict[str, Any]:
    """Everything the PDF and the DOCX show (no rendering here, so a test can read it).

    `clause_ids` makes an extract (the external portal's clause scope): only the checklist
    results and the findings on those clauses, and a line saying so ("Extract for
    `extract_for`")."""
    from qms.core.signatures import signatures_of

    audit = (
        Audit.objects.for_organization(audit.organization_id)
        .select_related("organization", "lead_auditor", "previous", "programme")
        .prefetch_related("auditors", "auditees")
        .get(pk=audit.pk)
    )
    audited_processes = list(
        audit.processes.filter(organization_id=audit.organization_id)
        .select_related("owner")
        .order_by("name", "id")
    )
    criteria = list(
        audit.clauses.select_related("edition__standard").order_by("edition_id", "sort_key")
    )
    items = list(
        ChecklistItem.objects.filter(organization_id=audit.organization_id, audit=audit)
        .select_related("clause__edition__standard")
        .order_by("position", "id")
    )
    allowed = None if clause_ids is None else frozenset(clause_ids)
    if allowed is not None:
        items = [item for item in items if item.clause_id in allowed]
    found = list(
        # Withdrawn findings (the answer went back to conform before the report) are not
        # part of the report: they stay on the audit and the findings list, marked withdrawn.
        Finding.objects.filter(
            organization_id=audit.organization_id, audit=audit, status=FindingStatus.RAISED
        )
        .select_related("clause", "nonconformity")
        .order_by("number", "id")
    )
    if allowed is not None:
        found = [f for f in found if f.clause_id in allowed]
        criteria = [c for c in criteria if c.pk in allowed]
    results: dict[Any, ClauseResult] = {}
    for item in items:
        clause = item.clause
        key = clause.pk if clause is not None else None
        if key not in results:
            results[key] = ClauseResult(
                number=clause.number if clause else "—",
                title=(clause.title or clause.label or "") if clause else "Other questions",
                standard=clause.edition.standard.code if clause else "",
            )
        row = results[key]
        row.questions += 1
        if item.answer == ChecklistAnswer.CONFORM:
            row.conform += 1
        elif item.answer == ChecklistAnswer.NOT_AUDITED:
            row.not_audited += 1
        elif not item.answer:
            row.unanswered += 1
        else:
            row.grades[item.answer] += 1
    by_grade = {grade: sum(1 for f in found if f.grade == grade) for grade in GRADES}
    answered = sum(1 for item in items if item.answer)
    signatures = [signature for signature, _status in signatures_of(subject=audit)]
    team = [_person(audit.lead_auditor) + " (lead auditor)"] + [
        _person(user) for user in audit.auditors.all() if user.pk != audit.lead_auditor_id
    ]
    processes = [
        f"{process.name}" + (f" (owner: {_person(process.owner)})" if process.owner_id else "")
        for process in audited_processes
    ]
    metadata = [
        ("Organization", audit.organization.name),
        ("Audit number", audit.number),
        ("Title", audit.title),
        ("Programme", str(audit.programme) if audit.programme else ""),
        ("Follow-up of", str(audit.previous.number) if audit.previous else ""),
        ("Planned month", audit.planned_month.strftime("%B %Y") if audit.planned_month else ""),
        (
            "Audit dates",
            " to ".join(d for d in (_day(audit.start_on), _day(audit.end_on)) if d),
        ),
        ("Report date", _day(audit.reported_on)),
        ("Status", audit.get_status_display()),
        ("Scope", audit.scope),
        (
            "Criteria (clauses)",
            "; ".join(f"{c.edition.standard.code} {_clause_label(c)}" for c in criteria),
        ),
        ("Processes", "; ".join(processes)),
        ("Audit team", "; ".join(team)),
        ("Auditees", "; ".join(_person(user) for user in audit.auditees.all())),
    ]
    if allowed is not None:
        metadata.insert(
            0, ("Extract", f"Extract for {extract_for}: limited to the granted clauses")
        )
    return {
        "audit": audit,
        "organization_name": audit.organization.name,
        "metadata": metadata,
        "criteria": criteria,
        "processes": processes,
        "team": team,
        "auditees": [_person(user) for user in audit.auditees.all()],
        "clause_results": list(results.values()),
        "findings": [
            {
                "number": f.number,
                "grade": f.get_grade_display(),
                "grade_value": f.grade,
                "clause": _clause_label(f.clause),
                "statement": f.statement,
                "evidence": f.evidence,
                "nonconformity": f.nonconformity.number if f.nonconformity else "",
            }
            for f in found
        ],
        "by_grade": [(FindingGrade(g).label, by_grade[g]) for g in GRADES],
        "questions": len(items),
        "answered": answered,
        "conclusion": audit.conclusion,
        "issue_status": issue_status(audit),
        "signatures": signatures,
        "generated_at": timezone.localtime(timezone.now()),
    }


def _filename(audit: Audit, extension: str) -> str:
    return safe_filename(f"{audit.number or 'audit'}-report", extension=extension)


def audit_report_pdf_bytes(
    *, audit: Audit, clause_ids: Iterable[int] | None = None, extract_for: str = ""
) -> bytes:
    context = report_context(audit=audit, clause_ids=clause_ids, extract_for=extract_for)
    return render_pdf(
        template_name=PDF_TEMPLATE,
        context=context,
        title=f"Internal audit report {audit.number}",
        organization_name=context["organization_name"],
        header_right=f"{audit.number} · {context['audit'].get_status_display()}",
        footer_note=FOOTER,
    )


def audit_report_pdf(
    *, audit: Audit, clause_ids: Iterable[int] | None = None, extract_for: str = ""
) -> HttpResponse:
    return pdf_response(
        pdf=audit_report_pdf_bytes(audit=audit, clause_ids=clause_ids, extract_for=extract_for),
        filename=_filename(audit, ".pdf"),
    )


# --- DOCX -------------------------------------------------------------------------------------


def audit_report_docx_bytes(*, audit: Audit) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    context = report_context(audit=audit)
    audit = context["audit"]
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.6)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10)
    section.header.paragraphs[
        0
    ].text = f"{context['organization_name']} · Internal audit report {audit.number}"
    page_number_footer(section, FOOTER)
    properties = document.core_properties
    properties.title = f"Internal audit report {audit.number}"
    properties.author = context["organization_name"]
    properties.subject = audit.title

    document.add_paragraph(context["organization_name"]).runs[0].bold = True
    document.add_heading(f"Internal audit report {audit.number}", level=0)
    document.add_paragraph(audit.title)
    document.add_paragraph(f"Issue status: {context['issue_status']}")

    document.add_heading("1. Audit details", level=1)
    docx_table(
        document,
        ["Item", "Details"],
        [[label, value or "—"] for label, value in context["metadata"]],
        [4.5, 12.4],
    )

    document.add_heading("2. Summary of results per clause", level=1)
    document.add_paragraph(
        f"{context['answered']} of {context['questions']} checklist questions answered. "
        "Findings: "
        + ", ".join(f"{count} {label.lower()}" for label, count in context["by_grade"])
        + "."
    )
    if context["clause_results"]:
        docx_table(
            document,
            ["Clause", "Questions", "Conform", "Findings", "Result"],
            [
                [
                    f"{row.number} {row.title}".strip(),
                    str(row.questions),
                    str(row.conform),
                    row.findings_text,
                    row.result,
                ]
                for row in context["clause_results"]
            ],
            [6.4, 1.8, 1.8, 3.6, 3.3],
        )
    else:
        document.add_paragraph("No checklist was used for this audit.")

    document.add_heading("3. Findings", level=1)
    if context["findings"]:
        docx_table(
            document,
            ["No.", "Grade", "Clause", "Statement", "Evidence", "NC"],
            [
                [
                    f["number"],
                    f["grade"],
                    f["clause"] or "—",
                    f["statement"],
                    f["evidence"] or "—",
                    f["nonconformity"] or "—",
                ]
                for f in context["findings"]
            ],
            [1.2, 2.4, 2.8, 5.2, 3.6, 1.8],
        )
    else:
        document.add_paragraph("No findings were raised.")

    document.add_heading("4. Conclusion", level=1)
    for paragraph in (context["conclusion"] or "No conclusion recorded yet.").split("\n\n"):
        document.add_paragraph(paragraph.strip())

    document.add_heading("5. Issue status and signatures", level=1)
    document.add_paragraph(context["issue_status"])
    if context["signatures"]:
        docx_table(
            document,
            ["Signed by", "Meaning", "Date and time", "Reason"],
            [
                [
                    f"{s.signer_name} ({s.signer_email})",
                    s.get_meaning_display(),
                    timezone.localtime(s.signed_at).strftime("%Y-%m-%d %H:%M %Z"),
                    s.reason or "—",
                ]
                for s in context["signatures"]
            ],
            [5.0, 3.0, 3.8, 5.1],
        )
    else:
        docx_table(
            document,
            ["Role", "Name", "Date", "Signature"],
            [
                ["Lead auditor", _person(audit.lead_auditor), "", ""],
                ["Received by (auditee)", "", "", ""],
            ],
            [3.6, 6.0, 2.6, 4.7],
        )
    generated = context["generated_at"].strftime("%Y-%m-%d %H:%M %Z")
    document.add_paragraph(f"Generated {generated}.").runs[0].italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def audit_report_docx(*, audit: Audit) -> HttpResponse:
    response = HttpResponse(audit_report_docx_bytes(audit=audit), content_type=DOCX_TYPE)
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=_filename(audit, ".docx")) or ""
    )
    return response
