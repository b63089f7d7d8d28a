"""A stored audit-time calculation as PDF (core.pdf, WeasyPrint): the document that goes to
the client with the contract and to the accreditation body on request (IAF MD 5 §4.4).

The certification body's name and address head it; then the client, the application, the
number and date, the inputs, the result with every figure's justification, the caps and
warnings, the table reference and who calculated it. Page numbers are core's footer."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from qms.core.pdf import pdf_response, render_pdf

from ..body.selectors import certification_body_of
from ..models import AuditTimeCalculation
from . import selectors

TEMPLATE = "certification/audit_time/pdf/calculation.html"
FOOTER = "Audit-time calculation (IAF MD 5)"


def calculation_context(*, calculation: AuditTimeCalculation) -> dict[str, Any]:
    """What the template shows (a test reads it without WeasyPrint)."""
    body = certification_body_of(calculation.organization_id)
    return {
        "calculation": calculation,
        "body_name": body.name if body is not None else str(calculation.organization),
        "body_address": body.address if body is not None else "",
        "inputs_rows": selectors.inputs_display(calculation.inputs),
        "generated_at": timezone.now(),
        **selectors.result_display(calculation.result),
    }


def calculation_pdf(*, calculation: AuditTimeCalculation) -> bytes:
    context = calculation_context(calculation=calculation)
    return render_pdf(
        template_name=TEMPLATE,
        context=context,
        title=f"Audit-time calculation {calculation.number}",
        organization_name=context["body_name"],
        header_right=calculation.number,
        footer_note=f"{FOOTER} · {calculation.number}",
    )


def calculation_response(*, calculation: AuditTimeCalculation) -> HttpResponse:
    return pdf_response(
        pdf=calculation_pdf(calculation=calculation),
        filename=f"audit-time-{calculation.number}.pdf",
    )
