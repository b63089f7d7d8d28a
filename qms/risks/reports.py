"""Figures of the register (heat maps, quarterly trend of high risks) for the heat map page, the
dashboard and the PDF report of the register (core.pdf)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from qms.core.charts import Series, bar_chart
from qms.core.pdf import pdf_response, render_pdf

from . import rules, selectors, services
from .choices import OPEN_STATES, RiskKind
from .heatmap import HeatMap, build_heatmap
from .models import Risk, RiskMatrix

PDF_TEMPLATE = "risks/pdf/register_report.html"


def rating_text(risk: Risk, matrix: RiskMatrix) -> dict[str, str]:
    """Readable ratings: "3 Possible x 4 Major = 12 (High)"."""

    def label(labels: list[str], level: int | None) -> str:
        if level is None:
            return ""
        return f"{level} {labels[level - 1]}" if 1 <= level <= len(labels) else str(level)

    bands = services.band_labels(matrix, risk.kind)

    def band(key: str) -> str:
        return str(bands[key]["label"]) if key in bands else ""

    if risk.kind == RiskKind.OPPORTUNITY:
        if risk.inherent_score is None:
            return {"inherent": "", "residual": ""}
        text = (
            f"value {label(matrix.value_labels, risk.value)} x effort "
            f"{label(matrix.effort_labels, risk.effort)} = {risk.inherent_score} "
            f"({band(risk.inherent_band)})"
        )
        return {"inherent": text, "residual": ""}
    result = {}
    for which in ("inherent", "residual"):
        lik = getattr(risk, f"{which}_likelihood")
        con = getattr(risk, f"{which}_consequence")
        value = getattr(risk, f"{which}_score")
        result[which] = (
            f"{label(matrix.likelihood_labels, lik)} x {label(matrix.consequence_labels, con)}"
            f" = {value} ({band(getattr(risk, f'{which}_band'))})"
            if value is not None
            else ""
        )
    return result


def heatmaps(*, queryset: Any, matrix: RiskMatrix, base_url: str) -> list[HeatMap]:
    return [
        build_heatmap(
            title=title,
            which=which,
            likelihood_labels=matrix.likelihood_labels,
            consequence_labels=matrix.consequence_labels,
            bands=matrix.bands,
            counts=selectors.heat_counts(queryset, which=which),
            base_url=base_url,
        )
        for which, title in (
            ("inherent", "Open risks: inherent rating"),
            ("residual", "Open risks: residual (target) rating"),
        )
    ]


def trend_chart(*, organization: Any, matrix: RiskMatrix, today: Any) -> Any:
    ends, counts = selectors.high_risks_per_quarter(
        organization=organization, bands=matrix.bands, today=today
    )
    return bar_chart(
        title="Open risks rated high or above, at each quarter's end",
        labels=[rules.quarter_label(end) for end in ends],
        series=[Series("High or above", counts, tone="danger")],
        category="Quarter",
    )


def register_figures(*, user: Any, organization: Any, today: Any) -> dict[str, Any]:
    matrix = services.matrix_for(organization)
    queryset = selectors.risk_list(user=user, organization=organization)
    return {
        "matrix": matrix,
        "heatmaps": heatmaps(queryset=queryset, matrix=matrix, base_url=reverse("risks:risk_list")),
        "trend": trend_chart(organization=organization, matrix=matrix, today=today),
        "bands": matrix.bands,
    }


def register_context(*, user: Any, organization: Any, today: Any) -> dict[str, Any]:
    """What the PDF shows (kept apart so a test can read it without WeasyPrint)."""
    figures = register_figures(user=user, organization=organization, today=today)
    matrix = figures["matrix"]
    entries = list(
        selectors.risk_list(user=user, organization=organization)
        .prefetch_related("approvals")
        .order_by("kind", "number")
    )
    rows = []
    for risk in entries:
        approvals = sorted(risk.approvals.all(), key=lambda a: a.approved_at, reverse=True)
        rows.append(
            {
                "risk": risk,
                "rating": rating_text(risk, matrix),
                "approved": approvals[0].approved_at if approvals else None,
                "review_overdue": rules.review_overdue(
                    status=risk.status, next_review_on=risk.next_review_on, today=today
                ),
            }
        )
    return {
        **figures,
        "rows": rows,
        "open_count": sum(1 for r in entries if r.status in OPEN_STATES),
        "generated_at": timezone.localtime(timezone.now()),
    }


def register_pdf(*, user: Any, organization: Any, today: Any) -> HttpResponse:
    pdf = render_pdf(
        template_name=PDF_TEMPLATE,
        context=register_context(user=user, organization=organization, today=today),
        title="Risk and opportunity register",
        organization_name=str(organization),
        footer_note="Risk and opportunity register (ISO 9001 6.1)",
    )
    return pdf_response(pdf=pdf, filename=f"risk-register-{today.isoformat()}.pdf")
