"""Charts drawn by the product itself: SVG geometry computed here, in Python (no JavaScript,
no library, no CDN), rendered by `{% load qms_charts %}{% chart chart_object %}`.

    from qms.core.charts import Series, bar_chart, line_chart

    chart = bar_chart(
        title=_("Open nonconformities by severity"),
        labels=["0-30 days", "31-90 days", "over 90 days"],
        series=[Series("Major", [2, 1, 0], tone="danger"), Series("Minor", [5, 3, 1], tone="warn")],
        stacked=True,
    )
    chart = line_chart(title=_("Mean rating"), labels=months, series=[Series("Q1", means)],
                       y_min=1, y_max=5, target=4)

Every function is pure: it takes numbers and words and returns a frozen `Chart` holding
the coordinates of every bar, line, tick and label inside a fixed-width viewBox that scales
to its container (so a phone shows the whole chart, smaller). Colours are CSS classes
(`tone-primary`…) and, for WeasyPrint which does not apply the page's stylesheet inside an
SVG, the same colours as presentation attributes. The template adds a `<desc>` summary and
a data table, which is what a screen reader and a printer rely on.
"""

from .bars import bar_chart
from .layout import format_value, nice_step, nice_ticks
from .lines import line_chart
from .model import HEIGHT, MAX_BAR, TONES, WIDTH, Chart, Series

__all__ = [
    "HEIGHT",
    "MAX_BAR",
    "TONES",
    "WIDTH",
    "Chart",
    "Series",
    "bar_chart",
    "format_value",
    "line_chart",
    "nice_step",
    "nice_ticks",
]
