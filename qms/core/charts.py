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

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from django.utils.translation import gettext as _

__all__ = [
    "TONES",
    "Chart",
    "Series",
    "bar_chart",
    "format_value",
    "line_chart",
    "nice_ticks",
]

# The product's palette (qms.css tokens). Each fill holds at least 3:1 against white
# (WCAG 1.4.11, graphical objects); `text` is the colour of a label drawn on top of it.
TONES: dict[str, str] = {
    "primary": "#1c58b5",  # --brand
    "ok": "#17693c",  # --ok
    "warn": "#a66300",  # an amber between --warn and --warn-line, 4.8:1
    "danger": "#a8221b",  # --danger
    "muted": "#6b7685",  # 4.6:1 (all six: white text on them reads)
    "accent": "#6c3fa6",  # violet, 7.2:1
}
INK = "#17202c"  # --text
MUTED_INK = "#566173"  # --muted
GRID = "#dfe3e8"  # --line
AXIS = "#b8c0cc"  # --line-strong
TARGET = "#17202c"
DASH = "\u2013"  # an en dash: a missing value, a range
COLOURS = {"ink": INK, "muted": MUTED_INK, "grid": GRID, "axis": AXIS, "target": TARGET}

WIDTH = 360
HEIGHT = 220
FONT = 12  # axis labels, in viewBox units
VALUE_FONT = 11
CHAR = 0.6  # the width of a character, as a share of the font size (a safe estimate)
MAX_BAR = 56  # a bar never gets wider than this, however few the categories
ROW = 24  # the height of one category in a horizontal bar chart
MAX_MARKERS = 36
MAX_AXIS_LABEL = 14  # characters of a category label under a vertical chart
MAX_WRAPPED = 8  # categories whose labels may take two lines
MAX_SIDE_LABEL = 24  # characters of a category label beside a horizontal bar


@dataclass(frozen=True)
class Series:
    """A named row of values, one per label; None is a gap (no value for that label)."""

    name: str
    values: Sequence[float | int | None]
    tone: str = "primary"

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", str(self.name))
        if self.tone not in TONES:
            raise ValueError(f"Unknown chart tone {self.tone!r}; use one of {sorted(TONES)}.")
        cleaned: list[float | int | None] = []
        for value in self.values:
            if value is None:
                cleaned.append(None)
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                value = float(value)  # Decimal and friends
            cleaned.append(value if math.isfinite(value) else None)
        object.__setattr__(self, "values", tuple(cleaned))

    @property
    def colour(self) -> str:
        return TONES[self.tone]


class _Rounded:
    """Coordinates rounded to two decimals, so the SVG stays short."""

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if isinstance(value, float) and name != "value":
                object.__setattr__(self, name, round(value, 2) + 0.0)


@dataclass(frozen=True)
class Segment(_Rounded):
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Tick(_Rounded):
    """A value on the value axis: its grid line and its label."""

    value: float
    label: str
    pos: float  # y of a horizontal grid line (vertical charts) or x (horizontal bars)
    x1: float
    y1: float
    x2: float
    y2: float
    text_x: float
    text_y: float
    anchor: Literal["start", "middle", "end"]


@dataclass(frozen=True)
class AxisLabel(_Rounded):
    text: str  # as shown (perhaps shortened)
    full: str
    x: float
    y: float
    anchor: Literal["start", "middle", "end"]
    lines: tuple[str, ...] = ()  # the text on one or two lines
    line_height: float = FONT + 1

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.lines:
            object.__setattr__(self, "lines", (self.text,))


@dataclass(frozen=True)
class Bar(_Rounded):
    x: float
    y: float
    width: float
    height: float
    tone: str
    colour: str
    series: str
    label: str
    value: float
    text: str  # the formatted value
    tooltip: str


@dataclass(frozen=True)
class ValueLabel(_Rounded):
    x: float
    y: float
    text: str
    anchor: Literal["start", "middle", "end"] = "middle"
    inside: bool = False  # drawn on a bar (light text) rather than beside it


@dataclass(frozen=True)
class Point(_Rounded):
    x: float
    y: float
    label: str
    value: float
    text: str
    tooltip: str


@dataclass(frozen=True)
class Line:
    name: str
    tone: str
    colour: str
    paths: tuple[str, ...]  # one SVG path per run of values without a gap
    points: tuple[Point, ...]
    markers: tuple[Point, ...]  # the points drawn as dots (all, or only isolated ones)


@dataclass(frozen=True)
class TargetLine(_Rounded):
    x1: float
    y1: float
    x2: float
    y2: float
    text: str  # "Target 95%", shown in the legend


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Chart:
    """Everything the template draws. Coordinates are viewBox units."""

    kind: Literal["bar", "line"]
    title: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""
    target: float | None = None
    stacked: bool = False
    horizontal: bool = False
    width: int = WIDTH
    height: int = HEIGHT
    left: float = 0
    top: float = 0
    right: float = 0
    bottom: float = 0
    baseline: Segment | None = None  # the zero line, when the axis crosses zero
    ticks: tuple[Tick, ...] = ()
    axis_labels: tuple[AxisLabel, ...] = ()
    bars: tuple[Bar, ...] = ()
    lines: tuple[Line, ...] = ()
    value_labels: tuple[ValueLabel, ...] = ()
    target_line: TargetLine | None = None
    table_head: tuple[str, ...] = ()
    table_rows: tuple[TableRow, ...] = ()
    summary: str = ""
    category: str = ""  # the heading of the data table's first column
    font_size: int = FONT
    value_font_size: int = VALUE_FONT
    colours: dict[str, str] = field(default_factory=lambda: dict(COLOURS))

    @property
    def is_empty(self) -> bool:
        """No series, or nothing but gaps and zeros: the template says so instead."""
        return not any(v for s in self.series for v in s.values if v is not None)

    @property
    def has_legend(self) -> bool:
        """Several series, or a target to name."""
        return len(self.series) > 1 or self.target_line is not None

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {_n(self.height)}"

    @property
    def plot_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> float:
        return self.height - self.top - self.bottom


# ---- numbers ---------------------------------------------------------------------------


def _n(value: float) -> str:
    """A coordinate for an SVG attribute: two decimals at most, no '-0'."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


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


def nice_ticks(low: float, high: float, *, count: int = 5) -> tuple[float, float, list[float]]:
    """An axis from `low` to `high` widened to whole steps: (axis_min, axis_max, ticks)."""
    if high < low:
        low, high = high, low
    if high - low <= max(abs(low), abs(high), 1.0) * 1e-9:
        # one value (give or take float noise): an axis around it, from zero if it is positive
        pad = abs(high) * 0.1 if abs(high) >= 1e-9 else 1.0
        low, high = (max(low - pad, 0.0) if low >= 0 else low - pad), high + pad
    step = nice_step(high - low, count)
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


# ---- axes ------------------------------------------------------------------------------


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


def _ticks(
    low: float, high: float, *, fixed_low: float | None, fixed_high: float | None
) -> tuple[float, float, list[float]]:
    """The axis: nice ticks, except that a given bound (a 1-5 scale) is kept as it is."""
    axis_min, axis_max, ticks = nice_ticks(low, high)
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


# ---- charts ----------------------------------------------------------------------------


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
    axis_min, axis_max, ticks = _ticks(low, high, fixed_low=None, fixed_high=None)
    tick_text = _tick_labels(ticks, unit)
    if horizontal:
        return _horizontal(base, rows, names, axis_min, axis_max, ticks, tick_text)
    return _vertical_bars(base, rows, names, axis_min, axis_max, ticks, tick_text)


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
        totals = [sum(float(s.values[i] or 0) for s in rows) for i in range(len(names))]
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
    widest_value = max(
        (_text_width(format_value(v, base.unit), VALUE_FONT) for v in _values(rows)), default=0
    )
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
    axis_min, axis_max, ticks = _ticks(low, high, fixed_low=y_min, fixed_high=y_max)
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


def _target_text(chart: Chart) -> str:
    return _("Target %(value)s") % {"value": format_value(chart.target, chart.unit)}


def _replace(chart: Chart, **changes: object) -> Chart:
    return replace(chart, **changes)  # type: ignore[arg-type]
