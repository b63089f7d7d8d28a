"""Importing an existing document set: a ZIP with a small PDF and an XLSX index (one row
with a Markdown body), dry run first, all or nothing, the same file twice unchanged, and
rows with problems reported."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any

import pytest
from django.core.files.base import ContentFile
from openpyxl import Workbook

from qms.core.audit import AuditEvent
from qms.core.imports.services import import_run
from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.documents import events
from qms.documents.choices import ContentFormat, RevisionStatus
from qms.documents.models import Document, DocumentRevision, NumberingScheme
from qms.organizations.tests.factories import ProcessFactory
from qms.standards.loader import load_files
from qms.standards.models import OrganizationStandard, StandardEdition
from qms.standards.selectors import clauses_for_subject

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
HEADER = [
    "number",
    "title",
    "type",
    "owner",
    "process",
    "confidentiality",
    "review_interval_months",
    "retention_months",
    "clauses",
    "file",
    "body",
    "effective_on",
]


@pytest.fixture
def setting(organization: Any, quality_manager: Any, process_owner: Any) -> Any:
    load_files()
    with allow_unaudited_writes():
        OrganizationStandard.objects.create(
            organization=organization,
            edition=StandardEdition.objects.get(urn="urn:qms:iso:9001:2015"),
            scope="All of it.",
        )
        NumberingScheme.objects.create(
            organization=organization, document_type="work_instruction", pattern="WI-{seq:03}"
        )
    return ProcessFactory(organization=organization, code="P-04", name="Calibration")


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _zip(rows: list[list[Any]], files: dict[str, bytes]) -> ContentFile[bytes]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.xlsx", _xlsx(rows))
        for name, data in files.items():
            archive.writestr(name, data)
    return ContentFile(buffer.getvalue(), name="documents.zip")


GOOD = [
    [
        "QP-12",
        "Calibration of gauges",
        "procedure",
        "process@acme.test",
        "P-04",
        "internal",
        24,
        None,
        "9001:7.1.5; 9001:7.5.1",
        "calibration.pdf",
        None,
        "2024-03-01",
    ],
    [
        None,
        "Setting a plug gauge",
        "work_instruction",
        "process@acme.test",
        "Calibration",
        None,
        None,
        None,
        None,
        None,
        "# Steps\n\n1. Clean the gauge.\n2. Set it against the master.",
        None,
    ],
]


def _run(actor: Any, organization: Any, upload: Any, *, dry_run: bool) -> Any:
    return import_run(
        actor=actor,
        organization=organization,
        importer_kind="documents.documents",
        upload=upload,
        dry_run=dry_run,
    )


def test_dry_run_then_real_run_then_unchanged(
    setting: Any, organization: Any, quality_manager: Any
) -> None:
    upload = lambda: _zip(GOOD, {"calibration.pdf": PDF})  # noqa: E731
    dry = _run(quality_manager, organization, upload(), dry_run=True)
    assert not dry.has_errors, dry.to_json()
    assert not Document.objects.for_organization(organization).exists()

    real = _run(quality_manager, organization, upload(), dry_run=False)
    assert real.totals["created"] == 2, real.to_json()
    procedure = Document.objects.for_organization(organization).get(number="QP-12")
    revision = DocumentRevision.objects.for_organization(organization).get(document=procedure)
    assert revision.status == RevisionStatus.EFFECTIVE
    assert revision.content_format == ContentFormat.FILE
    assert revision.effective_on == date(2024, 3, 1)
    assert revision.approved_by == quality_manager
    assert "Imported" in revision.change_summary
    assert procedure.current_revision_id == revision.pk
    assert procedure.next_review_on == date(2026, 3, 1)
    assert {clause.number for clause in clauses_for_subject(subject=procedure)} == {
        "7.1.5",
        "7.5.1",
    }
    event = AuditEvent.objects.get(
        event_type=events.REVISION_APPROVED.name, subject_id=str(revision.pk)
    )
    assert event.data["imported"] is True
    instruction = Document.objects.for_organization(organization).get(title="Setting a plug gauge")
    assert instruction.number == "WI-001"
    assert instruction.current_revision_id is None  # no effective date: a draft

    again = _run(quality_manager, organization, upload(), dry_run=False)
    assert again.totals["unchanged"] == 2, again.to_json()
    assert Document.objects.for_organization(organization).count() == 2


def test_bad_rows_are_reported_and_nothing_is_written(
    setting: Any, organization: Any, quality_manager: Any
) -> None:
    bad = [
        GOOD[0],
        [
            "QP-13",
            "No owner",
            "procedure",
            "nobody@else.test",
            None,
            None,
            None,
            None,
            None,
            None,
            "Text",
            None,
        ],
        [
            "QP-14",
            "Bad process",
            "procedure",
            "process@acme.test",
            "P-99",
            None,
            None,
            None,
            "9001:99.9",
            None,
            "Text",
            None,
        ],
        [
            "QP-15",
            "Both",
            "procedure",
            "process@acme.test",
            None,
            None,
            None,
            None,
            None,
            "calibration.pdf",
            "Text",
            None,
        ],
        [
            "qp-12",
            "Twice",
            "procedure",
            "process@acme.test",
            None,
            None,
            None,
            None,
            None,
            None,
            "Text",
            None,
        ],
        [
            "QP-16",
            "Bad type",
            "memo",
            "process@acme.test",
            None,
            None,
            None,
            None,
            None,
            None,
            "Text",
            None,
        ],
        [
            "QP-17",
            "Missing file",
            "procedure",
            "process@acme.test",
            None,
            None,
            None,
            None,
            None,
            "absent.pdf",
            None,
            None,
        ],
    ]
    report = _run(quality_manager, organization, _zip(bad, {"calibration.pdf": PDF}), dry_run=False)
    assert report.has_errors
    errors = {row.number: row.errors for row in report.error_rows}
    assert "owner" in errors[3]
    assert {"process", "clauses"} <= set(errors[4])
    assert "file" in errors[5]
    assert "number" in errors[6]
    assert "type" in errors[7]
    assert "file" in errors[8]
    assert not Document.objects.for_organization(organization).exists()


def test_an_employee_may_not_import(setting: Any, organization: Any, employee: Any) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _run(employee, organization, _zip(GOOD, {"calibration.pdf": PDF}), dry_run=True)
