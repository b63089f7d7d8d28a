"""The chart model: the palette, the sizes, and the frozen dataclasses a template draws."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

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


def _n(value: float) -> str:
    """A coordinate for an SVG attribute: two decimals at most, no '-0'."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
