"""Bar charts: grouped or stacked, vertical or horizontal."""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.translation import gettext as _

from .layout import (
    _bar,
    _clamp,
    _clip,
    _finish_vertical,
    _finite,
    _frame_vertical,
    _normalise,
    _replace,
    _summary,
    _table,
    _target_text,
    _text_width,
    _tick_labels,
    _ticks,
    _value_range,
    _values,
    _widest,
    format_value,
    whole_number_axis,
)
from .model import (
    CHAR,
    FONT,
    HEIGHT,
    MAX_BAR,
    MAX_SIDE_LABEL,
    ROW,
    VALUE_FONT,
    WIDTH,
    AxisLabel,
    Bar,
    Chart,
    Segment,
    Series,
    TargetLine,
    Tick,
    ValueLabel,
)


def bar_chart(
    *,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    stacked: bool = False,
    horizontal: bool = False,
    unit: str = "",
    target: float | None = None,
    category: str = "",
) -> Chart:
    """Bars per label: grouped side by side (one per series) or `stacked`; `horizontal`
    for long category names. A dashed line marks `target`."""
    target = _finite(target)
    names, exact, rows = _normalise(labels, series)
    title = str(title)
    head, table = _table(names, exact, unit, total=stacked and len(rows) > 1)
    summary = _summary("bar", names, exact, unit, target, stacked=stacked)
    base = Chart(
        kind="bar",
        title=title,
        labels=names,
        series=rows,
        unit=unit,
        target=target,
        stacked=stacked,
        horizontal=horizontal,
        table_head=head,
        table_rows=table,
        summary=summary,
        category=str(category) or _("Category"),
    )
    if base.is_empty:
        return base
    # The extent of the bars: for a stack, the sums of its positive and negative parts.
    if stacked:
        extents = []
        for i in range(len(names)):
            parts = [float(s.values[i] or 0) for s in rows]
            extents += [sum(p for p in parts if p > 0), sum(p for p in parts if p < 0)]
    else:
        extents = _values(rows)
    drawn_target = None if target is None else _clamp(target)
    low, high = _value_range(extents, target=drawn_target, zero=True, y_min=None, y_max=None)
    integer = whole_number_axis(extents, target=drawn_target)
    axis_min, axis_max, ticks = _ticks(low, high, fixed_low=None, fixed_high=None, integer=integer)
    tick_text = _tick_labels(ticks, unit)
    if horizontal:
        return _horizontal(base, rows, names, axis_min, axis_max, ticks, tick_text)
    return _vertical_bars(base, rows, names, axis_min, axis_max, ticks, tick_text)


def _vertical_bars(
    base: Chart,
    rows: tuple[Series, ...],
    names: tuple[str, ...],
    axis_min: float,
    axis_max: float,
    ticks: list[float],
    tick_text: list[str],
) -> Chart:
    left, top, right, bottom, band, axis_labels = _frame_vertical(names, tick_text)
    plot_h = HEIGHT - top - bottom

    def y_of(v: float) -> float:
        return top + (axis_max - v) / (axis_max - axis_min) * plot_h

    zero = y_of(0.0)
    bars: list[Bar] = []
    labels: list[ValueLabel] = []
    unit = base.unit
    if base.stacked:
        width = min(band * 0.7, MAX_BAR)
        totals = _stack_totals(rows, len(names))
        totals_fit = width >= _widest(totals, unit)
        for i, name in enumerate(names):
            x = left + band * (i + 0.5) - width / 2
            up, down = 0.0, 0.0
            for s in rows:
                v = s.values[i]
                if not v:
                    continue
                start = up if v > 0 else down
                end = start + v
                if v > 0:
                    up = end
                else:
                    down = end
                y1, y2 = y_of(max(start, end)), y_of(min(start, end))
                text = format_value(v, unit)
                bars.append(_bar(x, y1, width, y2 - y1, s, name, v, text))
                fits = y2 - y1 >= VALUE_FONT + 3 and width >= _text_width(text, VALUE_FONT) + 4
                if len(rows) > 1 and fits:
                    middle = (y1 + y2) / 2 + VALUE_FONT * 0.35
                    labels.append(ValueLabel(x + width / 2, middle, text, inside=True))
            text = format_value(up + down, unit)
            if (up or down) and totals_fit:
                y = y_of(up) - 3 if up else y_of(down) + VALUE_FONT + 1
                labels.append(ValueLabel(x + width / 2, y, text))
    else:
        group = min(band * 0.8, MAX_BAR * len(rows))
        width = group / len(rows)
        gap = 1.0 if width > 4 else 0.0
        # every bar says its value, or none does (a chart of 30 thin bars shows none)
        values_fit = width >= _widest(_values(rows), unit) + 1
        for i, name in enumerate(names):
            x0 = left + band * (i + 0.5) - group / 2
            for k, s in enumerate(rows):
                v = s.values[i]
                if v is None:
                    continue
                x = x0 + k * width
                y1, y2 = (y_of(v), zero) if v >= 0 else (zero, y_of(v))
                text = format_value(v, unit)
                if v:  # a zero has no bar, only its label
                    bars.append(_bar(x + gap / 2, y1, width - gap, y2 - y1, s, name, v, text))
                if values_fit:
                    y = y1 - 3 if v >= 0 else y2 + VALUE_FONT + 1
                    labels.append(ValueLabel(x + width / 2, y, text))
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
        bars=tuple(bars),
        value_labels=tuple(labels),
    )


def _stack_totals(rows: Sequence[Series], count: int) -> list[float]:
    """Each of the `count` stacks' total, the value written after its end."""
    return [sum(float(s.values[i] or 0) for s in rows) for i in range(count)]


def _horizontal(
    base: Chart,
    rows: tuple[Series, ...],
    names: tuple[str, ...],
    axis_min: float,
    axis_max: float,
    ticks: list[float],
    tick_text: list[str],
) -> Chart:
    shown = [_clip(n, MAX_SIDE_LABEL) for n in names]
    left = round(min(max(_text_width(t, FONT) for t in shown) + 10, WIDTH * 0.42), 2)
    limit = max(int((left - 10) / (FONT * CHAR)), 4)
    shown = [_clip(n, limit) for n in names]
    written = list(_values(rows))
    if base.stacked:  # a stack's total is written after its end: leave room for it too
        written += _stack_totals(rows, len(names))
    widest_value = _widest(written, base.unit)
    top = 6.0
    right = round(max(widest_value + 8, _text_width(tick_text[-1], FONT) / 2 + 4, 12), 2)
    bottom = FONT + 10.0
    height = top + ROW * len(names) + bottom
    plot_w = WIDTH - left - right

    def x_of(v: float) -> float:
        return left + (v - axis_min) / (axis_max - axis_min) * plot_w

    zero = x_of(0.0)
    bars: list[Bar] = []
    labels: list[ValueLabel] = []
    unit = base.unit
    axis_labels = [
        AxisLabel(shown[i], names[i], left - 6, top + ROW * (i + 0.5) + FONT * 0.35, "end")
        for i in range(len(names))
    ]
    for i, name in enumerate(names):
        band_top = top + ROW * i
        if base.stacked:
            thickness = ROW * 0.7
            y = band_top + (ROW - thickness) / 2
            up, down = 0.0, 0.0
            for s in rows:
                v = s.values[i]
                if not v:
                    continue
                start = up if v > 0 else down
                end = start + v
                if v > 0:
                    up = end
                else:
                    down = end
                x1, x2 = x_of(min(start, end)), x_of(max(start, end))
                text = format_value(v, unit)
                bars.append(_bar(x1, y, x2 - x1, thickness, s, name, v, text))
                if x2 - x1 >= _text_width(text, VALUE_FONT) + 4:
                    labels.append(
                        ValueLabel(
                            (x1 + x2) / 2, y + thickness / 2 + VALUE_FONT * 0.35, text, inside=True
                        )
                    )
            if up or down:
                total = up + down
                end_x = x_of(up) + 4 if up else x_of(down) - 4
                labels.append(
                    ValueLabel(
                        end_x,
                        band_top + ROW / 2 + VALUE_FONT * 0.35,
                        format_value(total, unit),
                        "start" if up else "end",
                    )
                )
        else:
            thickness = ROW * 0.75 / len(rows)
            y0 = band_top + ROW * 0.125
            for k, s in enumerate(rows):
                v = s.values[i]
                if v is None:
                    continue
                y = y0 + k * thickness
                x1, x2 = (zero, x_of(v)) if v > 0 else (x_of(v), zero)
                text = format_value(v, unit)
                gap = 1.0 if thickness > 4 else 0.0
                if v:  # a zero has no bar, only its label
                    bars.append(_bar(x1, y + gap / 2, x2 - x1, thickness - gap, s, name, v, text))
                if thickness >= VALUE_FONT * 0.8:
                    labels.append(
                        ValueLabel(
                            x2 + 4 if v >= 0 else x1 - 4,
                            y + thickness / 2 + VALUE_FONT * 0.35,
                            text,
                            "start" if v >= 0 else "end",
                        )
                    )
    target_line = None
    if base.target is not None:
        x = x_of(_clamp(base.target))
        target_line = TargetLine(x, top, x, height - bottom, _target_text(base))
    return _replace(
        base,
        height=math.ceil(height),
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        baseline=Segment(zero, top, zero, height - bottom) if axis_min <= 0 <= axis_max else None,
        ticks=tuple(
            Tick(
                t,
                tick_text[i],
                x_of(t),
                x_of(t),
                top,
                x_of(t),
                height - bottom,
                x_of(t),
                height - bottom + FONT + 3,
                "middle",
            )
            for i, t in enumerate(ticks)
        ),
        axis_labels=tuple(axis_labels),
        bars=tuple(bars),
        value_labels=tuple(labels),
        target_line=target_line,
    )
