"""The objectives report as a PDF (core.pdf): every objective with its owner, target,
latest value and performance status, its chart, its measurement table and its plan actions."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from qms.core.pdf import pdf_response, render_pdf

from . import selectors
from .models import QualityObjective

TEMPLATE = "objectives/pdf/objectives_report.html"


def report_context(*, queryset: QuerySet[QualityObjective]) -> dict[str, Any]:
    """What the template shows (kept apart so a test can read it without WeasyPrint)."""
    from qms.actions.selectors import actions_of_many

    from .views import objective_chart

    objectives = list(
        selectors.with_latest(queryset).select_related("owner", "policy").order_by("number")
    )
    measurements = selectors.measurements_of_many(objectives=objectives)
    actions = actions_of_many(origins=objectives) if objectives else {}
    items = [
        {
            "objective": obj,
            "measurements": measurements[obj.pk],
            "chart": objective_chart(obj, measurements[obj.pk]),
            "actions": actions.get(obj.pk, []),
        }
        for obj in objectives
    ]
    return {"items": items, "generated_at": timezone.now()}


def report_pdf(*, queryset: QuerySet[QualityObjective], organization: Any) -> bytes:
    return render_pdf(
        template_name=TEMPLATE,
        context=report_context(queryset=queryset),
        title="Quality objectives report",
        organization_name=str(organization),
        footer_note="Quality objectives report (ISO 9001 6.2)",
    )


def report_response(*, request: HttpRequest, queryset: QuerySet[QualityObjective]) -> HttpResponse:
    pdf = report_pdf(queryset=queryset, organization=request.organization)  # type: ignore[attr-defined]
    return pdf_response(pdf=pdf, filename="quality-objectives.pdf")
