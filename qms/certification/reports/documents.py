"""The audit report a certification body sends (ISO/IEC 17021-1 §9.4.8) and the Stage 1
report (§9.3.1.2), as PDF (core.pdf, WeasyPrint) and as DOCX (python-docx).

Both formats read one `AuditReport` (reports/selectors.py), so they say the same thing: the
body's name in the header, the client, scope, standards with their editions, IAF codes, the
team and their roles, the dates, the sites sampled, audit time spent against planned (with
the reason for a difference), the findings, the conclusion and the recommendation, who
prepared it, and page numbers. A Stage 1 audit gives the Stage 1 report instead: the
documented review, the readiness conclusion with the issues to fix or areas of concern, and
the basis for planning Stage 2.

The back office's pages and the client portal call `audit_report_pdf` / `audit_report_docx`;
who may read the audit is their business.
"""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from qms.core.docx import add_field, docx_table
from qms.core.pdf import pdf_response, render_pdf, safe_filename

from ..models import CertAudit
from .selectors import AuditReport, audit_report_data, time_text

PDF_TEMPLATE = "certification/reports/pdf/audit_report.html"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _footer(report: AuditReport) -> str:
    return f"{report.title} · {report.client_name}"


def report_filename(audit: CertAudit, extension: str) -> str:
    kind = "stage-1-report" if audit.kind == "stage1" else "audit-report"
    return safe_filename(f"{audit.programme.number}-{audit.kind}-{kind}", extension=extension)


def audit_report_pdf(audit: CertAudit) -> bytes:
    """The report of `audit` as PDF bytes (the Stage 1 report for a Stage 1 audit)."""
    report = audit_report_data(audit)
    pdf: bytes = render_pdf(
        template_name=PDF_TEMPLATE,
        context={"r": report, "time_text": time_text(report)},
        title=f"{report.title}: {report.client_name}",
        organization_name=report.body_name,
        header_right=report.reference,
        footer_note=_footer(report),
    )
    return pdf


def audit_report_pdf_response(audit: CertAudit, *, inline: bool = True) -> HttpResponse:
    return pdf_response(
        pdf=audit_report_pdf(audit), filename=report_filename(audit, ".pdf"), inline=inline
    )


# --- DOCX -------------------------------------------------------------------------------------


def _page_setup(document: Any, report: AuditReport) -> None:
    from docx.shared import Cm, Pt

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.6)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10)
    section.header.paragraphs[0].text = f"{report.body_name} · {report.reference}"
    footer = section.footer.paragraphs[0]
    footer.text = f"{_footer(report)} · Page "
    add_field(footer, "PAGE")
    footer.add_run(" of ")
    add_field(footer, "NUMPAGES")
    properties = document.core_properties
    properties.title = f"{report.title}: {report.client_name}"
    properties.author = report.body_name
    properties.subject = report.reference


def _paragraphs(document: Any, text: str, empty: str) -> None:
    blocks = [block.strip() for block in (text or "").split("\n\n") if block.strip()]
    if not blocks:
        document.add_paragraph(empty).runs[0].italic = True
    for block in blocks:
        document.add_paragraph(block)


def _findings_table(document: Any, report: AuditReport) -> None:
    rows = []
    for f in report.findings:
        detail = f.statement
        if f.evidence:
            detail += f"\nEvidence: {f.evidence}"
        if f.requirement:
            detail += f"\nRequirement: {f.requirement}"
        status = f.status
        if f.respond_by and f.is_nonconformity:
            status += f"\nresponse due {f.respond_by.isoformat()}"
        if f.verified_on:
            status += f"\nverified {f.verified_on.isoformat()}"
        if f.response:
            status += f"\n{f.response}"
        clause = f.clause or "—"
        if f.site:
            clause += f"\n{f.site}"
        rows.append([f.number, f.grade, clause, detail, status])
    docx_table(
        document,
        ["No.", "Grade", "Clause, site", "Finding, evidence, requirement", "Status"],
        rows,
        [1.3, 2.4, 3.0, 7.0, 3.2],
    )


def audit_report_docx(audit: CertAudit) -> bytes:
    """The report of `audit` as DOCX bytes, with the same content as the PDF."""
    from docx import Document

    report = audit_report_data(audit)
    document = Document()
    _page_setup(document, report)
    document.add_paragraph(report.body_name).runs[0].bold = True
    document.add_heading(report.title, level=0)
    document.add_paragraph(f"{report.client_name} · {report.reference}")
    document.add_paragraph(report.status_note)

    document.add_heading("1. Audit details", level=1)
    docx_table(
        document,
        ["Item", "Details"],
        [[label, value or "—"] for label, value in report.metadata],
        [4.5, 12.4],
    )
    document.add_heading("2. Audit team", level=1)
    if report.team:
        docx_table(
            document,
            ["Name", "Role", "E-mail"],
            [[m.name, m.role, m.email] for m in report.team],
            [6.0, 4.5, 6.4],
        )
    else:
        document.add_paragraph("No team recorded.")
    sampled = "reviewed" if report.is_stage1 else "sampled"
    document.add_heading(f"3. Sites {sampled} and audit time", level=1)
    for site in report.sites or ["No site recorded."]:
        document.add_paragraph(site, style="List Bullet")
    document.add_paragraph(time_text(report))

    if report.is_stage1:
        _stage1_sections(document, report)
        last = 7
    else:
        _audit_sections(document, report)
        last = 6
    document.add_heading(f"{last}. Prepared by", level=1)
    docx_table(
        document,
        ["Role", "Name", "Date"],
        [
            [
                "Prepared by (lead auditor)",
                report.prepared_by or "—",
                report.prepared_on.isoformat() if report.prepared_on else "—",
            ]
        ],
        [5.0, 8.0, 3.9],
    )
    generated = report.generated_at.strftime("%Y-%m-%d %H:%M %Z")
    document.add_paragraph(f"Generated {generated}.").runs[0].italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _stage1_sections(document: Any, report: AuditReport) -> None:
    document.add_heading("4. Documented review", level=1)
    if report.review:
        docx_table(
            document,
            ["Clause", "Result", "Notes and evidence seen", "Site"],
            [[r.clause, r.result, r.notes or "—", r.site or "—"] for r in report.review],
            [5.0, 3.0, 7.0, 1.9],
        )
    else:
        document.add_paragraph("No checklist recorded for the review.")
    document.add_heading("5. Readiness for Stage 2", level=1)
    verdict = document.add_paragraph(
        report.stage1_conclusion or "No readiness conclusion recorded yet."
    )
    verdict.runs[0].bold = True
    document.add_heading(
        "Areas of concern (could become nonconformities at Stage 2)"
        if report.stage1_ready
        else "Issues to fix before Stage 2",
        level=2,
    )
    _paragraphs(document, report.issues_to_fix, "None recorded.")
    if report.findings:
        document.add_heading("Findings of the Stage 1", level=2)
        _findings_table(document, report)
    if report.conclusion:
        document.add_heading("Conclusion", level=2)
        _paragraphs(document, report.conclusion, "")
    document.add_heading("6. Basis for planning Stage 2", level=1)
    docx_table(
        document,
        ["Item", "Details"],
        [[label, value or "—"] for label, value in report.stage2_basis],
        [4.5, 12.4],
    )


def _audit_sections(document: Any, report: AuditReport) -> None:
    document.add_heading("4. Findings", level=1)
    document.add_paragraph(
        "Findings: " + ", ".join(f"{count} {label.lower()}" for label, count in report.counts) + "."
    )
    if report.findings:
        _findings_table(document, report)
    else:
        document.add_paragraph("No findings were raised.")
    document.add_heading("5. Conclusion and recommendation", level=1)
    _paragraphs(document, report.conclusion, "No conclusion recorded yet.")
    recommendation = document.add_paragraph(
        report.recommendation or "No recommendation recorded yet."
    )
    recommendation.runs[0].bold = True
    document.add_paragraph(
        "The certification decision is taken by the certification body, by a person who was "
        "not on the audit team."
    )


def audit_report_docx_response(audit: CertAudit) -> HttpResponse:
    response = HttpResponse(audit_report_docx(audit), content_type=DOCX_TYPE)
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=report_filename(audit, ".docx"))
        or ""
    )
    response["Cache-Control"] = "private, no-store"
    return response
