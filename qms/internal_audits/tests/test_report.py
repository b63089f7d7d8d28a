"""The audit report: its context, the DOCX (opened with python-docx) and the PDF (pdftotext),
the two download pages, tenancy."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from qms.internal_audits.checklists import checklist_answer
from qms.internal_audits.models import Audit, ChecklistItem, Finding
from qms.internal_audits.report import (
    audit_report_docx_bytes,
    audit_report_pdf_bytes,
    report_context,
)

from . import test_checklist_fixtures as fx

library, iso9001, process, audit = fx.library, fx.iso9001, fx.process, fx.audit

pytestmark = pytest.mark.django_db

STATEMENT = "Gauge G-12 was used in production three weeks past its calibration due date."


@pytest.fixture
def answered(audit: Audit, auditor: Any) -> Audit:
    items = list(ChecklistItem.objects.filter(audit=audit).order_by("position"))
    checklist_answer(actor=auditor, item=items[0], answer="conform", notes="Register seen.")
    checklist_answer(
        actor=auditor,
        item=items[2],
        answer="minor",
        notes=STATEMENT,
        evidence_notes="Label on G-12; production records of week 12.",
    )
    checklist_answer(
        actor=auditor,
        item=items[-1],
        answer="improvement",
        notes="Audit reports could link evidence.",
    )
    Audit.objects.filter(pk=audit.pk).update(conclusion="The calibration system is in place.")
    return Audit.objects.get(pk=audit.pk)


def test_the_context_holds_title_data_results_and_findings(answered: Audit) -> None:
    context = report_context(audit=answered)
    labels = dict(context["metadata"])
    assert labels["Audit number"] == answered.number
    assert "7.1.5" in labels["Criteria (clauses)"] and "9.2" in labels["Criteria (clauses)"]
    assert "Inspection" in labels["Processes"]
    assert "lead auditor" in labels["Audit team"]
    rows = {row.number: row for row in context["clause_results"]}
    assert rows["7.1.5.2"].result == "Minor nonconformity"
    assert rows["7.1.5.1"].conform == 1
    numbers = [f["number"] for f in context["findings"]]
    assert numbers == ["F-01", "F-02"]
    nc = Finding.objects.get(number="F-01").nonconformity
    assert nc is not None
    assert context["findings"][0]["nonconformity"] == nc.number
    assert context["issue_status"].startswith("Draft")


def test_the_docx_opens_with_python_docx_and_holds_the_findings(answered: Audit) -> None:
    from docx import Document

    document = Document(io.BytesIO(audit_report_docx_bytes(audit=answered)))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert f"Internal audit report {answered.number}" in text
    assert STATEMENT in cells
    nc = Finding.objects.get(number="F-01").nonconformity
    assert nc is not None and nc.number in cells
    assert "The calibration system is in place." in text
    assert "7.1.5.2" in cells
    footer = document.sections[0].footer._element.xml
    assert "NUMPAGES" in footer  # page numbers


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_pdf_has_the_findings_text(answered: Audit, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(audit_report_pdf_bytes(audit=answered))
    text = subprocess.run(  # noqa: S603 - a fixed local tool on a file we wrote
        [str(shutil.which("pdftotext")), str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    text = " ".join(text.split())  # table cells wrap their lines
    assert f"Internal audit report {answered.number}" in text
    assert "G-12" in text and "calibration due date" in text
    nc = Finding.objects.get(number="F-01").nonconformity
    assert nc is not None and nc.number in text
    assert "Page 1 of" in text


def test_the_download_pages_answer_pdf_and_docx(
    answered: Audit, viewer: Any, client_for: Any
) -> None:
    client = client_for(viewer)
    pdf = client.get(reverse("internal_audits:audit_report_pdf", args=[answered.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    docx = client.get(reverse("internal_audits:audit_report_docx", args=[answered.pk]))
    assert docx.status_code == 200
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"{answered.number}-report.docx" in docx["Content-Disposition"]


def test_another_organizations_report_is_not_found(
    audit: Audit, outsider: Any, client_for: Any
) -> None:
    client = client_for(outsider)
    for name in ("internal_audits:audit_report_pdf", "internal_audits:audit_report_docx"):
        assert client.get(reverse(name, args=[audit.pk])).status_code == 404
