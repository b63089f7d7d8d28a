"""The management review as one PDF (core.pdf): a cover, the attendance, each input section
with its figures, chart and the records as their numbers, the decisions with their action
numbers, owners and due dates, the minutes, the conclusion and the signature block."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from qms.core.markdown import render_markdown
from qms.core.pdf import pdf_response, render_pdf
from qms.core.signatures import signatures_of

from . import selectors
from .models import ManagementReview
from .sections.display import pack_items

TEMPLATE = "management_reviews/pdf/review.html"


def review_context(*, review: ManagementReview) -> dict[str, Any]:
    """What the template shows (a test reads it without WeasyPrint)."""
    items = pack_items(review)
    for item in items:
        item["text"] = render_markdown(item["section"].manual_text or "")
    signatures = [
        {
            "signer_name": signature.signer_name,
            "signer_email": signature.signer_email,
            "meaning": signature.get_meaning_display(),
            "signed_at": signature.signed_at,
            "hash_prefix": signature.content_hash[:16],
            "status": status.label,
        }
        for signature, status in signatures_of(subject=review)
    ]
    return {
        "review": review,
        "items": items,
        "attendance": selectors.attendance_of(review=review),
        "outputs": selectors.outputs_of(review=review),
        "minutes": render_markdown(review.minutes or ""),
        "conclusion": render_markdown(review.conclusion or ""),
        "signatures": signatures,
        "generated_at": timezone.now(),
    }


def review_pdf(*, review: ManagementReview) -> bytes:
    return render_pdf(
        template_name=TEMPLATE,
        context=review_context(review=review),
        title=f"Management review {review.number}",
        organization_name=str(review.organization),
        header_right=review.number,
        footer_note=f"Management review {review.number} (ISO 9001 9.3) · "
        f"{review.get_status_display()}",
    )


def review_response(*, review: ManagementReview) -> HttpResponse:
    return pdf_response(
        pdf=review_pdf(review=review), filename=f"management-review-{review.number}.pdf"
    )
