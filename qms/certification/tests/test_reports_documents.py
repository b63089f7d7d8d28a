"""The audit report and the Stage 1 report (issue 18, deliver 5): the PDF renders the client,
team, sites, time, findings, conclusion and recommendation; the DOCX opens with python-docx
and holds the findings as table rows; a Stage 1 audit gives the Stage 1 report; the pages
answer 404 for another organization and the data is read in a fixed number of queries."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from typing import Any

import pytest
from django.urls import reverse

from qms.certification.permissions import CERTIFICATION_MANAGER
from qms.certification.reports import documents
from qms.certification.reports.selectors import audit_report_data, time_text
from qms.core.permissions import Role

from .factories_reports import ReportWorld, build_report_world
from .programme_world import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def rw(organization: Any) -> ReportWorld:
    return build_report_world(organization)


def pdf_text(body: bytes) -> str:
    assert body.startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(body)
            handle.flush()
            return subprocess.run(  # noqa: S603
                ["pdftotext", handle.name, "-"],  # noqa: S607
                capture_output=True,
                text=True,
                check=True,
            ).stdout
    pypdf = pytest.importorskip("pypdf")
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(body)).pages)


def docx_of(body: bytes) -> Any:
    from docx import Document

    return Document(io.BytesIO(body))


def docx_text(document: Any) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_the_report_data_in_a_fixed_number_of_queries(
    rw: ReportWorld, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(16):
        report = audit_report_data(rw.stage2)
    assert [f.number for f in report.findings] == ["F-01", "F-02", "F-03", "F-04"]
    assert [m.role for m in report.team] == ["Lead auditor", "Auditor", "Technical expert"]
    assert report.sites == [
        f"Main works: {' '.join(rw.world.site.address.split())}",
        f"Forge Lane: {' '.join(rw.second_site.address.split())}",
    ]
    assert report.findings[0].response.startswith("Round 1 accepted")
    assert time_text(report).startswith("Planned 3 auditor-days, spent 3.5 (difference +0.5)")
    assert "second site visit" in time_text(report)


def test_the_audit_report_pdf_shows_what_a_body_sends(rw: ReportWorld) -> None:
    text = pdf_text(documents.audit_report_pdf(rw.stage2))
    flat = " ".join(text.split())
    for expected in (
        "Audit report · Stage 2",
        "Gauges Client Ltd",
        "Lee Lead",
        "Lead auditor",
        "Dana Reed",
        "Technical expert",
        "ISO 9001:2015",
        "Design and manufacture of pressure gauges",
        "Forge Lane",
        "spent 3.5",
        "F-01",
        "Major nonconformity",
        "Suppliers of heat treatment are not evaluated.",
        "No evaluation records",
        "F-03",
        "Minor nonconformity",
        "Observation",
        "The QMS is implemented except for supplier evaluation.",
        "Recommend certification once the nonconformities are resolved",
        "Prepared by",
        "Page 1 of",
    ):
        assert expected in flat, expected
    assert rw.programme.number in flat
    assert "Readiness for Stage 2" not in flat


def test_the_stage1_report_differs(rw: ReportWorld) -> None:
    flat = " ".join(pdf_text(documents.audit_report_pdf(rw.stage1)).split())
    for expected in (
        "Stage 1 report",
        "Documented review",
        "4.4.1 Quality management system and its processes",
        "Process map and interactions reviewed",
        "Readiness for Stage 2",
        "Ready for Stage 2",
        "Areas of concern",
        "Internal audits must cover every process before Stage 2.",
        "Basis for planning Stage 2",
        "Auditor-days planned",
    ):
        assert expected in flat, expected
    assert "Recommend certification" not in flat
    assert "Suppliers of heat treatment" not in flat


def test_the_docx_opens_and_holds_the_findings(rw: ReportWorld) -> None:
    document = docx_of(documents.audit_report_docx(rw.stage2))
    findings = next(t for t in document.tables if t.rows[0].cells[0].text == "No.")
    rows = [[cell.text for cell in row.cells] for row in findings.rows[1:]]
    assert [row[0] for row in rows] == ["F-01", "F-02", "F-03", "F-04"]
    assert rows[0][1] == "Major nonconformity"
    assert "Suppliers of heat treatment are not evaluated." in rows[0][3]
    assert "Requirement: ISO 9001:2015 8.4.1" in rows[0][3]
    assert "Forge Lane" in rows[2][2]
    text = docx_text(document)
    assert "Gauges Client Ltd" in text
    assert "Recommend certification once the nonconformities are resolved" in text
    assert "Technical expert" in text
    assert document.core_properties.author
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "NUMPAGES" in footer


def test_the_stage1_docx_is_the_stage1_report(rw: ReportWorld) -> None:
    text = docx_text(docx_of(documents.audit_report_docx(rw.stage1)))
    assert "Stage 1 report" in text
    assert "Ready for Stage 2" in text
    assert "Basis for planning Stage 2" in text
    assert "Conclusion and recommendation" not in text


def test_a_not_ready_stage1_lists_the_issues_to_fix(rw: ReportWorld) -> None:
    from qms.certification.models import CertAudit
    from qms.core.testing.audit_guard import allow_unaudited_writes

    with allow_unaudited_writes():
        CertAudit.objects.filter(pk=rw.stage1.pk).update(
            stage1_conclusion="not_ready", issues_to_fix="No management review held."
        )
    flat = " ".join(pdf_text(documents.audit_report_pdf(rw.stage1)).split())
    assert "Not ready: issues to fix before Stage 2" in flat
    assert "Issues to fix before Stage 2 No management review held." in flat


def test_staff_download_both_formats(client_for: Any, rw: ReportWorld) -> None:
    client = client_for(rw.world.manager)
    pdf = client.get(reverse("certification:audit_report_pdf", args=[rw.stage2.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert "Gauges Client Ltd" in pdf_text(pdf.content)
    docx = client.get(reverse("certification:audit_report_docx", args=[rw.stage2.pk]))
    assert docx.status_code == 200
    assert docx["Content-Type"] == documents.DOCX_TYPE
    assert "attachment" in docx["Content-Disposition"]
    assert ".docx" in docx["Content-Disposition"]
    assert "F-01" in docx_text(docx_of(docx.content))


def test_another_organization_gets_404(
    client_for: Any, rw: ReportWorld, other_organization: Any
) -> None:
    other_manager = member(other_organization, CERTIFICATION_MANAGER, "mgr@other.test")
    client = client_for(other_manager)
    for name in ("certification:audit_report_pdf", "certification:audit_report_docx"):
        assert client.get(reverse(name, args=[rw.stage2.pk])).status_code == 404, name


def test_a_member_without_a_certification_role_cannot_read_it(
    client_for: Any, rw: ReportWorld, organization: Any
) -> None:
    employee = member(organization, Role.EMPLOYEE, "emp@cb.test")
    response = client_for(employee).get(
        reverse("certification:audit_report_pdf", args=[rw.stage2.pk])
    )
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client_for: Any, rw: ReportWorld) -> None:
    response = client_for(None).get(reverse("certification:audit_report_docx", args=[rw.stage2.pk]))
    assert response.status_code == 302
