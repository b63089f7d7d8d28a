"""How a stored section is shown (the review page, the section page and the PDF): its plain
figures and, when its figures carry a series, a bar chart (core.charts)."""

from __future__ import annotations

from typing import Any

from qms.core.charts import Chart, Series, bar_chart

from ..models import InputSection, ManagementReview
from ..selectors import sections_of


def section_chart(section: InputSection) -> Chart | None:
    """The bar chart of a section whose figures carry a series (else None)."""
    for item in section.figures:
        series = item.get("series") if isinstance(item, dict) else None
        if series and series.get("labels"):
            return bar_chart(
                title=f"{section.clause}: {series['title']}",
                labels=[str(x) for x in series["labels"]],
                series=[Series(str(series["title"]), [float(v) for v in series["values"]])],
                unit=str(series.get("unit") or ""),
                horizontal=len(series["labels"]) > 4,
            )
    return None


def pack_item(section: InputSection) -> dict[str, Any]:
    """A section with its plain figures (label and value) and its chart."""
    return {
        "section": section,
        "figures": [f for f in section.figures if isinstance(f, dict) and "label" in f],
        "chart": section_chart(section),
    }


def pack_items(review: ManagementReview) -> list[dict[str, Any]]:
    return [pack_item(section) for section in sections_of(review=review)]
