"""Controlled copies: the effective revision as a PDF with the controlled-copy footer, the
metadata, the content, the signatures and a QR code of the live page; nothing else prints.
Sockets are disabled for the whole test run (pytest-socket): rendering makes no network
access."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from qms.documents.models import DocumentRevision
from qms.documents.pdf import (
    ControlledCopyRefused,
    controlled_copy_context,
    controlled_copy_pdf,
)
from qms.documents.services.revisions import revision_create

from .test_reading_helpers import effective_document

pytestmark = pytest.mark.django_db

BODY = """# Purpose

This procedure says how Acme controls its documents.

## Steps

1. The owner drafts the change.
2. A reviewer checks it; the quality manager approves it.

| Step | Who |
| --- | --- |
| Draft | Owner |
| Approve | Quality manager |
"""


@pytest.fixture
def document(organization: Any, process_owner: Any, quality_manager: Any) -> Any:
    return effective_document(
        organization=organization,
        author=process_owner,
        approver=quality_manager,
        number="QP-07",
        title="Control of documented information",
        body=BODY,
    )


def _text(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the PDF text is not checked")
    source = tmp_path / "copy.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(  # noqa: S603 - a fixed local tool on a file we wrote
        ["pdftotext", "-layout", str(source), "-"],  # noqa: S607
        capture_output=True,
        check=True,
        text=True,
    )
    return result.stdout


def test_the_copy_is_a_pdf_with_the_controlled_copy_marks(
    document: Any, tmp_path: Path, rf: Any, quality_manager: Any
) -> None:
    request = rf.get("/")
    request.user = quality_manager
    revision = document.current_revision
    pdf = controlled_copy_pdf(document=document, revision=revision, request=request)
    assert pdf.startswith(b"%PDF-")
    text = _text(pdf, tmp_path)
    flat = " ".join(text.split())
    assert "QP-07" in flat
    assert "rev. 1" in flat
    assert "uncontrolled when printed" in flat.lower()
    assert "Approved" in flat  # the approval signature
    assert "How we control" not in flat and "controls its documents" in flat
    assert "Page 1 of" in flat
    assert f"{settings.BASE_URL}/documents/{document.pk}/" in flat
    sample = os.environ.get("QMS_CONTROLLED_COPY_SAMPLE")  # e.g. var/controlled-copy-sample.pdf
    if sample:
        Path(sample).write_bytes(pdf)


def test_the_content_is_sanitised(
    organization: Any, process_owner: Any, quality_manager: Any
) -> None:
    document = effective_document(
        organization=organization,
        author=process_owner,
        approver=quality_manager,
        body="Text <script>alert(1)</script> [x](javascript:alert(1))",
    )
    context = controlled_copy_context(document=document, revision=document.current_revision)
    assert "<script" not in str(context["body"])
    assert 'href="javascript:' not in str(context["body"])


def test_only_the_effective_revision_gets_a_copy(
    document: Any, process_owner: Any, quality_manager: Any, client_for: Any
) -> None:
    draft = revision_create(actor=process_owner, document=document, data={"change_summary": "x"})
    with pytest.raises(ControlledCopyRefused):
        controlled_copy_context(document=document, revision=draft)


def test_the_page_serves_the_pdf_to_members_only(
    document: Any, employee: Any, outsider: Any, client_for: Any
) -> None:
    url = reverse("documents:controlled_copy", args=[document.pk])
    response = client_for(employee).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302


def test_a_document_without_an_effective_revision_has_no_copy(
    organization: Any, process_owner: Any, quality_manager: Any, client_for: Any
) -> None:
    from qms.documents.services.documents import document_create

    draft = document_create(
        actor=process_owner,
        organization=organization,
        data={
            "number": "WI-99",
            "title": "Draft instruction",
            "document_type": "work_instruction",
            "owner": process_owner,
        },
    )
    url = reverse("documents:controlled_copy", args=[draft.pk])
    response = client_for(quality_manager).get(url)
    assert response.status_code == 302
    assert DocumentRevision.objects.filter(document=draft).count() == 1
