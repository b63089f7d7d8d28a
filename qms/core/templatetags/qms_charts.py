"""`{% chart chart_object %}`: an accessible SVG figure with its data table.

    {% load qms_charts %}
    {% chart nc_by_severity %}               {# the chart's title as its visible caption #}
    {% chart nc_by_severity caption=False %} {# the title for screen readers only #}

Inside a dashboard card whose heading already says the chart's title, the caption is kept
for screen readers only, so the card does not say it twice.
"""

from __future__ import annotations

import itertools
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from ..charts import Chart

register = template.Library()

TEMPLATE = "core/charts/chart.html"

_ids = itertools.count(1)


def _card_heading(context: template.Context) -> str:
    """The heading of the dashboard card being drawn (core/dashboard_cards.html), if any."""
    entry = context.get("card")
    card = entry.get("card") if isinstance(entry, dict) else None
    return str(getattr(card, "title", "") or "")


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


@register.simple_tag(name="chart", takes_context=True)
def chart_tag(
    context: template.Context, chart: Chart | str | None, caption: bool | None = None
) -> SafeString:
    """The figure of `chart`; nothing for None or "" (a missing context variable)."""
    if chart is None or chart == "":
        return SafeString("")
    if not isinstance(chart, Chart):
        raise TypeError("{% chart %} takes a Chart from qms.core.charts.")
    if caption is None:
        caption = not _same(_card_heading(context), chart.title)
    values: dict[str, Any] = {"chart": chart, "id": f"qchart-{next(_ids)}", "caption": caption}
    return SafeString(render_to_string(TEMPLATE, values))
