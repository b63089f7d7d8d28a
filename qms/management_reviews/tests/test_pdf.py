"""The pack and minutes as one PDF: it renders, and its text holds the NC number, the
action numbers of the decisions, the minutes and the signature block."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from qms.accounts.tests.factories import PASSWORD
from qms.core.workflow import model_transition
from qms.management_reviews import services
from qms.management_reviews.models import ManagementReview
from qms.management_reviews.pdf import review_context, review_pdf
from qms.nonconformities.tests.factories import NonconformityFactory

pytestmark = pytest.mark.django_db


def _approved(held_review: ManagementReview, organization: Any, quality_manager: Any) -> Any:
    nc = NonconformityFactory(
        organization=organization, detected_on=dt.date(2026, 1, 20), source="internal_audit"
    )
    services.pack_compile(actor=quality_manager, review=held_review)
    output = services.output_create(
        actor=quality_manager,
        review=held_review,
        data={
            "kind": "improvement",
            "decision": "Introduce first-article inspection on line 2.",
            "owner": quality_manager,
            "due_date": dt.date(2026, 6, 30),
        },
    )
    services.minutes_update(
        actor=quality_manager,
        instance=held_review,
        data={
            "minutes": "## Opening\nThe chair opened the meeting.\n\n- Pack reviewed",
            "conclusion": "The QMS is suitable, adequate and effective.",
        },
    )
    review = model_transition(
        actor=quality_manager, instance=held_review, transition="approve", password=PASSWORD
    )
    return review, nc, output


def test_context_holds_everything(
    held_review: ManagementReview, organization: Any, quality_manager: Any
) -> None:
    review, _nc, output = _approved(held_review, organization, quality_manager)
    context = review_context(review=review)
    assert len(context["items"]) == 12
    assert context["signatures"][0]["meaning"] == "Approved"
    assert context["outputs"][0].action.number == output.action.number


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_text(
    held_review: ManagementReview, organization: Any, quality_manager: Any, tmp_path: Path
) -> None:
    review, nc, output = _approved(held_review, organization, quality_manager)
    pdf = review_pdf(review=review)
    assert pdf.startswith(b"%PDF")
    target = Path(os.environ.get("MR_PDF_OUT") or tmp_path / "review.pdf")
    target.write_bytes(pdf)
    text = subprocess.run(  # noqa: S603 - our own file, a fixed command
        ["pdftotext", "-layout", str(target), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert nc.number in text
    assert output.action.number in text
    assert "The chair opened the meeting." in text
    assert "Approved" in text and review.number in text
    assert "No data for the period" in text
