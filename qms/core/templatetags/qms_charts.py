"""`{% chart chart_object %}`: an accessible SVG figure with its data table.

{% load qms_charts %}
{% chart nc_by_severity %}               {# the chart's title shown as its caption #}
{% chart nc_by_severity caption=False %} {# inside a card whose heading already says it #}
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


@register.simple_tag(name="chart")
def chart_tag(chart: Chart | str | None, caption: bool = True) -> SafeString:
    """The figure of `chart`; nothing for None or "" (a missing context variable)."""
    if chart is None or chart == "":
        return SafeString("")
    if not isinstance(chart, Chart):
        raise TypeError("{% chart %} takes a Chart from qms.core.charts.")
    context: dict[str, Any] = {"chart": chart, "id": f"qchart-{next(_ids)}", "caption": caption}
    return SafeString(render_to_string(TEMPLATE, context))
