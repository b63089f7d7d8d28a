"""The report of one nonconformity with its whole history, as a PDF (core.pdf)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qms.core.pdf import render_pdf

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .models import Nonconformity

TEMPLATE = "nonconformities/pdf/nonconformity_report.html"


def report_context(*, nonconformity: Nonconformity) -> dict[str, Any]:
    return {"nonconformity": nonconformity}


def nonconformity_report_pdf(
    *, nonconformity: Nonconformity, request: HttpRequest | None = None
) -> bytes:
    return render_pdf(
        template_name=TEMPLATE,
        context=report_context(nonconformity=nonconformity),
        title=f"{nonconformity.number} {nonconformity.title}",
        organization_name=str(nonconformity.organization),
        header_right=nonconformity.number,
    )
