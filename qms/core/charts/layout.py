"""Numbers, axes, labels and the parts every chart shares (pure functions)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace

from django.utils.translation import gettext as _

from .model import (
    CHAR,
    DASH,
    FONT,
    HEIGHT,
    MAX_AXIS_LABEL,
    MAX_WRAPPED,
    VALUE_FONT,
    WIDTH,
    AxisLabel,
    Bar,
    Chart,
    Line,
    Segment,
    Series,
    TableRow,
    TargetLine,
    Tick,
    ValueLabel,
)


def _decimals(step: float) -> int:
    return max(0, -math.floor(math.log10(step) + 1e-9)) if step > 0 else 0


def format_value(value: float | int | None, unit: str = "", *, decimals: int | None = None) -> str:
    """`value` for a label: whole numbers as such, others to one or two decimals, the unit
    attached ("95%", "12 days"). None is an en dash."""
    if value is None:
        return DASH
    number = float(value)
    if abs(number) >= 1e7 or (decimals is not None and decimals > 6):
        text = f"{number:.3g}"  # 1.2e+07: a label keeps a sensible width
    elif decimals is not None:
        text = f"{number:.{decimals}f}"
    else:
        text = _auto(number)
    if text in ("-0", "-0.0", "-0.00"):
        text = text[1:]
    unit = str(unit).strip()
    if not unit:
        return text
    return f"{text}{unit}" if unit in ("%", "‰", "°") else f"{text} {unit}"


def _auto(value: float) -> str:
    if value.is_integer():
        return f"{value:.0f}"
    if abs(value) < 0.01:
        return f"{value:.3g}"
    text = f"{value:.{1 if abs(value) >= 10 else 2}f}"
    return text.rstrip("0").rstrip(".")


def nice_step(span: float, count: int = 5) -> float:
    """A step of 1, 2 or 5 times a power of ten giving about `count` intervals over `span`."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        step = factor * magnitude
        if step >= raw * (1 - 1e-9):
            return float(step)
    return float(10 * magnitude)  # pragma: no cover - the loop always returns


def nice_ticks(
    low: float, high: float, *, count: int = 5, integer: bool = False
) -> tuple[float, float, list[float]]:
    """An axis from `low` to `high` widened to whole steps: (axis_min, axis_max, ticks).

    `integer`: the values are counts (or a whole-number scale), so a step is never below 1
    and every tick is a whole number (0, 1, 2, not 0.0, 0.2, 0.4)."""
    if high < low:
        low, high = high, low
    if high - low <= max(abs(low), abs(high), 1.0) * 1e-9:
        # one value (give or take float noise): an axis around it, from zero if it is positive
        pad = abs(high) * 0.1 if abs(high) >= 1e-9 else 1.0
        low, high = (max(low - pad, 0.0) if low >= 0 else low - pad), high + pad
    step = nice_step(high - low, count)
    if integer:
        step = max(step, 1.0)
    start = math.floor(low / step + 1e-9) * step
    stop = math.ceil(high / step - 1e-9) * step
    # (the tolerance forgives float noise such as 0.30000000000000004, never a real value)
    start = start - step if start > low + step * 1e-12 else start
    stop = stop + step if stop < high - step * 1e-12 else stop
    n = round((stop - start) / step)
    digits = _decimals(step) + 3
    ticks = [round(start + i * step, digits) + 0.0 for i in range(n + 1)]
    return ticks[0], ticks[-1], ticks


def _values(series: Sequence[Series]) -> list[float]:
    return [float(v) for s in series for v in s.values if v is not None]


def _clip(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: max(limit - 1, 1)].rstrip() + "…"


def _text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR


def _widest(values: Sequence[float], unit: str) -> float:
    """The width of the widest of `values` written as value labels."""
    return max((_text_width(format_value(v, unit), VALUE_FONT) for v in values), default=0.0)


LIMIT = 1e15  # values beyond this are drawn at it (the table still says what they are)


def _clamp(value: float) -> float:
    return max(-LIMIT, min(LIMIT, value))


def _finite(value: float | None) -> float | None:
    """A bound or target as a float, None when it is missing or not a finite number."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _normalise(
    labels: Sequence[str], series: Sequence[Series]
) -> tuple[tuple[str, ...], tuple[Series, ...], tuple[Series, ...]]:
    """Labels as strings; each series cut or padded with gaps to the number of labels, as
    given (for the table) and as drawn (within +/- LIMIT, so that no axis overflows)."""
    names = tuple(str(label) for label in labels)
    exact, drawn = [], []
    for s in series:
        values = tuple(s.values[: len(names)]) + (None,) * max(0, len(names) - len(s.values))
        exact.append(Series(s.name, values, s.tone))
        clamped = tuple(None if v is None else _clamp(v) for v in values)
        drawn.append(Series(s.name, clamped, s.tone))
    return names, tuple(exact), tuple(drawn)


def _table(
    labels: tuple[str, ...], series: tuple[Series, ...], unit: str, *, total: bool
) -> tuple[tuple[str, ...], tuple[TableRow, ...]]:
    head = tuple(s.name for s in series) + ((_("Total"),) if total else ())
    rows = []
    for i, label in enumerate(labels):
        cells = [format_value(s.values[i], unit) for s in series]
        if total:
            present = [s.values[i] for s in series if s.values[i] is not None]
            cells.append(format_value(sum(present), unit) if present else DASH)  # type: ignore[arg-type]
        rows.append(TableRow(label, tuple(cells)))
    return head, tuple(rows)


def _summary(
    kind: str,
    labels: tuple[str, ...],
    series: tuple[Series, ...],
    unit: str,
    target: float | None,
    *,
    stacked: bool,
) -> str:
    """One line saying what the chart shows, for `<desc>`."""
    if not labels or not any(v for v in _values(series)):
        return _("No data for this period.")
    span = labels[0] if len(labels) == 1 else f"{labels[0]} {DASH} {labels[-1]}"
    parts = []
    for s in series:
        known = [(labels[i], v) for i, v in enumerate(s.values) if v is not None]
        if not known:
            parts.append(_("%(name)s: no data") % {"name": s.name})
            continue
        high_label, high = max(known, key=lambda lv: lv[1])
        if kind == "line":
            last_label, last = known[-1]
            parts.append(
                _("%(name)s: latest %(last)s (%(label)s), highest %(high)s (%(high_label)s)")
                % {
                    "name": s.name,
                    "last": format_value(last, unit),
                    "label": last_label,
                    "high": format_value(high, unit),
                    "high_label": high_label,
                }
            )
        else:
            parts.append(
                _("%(name)s: total %(total)s, highest %(high)s (%(high_label)s)")
                % {
                    "name": s.name,
                    "total": format_value(sum(v for _l, v in known), unit),
                    "high": format_value(high, unit),
                    "high_label": high_label,
                }
            )
    what = (
        _("Line chart")
        if kind == "line"
        else (_("Stacked bar chart") if stacked else _("Bar chart"))
    )
    text = _("%(what)s over %(count)s categories (%(span)s). ") % {
        "what": what,
        "count": len(labels),
        "span": span,
    }
    text += "; ".join(parts) + "."
    if target is not None:
        text += " " + _("Target: %(target)s.") % {"target": format_value(target, unit)}
    return text


def _value_range(
    values: list[float],
    *,
    target: float | None,
    zero: bool,
    y_min: float | None,
    y_max: float | None,
) -> tuple[float, float]:
    candidates = list(values)
    if target is not None:
        candidates.append(target)
    if zero:
        candidates.append(0.0)
    low = min(candidates) if candidates else 0.0
    high = max(candidates) if candidates else 1.0
    if y_min is not None:
        low = min(low, y_min) if values else y_min
    if y_max is not None:
        high = max(high, y_max) if values else y_max
    return low, high


def _whole(value: float | None) -> bool:
    return value is None or float(value).is_integer()


def whole_number_axis(
    values: Sequence[float],
    *,
    target: float | None = None,
    y_min: float | None = None,
    y_max: float | None = None,
) -> bool:
    """Whether the value axis counts in whole numbers: every value (and the target and any
    given bound) is whole (counts), or the axis is a whole-number scale of at least two steps
    (a 1-5 or 0-10 rating, whatever its means)."""
    bounds_whole = _whole(y_min) and _whole(y_max)
    if y_min is not None and y_max is not None and bounds_whole and y_max - y_min >= 2:
        return True
    return bool(values) and bounds_whole and _whole(target) and all(_whole(v) for v in values)


def _ticks(
    low: float,
    high: float,
    *,
    fixed_low: float | None,
    fixed_high: float | None,
    integer: bool = False,
) -> tuple[float, float, list[float]]:
    """The axis: nice ticks, except that a given bound (a 1-5 scale) is kept as it is."""
    axis_min, axis_max, ticks = nice_ticks(low, high, integer=integer)
    if fixed_low is not None and low == fixed_low:
        axis_min = fixed_low
    if fixed_high is not None and high == fixed_high:
        axis_max = fixed_high
    if axis_min >= axis_max:
        axis_max = axis_min + 1
    step = ticks[1] - ticks[0] if len(ticks) > 1 else axis_max - axis_min
    ticks = [t for t in ticks if axis_min - 1e-9 <= t <= axis_max + 1e-9]
    # A fixed bound (the 1 of a 1-5 scale) is labelled too, unless a tick sits right beside it.
    for bound in (axis_min, axis_max):
        if all(abs(t - bound) >= step * 0.4 for t in ticks):
            ticks.append(bound)
    return axis_min, axis_max, sorted(ticks)


def _tick_labels(ticks: list[float], unit: str) -> list[str]:
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    decimals = _decimals(step)
    return [format_value(t, unit, decimals=decimals) for t in ticks]


def _thin(count: int, band: float, widest: float) -> int:
    """Show every k-th category label so that neighbours never overlap."""
    if count <= 1 or band <= 0:
        return 1
    return max(1, math.ceil((widest + 6) / band))


def _wrap(text: str, limit: int) -> tuple[str, ...]:
    """`text` on two lines split at the space that balances them (each clipped to `limit`)."""
    words = text.split()
    if len(words) < 2:
        return (_clip(text, limit),)
    splits = [(" ".join(words[:k]), " ".join(words[k:])) for k in range(1, len(words))]
    first, second = min(splits, key=lambda pair: (max(len(pair[0]), len(pair[1])), len(pair[1])))
    return (_clip(first, limit), _clip(second, limit))


def _frame_vertical(
    names: tuple[str, ...], tick_text: list[str]
) -> tuple[float, float, float, float, float, list[AxisLabel]]:
    """Margins and category labels of a vertical chart: (left, top, right, bottom, band,
    labels). Labels that do not fit side by side go on two lines when there are few of
    them, and otherwise only every k-th label shows."""
    left = round(max(_text_width(t, FONT) for t in tick_text) + 10, 2)
    top, right, bottom = 16.0, 10.0, 22.0
    plot_w = WIDTH - left - right
    band = plot_w / len(names)
    lines: list[tuple[str, ...]] = [(_clip(n, MAX_AXIS_LABEL),) for n in names]
    step = _thin(len(names), band, max(_text_width(t[0], FONT) for t in lines))
    if step > 1 and len(names) <= MAX_WRAPPED:
        wrapped = [_wrap(n, MAX_AXIS_LABEL) for n in names]
        widest = max(_text_width(line, FONT) for parts in wrapped for line in parts)
        if _thin(len(names), band, widest) == 1:
            lines, step = wrapped, 1
            if any(len(parts) > 1 for parts in wrapped):
                bottom += FONT + 1
    axis_labels = []
    for i, parts in enumerate(lines):
        if i % step:
            continue
        half = max(_text_width(line, FONT) for line in parts) / 2
        centre = left + band * (i + 0.5)
        x = min(max(centre, half + 1), WIDTH - half - 1)
        y = HEIGHT - bottom + FONT + 4
        axis_labels.append(AxisLabel(" ".join(parts), names[i], x, y, "middle", parts, FONT + 1))
    return left, top, right, bottom, band, axis_labels


def _bar(
    x: float, y: float, width: float, height: float, s: Series, label: str, v: float, text: str
) -> Bar:
    return Bar(
        x=x,
        y=y,
        width=max(width, 0.5),
        height=max(height, 0.5),
        tone=s.tone,
        colour=s.colour,
        series=s.name,
        label=label,
        value=v,
        text=text,
        tooltip=f"{s.name}, {label}: {text}",
    )


def _finish_vertical(
    base: Chart,
    *,
    left: float,
    top: float,
    right: float,
    bottom: float,
    y_of: Callable[[float], float],
    axis_min: float,
    axis_max: float,
    ticks: list[float],
    tick_text: list[str],
    axis_labels: list[AxisLabel],
    bars: tuple[Bar, ...] = (),
    lines: tuple[Line, ...] = (),
    value_labels: tuple[ValueLabel, ...] = (),
) -> Chart:
    target_line = None
    if base.target is not None:
        y = y_of(_clamp(base.target))
        target_line = TargetLine(left, y, WIDTH - right, y, _target_text(base))
    baseline = None
    if axis_min <= 0 <= axis_max:
        baseline = Segment(left, y_of(0.0), WIDTH - right, y_of(0.0))
    tick_rows = tuple(
        Tick(
            t,
            tick_text[i],
            y_of(t),
            left,
            y_of(t),
            WIDTH - right,
            y_of(t),
            left - 5,
            y_of(t) + FONT * 0.35,
            "end",
        )
        for i, t in enumerate(ticks)
    )
    return _replace(
        base,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        baseline=baseline,
        ticks=tick_rows,
        axis_labels=tuple(axis_labels),
        bars=bars,
        lines=lines,
        value_labels=value_labels,
        target_line=target_line,
    )


def _target_text(chart: Chart) -> str:
    return _("Target %(value)s") % {"value": format_value(chart.target, chart.unit)}


def _replace(chart: Chart, **changes: object) -> Chart:
    return replace(chart, **changes)  # type: ignore[arg-type]
