"""The readiness report as PDF (core.pdf, a report an auditor accepts: cover with the
organization, standards, date, percentage and gaps, then the clause table) and as XLSX
(a summary sheet, the gaps, and one row per clause)."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from qms.core.export import _safe
from qms.core.pdf import pdf_response, render_pdf

from .charts import percentage_chart, states_chart
from .data import report_data
from .selectors.report import ReadinessReport

PDF_TEMPLATE = "readiness/pdf/report.html"
TITLE = "Stage 1 readiness report"


def pdf_context(report: ReadinessReport) -> dict[str, Any]:
    """What the PDF template shows (kept apart so a test reads it without WeasyPrint)."""
    return {
        "report": report,
        "readiness": report_data(report),
        "percentage_chart": percentage_chart(report),
        "states_chart": states_chart(report),
        "generated_at": timezone.now(),
    }


def report_pdf(report: ReadinessReport) -> bytes:
    return render_pdf(
        template_name=PDF_TEMPLATE,
        context=pdf_context(report),
        title=TITLE,
        organization_name=str(report.organization),
        header_right=report.today.isoformat(),
        footer_note=_("Computed from live records on %(date)s")
        % {"date": report.today.isoformat()},
    )


def pdf_download(report: ReadinessReport) -> HttpResponse:
    return pdf_response(pdf=report_pdf(report), filename=f"{TITLE} {report.today.isoformat()}.pdf")


def _cell(value: Any) -> Any:
    return _safe(value) if isinstance(value, str) else value


def report_workbook(report: ReadinessReport) -> bytes:
    data = report_data(report)
    bold = Font(bold=True)
    book = Workbook()
    summary: Any = book.active
    summary.title = "Summary"
    rows: list[list[Any]] = [
        [_("Stage 1 readiness report")],
        [_("Organization"), data["organization"]],
        [_("Date"), data["date"]],
        [_("Standards"), ", ".join(item["edition"] for item in data["editions"]) or "—"],
        [_("Readiness (%)"), data["percentage"]],
        [_("Applicable clauses"), data["applicable"]],
        [_("Clauses with evidence in force"), data["ready"]],
        [_("Clauses not applicable"), data["excluded"]],
        [
            _("Formula"),
            _(
                "clauses with effective or reviewed evidence ÷ applicable leaf requirement "
                "clauses times 100"
            ),
        ],
        [],
        [_("State"), _("Clauses")],
    ]
    from .choices import ClauseState

    rows += [[str(state.label), data["counts"][state]] for state in ClauseState]
    for row in rows:
        summary.append([_cell(value) for value in row])
    summary["A1"].font = Font(bold=True, size=14)

    gaps = book.create_sheet("Gaps")
    gaps.append([_("Severity"), _("Gap"), _("Clause"), _("Where to fix"), _("Records")])
    for gap in data["gaps"]:
        gaps.append(
            [
                _cell(gap["severity_label"]),
                _cell(gap["message"]),
                _cell(gap["clause"]),
                _cell(gap["url"] or ""),
                _cell("; ".join(item["title"] for item in gap["items"])),
            ]
        )

    clauses = book.create_sheet("Clauses")
    clauses.append(
        [
            _("Standard"),
            _("Clause"),
            _("Title"),
            _("State"),
            _("Evidence"),
            _("Last internal audit"),
            _("Gaps"),
            _("Justification (not applicable)"),
        ]
    )
    for edition in data["editions"]:
        for group in edition["groups"]:
            for line in group["clauses"]:
                clauses.append(
                    [
                        _cell(edition["edition"]),
                        _cell(line["number"]),
                        _cell(line["title"]),
                        _cell(line["state_label"]),
                        _cell("; ".join(item["title"] for item in line["evidence"])),
                        line["audited_on"] or "",
                        _cell("; ".join(line["gaps"])),
                        _cell(line["justification"]),
                    ]
                )
    for sheet in (gaps, clauses):
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_download(report: ReadinessReport) -> HttpResponse:
    response = HttpResponse(
        report_workbook(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"stage-1-readiness-{report.today.isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
