"""Line charts: one line per series over periods, with gaps for missing values."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from .layout import (
    _clamp,
    _finish_vertical,
    _finite,
    _frame_vertical,
    _normalise,
    _summary,
    _table,
    _text_width,
    _tick_labels,
    _ticks,
    _value_range,
    _values,
    format_value,
    whole_number_axis,
)
from .model import (
    HEIGHT,
    MAX_MARKERS,
    VALUE_FONT,
    Chart,
    Line,
    Point,
    Series,
    ValueLabel,
    _n,
)


def line_chart(
    *,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    target: float | None = None,
    y_min: float | None = None,
    y_max: float | None = None,
    category: str = "",
) -> Chart:
    """One line per series over the labels (periods); None leaves a gap. `y_min`/`y_max`
    fix the scale (a rating of 1 to 5); otherwise the axis starts at zero."""
    target, y_min, y_max = _finite(target), _finite(y_min), _finite(y_max)
    names, exact, rows = _normalise(labels, series)
    title = str(title)
    head, table = _table(names, exact, unit, total=False)
    summary = _summary("line", names, exact, unit, target, stacked=False)
    base = Chart(
        kind="line",
        title=title,
        labels=names,
        series=rows,
        unit=unit,
        target=target,
        table_head=head,
        table_rows=table,
        summary=summary,
        category=str(category) or _("Category"),
    )
    if base.is_empty:
        return base
    values = _values(rows)
    drawn_target = None if target is None else _clamp(target)
    y_min = None if y_min is None else _clamp(y_min)
    y_max = None if y_max is None else _clamp(y_max)
    low, high = _value_range(
        values, target=drawn_target, zero=y_min is None, y_min=y_min, y_max=y_max
    )
    integer = whole_number_axis(values, target=drawn_target, y_min=y_min, y_max=y_max)
    axis_min, axis_max, ticks = _ticks(
        low, high, fixed_low=y_min, fixed_high=y_max, integer=integer
    )
    tick_text = _tick_labels(ticks, unit)
    left, top, right, bottom, band, axis_labels = _frame_vertical(names, tick_text)
    plot_h = HEIGHT - top - bottom

    def y_of(v: float) -> float:
        return top + (axis_max - v) / (axis_max - axis_min) * plot_h

    lines = []
    value_labels: list[ValueLabel] = []
    # A single line shows its values when each fits above its point without touching the next.
    widest = max((_text_width(format_value(v, unit), VALUE_FONT) for v in values), default=0)
    show_values = len(rows) == 1 and band >= widest + 6
    for s in rows:
        points: list[Point] = []
        runs: list[list[Point]] = [[]]
        for i, name in enumerate(names):
            v = s.values[i]
            if v is None:
                if runs[-1]:
                    runs.append([])
                continue
            text = format_value(v, unit)
            point = Point(
                left + band * (i + 0.5), y_of(v), name, v, text, f"{s.name}, {name}: {text}"
            )
            points.append(point)
            runs[-1].append(point)
            if show_values:
                value_labels.append(ValueLabel(point.x, point.y - 6, text))
        paths = tuple(
            "M" + " L".join(f"{_n(p.x)} {_n(p.y)}" for p in run) for run in runs if len(run) > 1
        )
        if len(names) <= MAX_MARKERS:
            markers = tuple(points)
        else:
            markers = tuple(p for run in runs if len(run) == 1 for p in run)
        lines.append(Line(s.name, s.tone, s.colour, paths, tuple(points), markers))
    return _finish_vertical(
        base,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        y_of=y_of,
        axis_min=axis_min,
        axis_max=axis_max,
        ticks=ticks,
        tick_text=tick_text,
        axis_labels=axis_labels,
        lines=tuple(lines),
        value_labels=tuple(value_labels),
    )
