"""The programme timeline: the geometry of a server-rendered SVG (no script, no library) and
the same facts as a dated list (pure: no database access).

From the first date of the programme (Stage 1, or the first due window) to the restoration
deadline, one row per audit shows its due window (dashed outline; red when overdue), its
planned days (a bar) or its days when done (a bar with a check mark), and the milestones
(decision, expiry, recertification decision by, restoration deadline, majors verified by,
today) are vertical lines labelled in words. Every mark has a text label and a different
shape, so nothing is told by colour alone. The list (`entries`) is what a screen reader
reads and what a phone shows: the page stacks to it at narrow widths.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

WIDTH = 1000
LABEL_WIDTH = 190
PLOT_LEFT = 200
PLOT_RIGHT = 985
AXIS_HEIGHT = 30
ROW_HEIGHT = 38
LANE_HEIGHT = 16
CHAR_WIDTH = 6.2  # of the 11-unit labels, for the overlap check
MIN_BAR = 5.0
PADDING_DAYS = 20


@dataclass(frozen=True)
class Milestone:
    """A dated point of the cycle (decision, expiry, today...)."""

    key: str
    label: str
    day: dt.date


@dataclass(frozen=True)
class AuditSpan:
    """What the timeline shows of one audit."""

    label: str
    status: str
    status_label: str
    due_from: dt.date | None
    due_by: dt.date | None
    start: dt.date | None
    end: dt.date | None
    overdue: bool = False
    url: str = ""

    @property
    def done(self) -> bool:
        return self.status == "done"

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    def dates(self) -> list[dt.date]:
        return [d for d in (self.due_from, self.due_by, self.start, self.end) if d is not None]


@dataclass(frozen=True)
class Rect:
    x: float
    width: float


@dataclass(frozen=True)
class RowShape:
    span: AuditSpan
    top: float
    middle: float
    window: Rect | None
    days: Rect | None
    title: str  # the hover text (SVG <title>)


@dataclass(frozen=True)
class MilestoneShape:
    milestone: Milestone
    x: float
    label_x: float
    label_y: float
    anchor: str  # "start" or "end"


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Entry:
    """One line of the dated list (the text version)."""

    day: dt.date
    title: str
    detail: str
    kind: str  # "milestone", "today" or an audit status
    status_label: str = ""
    overdue: bool = False
    url: str = ""


@dataclass(frozen=True)
class Timeline:
    start: dt.date
    end: dt.date
    height: float
    rows_bottom: float
    ticks: list[Tick]
    rows: list[RowShape]
    milestones: list[MilestoneShape]
    entries: list[Entry] = field(default_factory=list)
    width: int = WIDTH

    @property
    def summary(self) -> str:
        return (
            f"Timeline of the programme from {self.start.isoformat()} to {self.end.isoformat()}: "
            f"{len(self.rows)} audit(s) and {len(self.milestones)} dated milestone(s), listed "
            "in words below."
        )


def _range(text_start: dt.date | None, text_end: dt.date | None) -> str:
    if text_start is None and text_end is None:
        return ""
    if text_start is None or text_end is None or text_start == text_end:
        day = text_start or text_end
        return day.isoformat() if day else ""
    return f"{text_start.isoformat()} to {text_end.isoformat()}"


def _describe(span: AuditSpan) -> str:
    parts = []
    if span.due_from or span.due_by:
        if span.due_from and span.due_by and span.due_from != span.due_by:
            parts.append(f"due between {_range(span.due_from, span.due_by)}")
        else:
            parts.append(f"due by {_range(span.due_from, span.due_by)}")
    if span.start:
        verb = "held" if span.done else "planned"
        parts.append(f"{verb} {_range(span.start, span.end)}")
    elif not span.done and not span.cancelled:
        parts.append("not planned yet")
    if span.overdue:
        parts.append("overdue")
    return "; ".join(parts)


def build(
    *, audits: Sequence[AuditSpan], milestones: Sequence[Milestone], today: dt.date
) -> Timeline | None:
    """The timeline of the programme, or None when nothing in it is dated yet."""
    dated = [d for span in audits for d in span.dates()] + [m.day for m in milestones]
    if not dated:
        return None
    marks = [*milestones, Milestone("today", "Today", today)]
    days = [*dated, today]
    start = min(days) - dt.timedelta(days=PADDING_DAYS)
    end = max(days) + dt.timedelta(days=PADDING_DAYS)
    span_days = max((end - start).days, 1)

    def x(day: dt.date) -> float:
        return round(PLOT_LEFT + (day - start).days / span_days * (PLOT_RIGHT - PLOT_LEFT), 1)

    def rect(first: dt.date, last: dt.date) -> Rect:
        left, right = x(first), x(last + dt.timedelta(days=1))
        return Rect(left, round(max(right - left, MIN_BAR), 1))

    ticks = [
        Tick(x(dt.date(year, 1, 1)), str(year))
        for year in range(start.year + 1, end.year + 1)
        if start < dt.date(year, 1, 1) < end
    ]
    rows = []
    for index, span in enumerate(audits):
        top = AXIS_HEIGHT + index * ROW_HEIGHT
        window = None
        if span.due_from or span.due_by:
            first = span.due_from or span.due_by or today
            last = span.due_by or span.due_from or today
            window = rect(first, last)
        held = rect(span.start, span.end or span.start) if span.start else None
        rows.append(
            RowShape(
                span=span,
                top=top,
                middle=top + ROW_HEIGHT / 2,
                window=window,
                days=held,
                title=f"{span.label}: {span.status_label}; {_describe(span)}",
            )
        )
    rows_bottom = AXIS_HEIGHT + len(rows) * ROW_HEIGHT
    shapes, lanes = _place_labels(sorted(marks, key=lambda m: m.day), x, rows_bottom)
    entries = _entries(audits, marks)
    return Timeline(
        start=start,
        end=end,
        height=rows_bottom + 12 + lanes * LANE_HEIGHT,
        rows_bottom=rows_bottom,
        ticks=ticks,
        rows=rows,
        milestones=shapes,
        entries=entries,
    )


def _place_labels(
    marks: Sequence[Milestone], position: Callable[[dt.date], float], rows_bottom: float
) -> tuple[list[MilestoneShape], int]:
    """Each milestone's label below the rows, in the first lane where it does not overlap
    an earlier one (so close dates never print over each other)."""
    lanes: list[float] = []  # right edge of the last label in each lane
    shapes = []
    for mark in marks:
        at = position(mark.day)
        text = f"{mark.label} {mark.day.isoformat()}"
        width = len(text) * CHAR_WIDTH
        if at + 4 + width <= PLOT_RIGHT + 10:
            anchor, left, right, label_x = "start", at, at + 4 + width, at + 4
        else:
            anchor, left, right, label_x = "end", at - 4 - width, at, at - 4
        lane = next((i for i, edge in enumerate(lanes) if edge + 8 <= left), len(lanes))
        if lane == len(lanes):
            lanes.append(right)
        else:
            lanes[lane] = right
        shapes.append(
            MilestoneShape(
                milestone=mark,
                x=at,
                label_x=round(label_x, 1),
                label_y=rows_bottom + 14 + lane * LANE_HEIGHT,
                anchor=anchor,
            )
        )
    return shapes, len(lanes)


def _entries(audits: Sequence[AuditSpan], marks: Sequence[Milestone]) -> list[Entry]:
    entries = [
        Entry(
            day=mark.day,
            title=mark.label,
            detail="",
            kind="today" if mark.key == "today" else "milestone",
        )
        for mark in marks
    ]
    for span in audits:
        day = span.start or span.due_from or span.due_by
        if day is None:
            continue
        entries.append(
            Entry(
                day=day,
                title=span.label,
                detail=_describe(span),
                kind=span.status,
                status_label=span.status_label,
                overdue=span.overdue,
                url=span.url,
            )
        )
    order = {"milestone": 0, "today": 2}
    return sorted(entries, key=lambda e: (e.day, order.get(e.kind, 1), e.title))
