"""The process map (ISO 9001 §4.4) as server-rendered SVG: no JavaScript, no library.

Processes are boxes in three rows (management on top, core in the middle, support below),
ordered left to right by their map position; each interaction is an arrow labelled with what
flows. The drawing is accessible (role="img", <title> and <desc> naming every process and
arrow) and pages pair it with a table of the same interactions. It renders the same in the
browser and in WeasyPrint PDFs. Every name is escaped: a process called "<R&D>" is text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .choices import ProcessStatus, ProcessType
from .models import Process, ProcessInteraction

BOX_W, BOX_H = 170, 78
GAP_X, LANE_H = 124, 214
MARGIN_X, MARGIN_TOP, LANE_LABEL_W = 12, 70, 30
CHAR_W = 5.9  # the width of one character of a 10.5 px label, roughly
ROWS = (ProcessType.MANAGEMENT, ProcessType.CORE, ProcessType.SUPPORT)
FILL = {
    ProcessType.MANAGEMENT: "#e9f0fb",
    ProcessType.CORE: "#e7f4ec",
    ProcessType.SUPPORT: "#f8f9fb",
}
ROW_LABELS = {
    ProcessType.MANAGEMENT: "Management",
    ProcessType.CORE: "Core",
    ProcessType.SUPPORT: "Support",
}
STROKE = {
    ProcessType.MANAGEMENT: "#1c58b5",
    ProcessType.CORE: "#17693c",
    ProcessType.SUPPORT: "#566173",
}


@dataclass(frozen=True)
class Box:
    pk: int
    code: str
    name: str
    owner: str
    process_type: str
    url: str
    x: float
    y: float
    row: int
    column: int

    @property
    def cx(self) -> float:
        return self.x + BOX_W / 2

    @property
    def cy(self) -> float:
        return self.y + BOX_H / 2


@dataclass(frozen=True)
class ProcessMap:
    """The laid-out map: what templates and the PDF draw, and list as a table."""

    boxes: list[Box]
    interactions: list[ProcessInteraction]
    width: int
    height: int
    svg: SafeString

    @property
    def is_empty(self) -> bool:
        return not self.boxes


def map_processes(*, organization: Any) -> QuerySet[Process]:
    """The processes drawn on the map: all but retired ones, with their owners (one query)."""
    return (
        Process.objects.for_organization(organization)
        .exclude(status=ProcessStatus.RETIRED)
        .select_related("owner")
        .order_by("sequence", "code", "name", "id")
    )


def map_interactions(*, organization: Any) -> QuerySet[ProcessInteraction]:
    """Every interaction of the organization, with both processes (one query; the owners
    drawn in the boxes come with `map_processes`, not with every arrow)."""
    return (
        ProcessInteraction.objects.for_organization(organization)
        .select_related("from_process", "to_process")
        .order_by("from_process__sequence", "from_process__name", "to_process__name", "id")
    )


def _person(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.email)


def _wrap(text: str, width: int = 19, lines: int = 2) -> list[str]:
    words, out, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if len(candidate) <= width or not line:
            line = candidate
        else:
            out.append(line)
            line = word
    if line:
        out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return [part if len(part) <= width else part[: width - 1] + "…" for part in out]


def _short(text: str, width: int = 30) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def layout(processes: Sequence[Process]) -> tuple[list[Box], int, int]:
    rows: dict[str, list[Process]] = {row: [] for row in ROWS}
    for process in processes:
        rows.setdefault(process.process_type or ProcessType.CORE, []).append(process)
    used = [row for row in ROWS if rows.get(row)]
    widest = max((len(rows[row]) for row in used), default=0)
    width = int(MARGIN_X * 2 + LANE_LABEL_W + max(widest, 1) * (BOX_W + GAP_X) - GAP_X)
    boxes: list[Box] = []
    for row_index, row in enumerate(used):
        members = rows[row]
        # Centre a shorter row under the widest one.
        row_width = len(members) * (BOX_W + GAP_X) - GAP_X
        start = MARGIN_X + LANE_LABEL_W + (width - 2 * MARGIN_X - LANE_LABEL_W - row_width) / 2
        for column, process in enumerate(members):
            boxes.append(
                Box(
                    pk=process.pk,
                    code=process.code,
                    name=process.name,
                    owner=_person(process.owner),
                    process_type=row,
                    url=process.get_absolute_url(),
                    x=start + column * (BOX_W + GAP_X),
                    y=MARGIN_TOP + row_index * LANE_H,
                    row=row_index,
                    column=column,
                )
            )
    height = int(MARGIN_TOP + max(len(used), 1) * LANE_H - (LANE_H - BOX_H) + 60)
    return boxes, width, height


def _edge_point(box: Box, toward_x: float, toward_y: float) -> tuple[float, float]:
    """Where the line from the box's centre toward a point leaves the box."""
    dx, dy = toward_x - box.cx, toward_y - box.cy
    if dx == 0 and dy == 0:
        return box.cx, box.cy
    scale = min(
        (BOX_W / 2) / abs(dx) if dx else float("inf"),
        (BOX_H / 2) / abs(dy) if dy else float("inf"),
    )
    return box.cx + dx * scale, box.cy + dy * scale


def _route(a: Box, b: Box) -> tuple[str, float, float, str, int]:
    """The SVG path of an arrow from `a` to `b`, where its label goes (x, y, text-anchor)
    and how many characters the label may take there."""
    if a.row == b.row and abs(a.column - b.column) == 1:
        forward = b.column > a.column
        y = a.cy + (-12 if forward else 12)
        x1 = a.x + BOX_W if forward else a.x
        x2 = b.x if forward else b.x + BOX_W
        label_y = y - 6 if forward else y + 15
        return (
            f"M{x1:.1f},{y:.1f} L{x2:.1f},{y:.1f}",
            (x1 + x2) / 2,
            label_y,
            "middle",
            int((GAP_X - 10) / CHAR_W),
        )
    if a.row == b.row:
        forward = b.column > a.column
        span = abs(a.column - b.column)
        if forward:
            y1, bend = a.y, a.y - 30 - 14 * span
        else:
            y1, bend = a.y + BOX_H, a.y + BOX_H + 30 + 14 * span
        x1, x2 = a.cx + (14 if forward else -14), b.cx + (-14 if forward else 14)
        cx = (x1 + x2) / 2
        apex = (y1 + bend) / 2
        label_y = apex - 5 if forward else apex + 15
        return (
            f"M{x1:.1f},{y1:.1f} Q{cx:.1f},{bend:.1f} {x2:.1f},{y1:.1f}",
            cx,
            label_y,
            "middle",
            34,
        )
    # Between rows: centre to centre, shifted sideways so a pair in both directions shows
    # two arrows, clipped at the boxes' borders; the label beside its own arrow.
    downward = a.row < b.row
    shift = -9 if downward else 9
    (x1, y1) = _edge_point(a, b.cx + shift, b.cy)
    (x2, y2) = _edge_point(b, a.cx + shift, a.cy)
    x1, x2 = x1 + shift, x2 + shift
    share = 0.6 if downward else 0.4  # nearer the lower row, clear of the curves above
    mx, my = x1 + (x2 - x1) * share, y1 + (y2 - y1) * share
    anchor = "end" if downward else "start"
    return (
        f"M{x1:.1f},{y1:.1f} L{x2:.1f},{y2:.1f}",
        mx + (-6 if downward else 6),
        my + 4,
        anchor,
        30,
    )


def render_svg(
    *,
    boxes: Sequence[Box],
    interactions: Sequence[ProcessInteraction],
    width: int,
    height: int,
    title: str,
    id_prefix: str = "pm",
) -> SafeString:
    by_pk = {box.pk: box for box in boxes}
    drawn = [
        item
        for item in interactions
        if item.from_process_id in by_pk and item.to_process_id in by_pk
    ]
    names = ", ".join(f"{b.code} {b.name}".strip() for b in boxes)
    flows = "; ".join(
        f"{by_pk[i.from_process_id].name} to {by_pk[i.to_process_id].name}: {i.flow}" for i in drawn
    )
    description = f"Processes: {names or 'none'}. Interactions: {flows or 'none'}."
    tid, did, mid = f"{id_prefix}-title", f"{id_prefix}-desc", f"{id_prefix}-arrow"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="process-map-svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{tid} {did}" font-family="DejaVu Sans, Arial, sans-serif">',
        f'<title id="{tid}">{escape(title)}</title>',
        f'<desc id="{did}">{escape(description)}</desc>',
        f'<defs><marker id="{mid}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#334155"/></marker></defs>',
    ]
    # Row captions.
    seen_rows: dict[int, str] = {}
    for box in boxes:
        seen_rows.setdefault(box.row, box.process_type)
    for row, kind in sorted(seen_rows.items()):
        label = ROW_LABELS[ProcessType(kind)]
        x, y = MARGIN_X + 10, MARGIN_TOP + row * LANE_H + BOX_H / 2
        parts.append(
            f'<rect x="{MARGIN_X - 2}" y="{y - BOX_H / 2 - 6:.1f}" width="20" '
            f'height="{BOX_H + 12}" rx="4" fill="{FILL[ProcessType(kind)]}"/>'
        )
        parts.append(
            f'<text x="{x}" y="{y:.1f}" transform="rotate(-90 {x} {y:.1f})" '
            f'text-anchor="middle" dominant-baseline="central" font-size="11" '
            f'font-weight="bold" fill="#566173">{escape(label)}</text>'
        )
    for box in boxes:
        kind = ProcessType(box.process_type)
        lines = _wrap(box.name)
        parts.append(f'<a href="{escape(box.url)}" class="process-map-box">')
        parts.append(
            f"<title>{escape(f'{box.code} {box.name}'.strip())}"
            f"{escape(', owner ' + box.owner) if box.owner else ''}</title>"
        )
        parts.append(
            f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{BOX_W}" height="{BOX_H}" rx="8" '
            f'fill="{FILL[kind]}" stroke="{STROKE[kind]}" stroke-width="1.5"/>'
        )
        text_y = box.y + 18
        if box.code:
            parts.append(
                f'<text x="{box.cx:.1f}" y="{text_y:.1f}" text-anchor="middle" font-size="11" '
                f'fill="#566173">{escape(box.code)}</text>'
            )
            text_y += 16
        for line in lines:
            parts.append(
                f'<text x="{box.cx:.1f}" y="{text_y:.1f}" text-anchor="middle" font-size="13" '
                f'font-weight="bold" fill="#17202c">{escape(line)}</text>'
            )
            text_y += 15
        if box.owner:
            parts.append(
                f'<text x="{box.cx:.1f}" y="{box.y + BOX_H - 7:.1f}" text-anchor="middle" '
                f'font-size="10.5" fill="#566173">{escape(_short(box.owner, 30))}</text>'
            )
        parts.append("</a>")
    for item in drawn:
        a, b = by_pk[item.from_process_id], by_pk[item.to_process_id]
        path, lx, ly, anchor, room = _route(a, b)
        lines = _wrap(item.flow, room)
        above = a.row == b.row and b.column > a.column  # forward arrows: the label grows up
        first_y = ly - 13 * (len(lines) - 1) if above else ly
        parts.append('<g class="process-map-flow">')
        parts.append(f"<title>{escape(f'{a.name} → {b.name}: {item.flow}')}</title>")
        parts.append(
            f'<path d="{path}" fill="none" stroke="#334155" stroke-width="1.4" '
            f'marker-end="url(#{mid})"/>'
        )
        text_w = CHAR_W * max(len(line) for line in lines) + 6
        left = {"middle": lx - text_w / 2, "end": lx - text_w + 3, "start": lx - 3}[anchor]
        parts.append(
            f'<rect x="{left:.1f}" y="{first_y - 11:.1f}" width="{text_w:.1f}" '
            f'height="{13 * len(lines) + 2}" rx="3" fill="#ffffff" fill-opacity="0.92"/>'
        )
        for index, line in enumerate(lines):
            parts.append(
                f'<text x="{lx:.1f}" y="{first_y + 13 * index:.1f}" text-anchor="{anchor}" '
                f'font-size="10.5" fill="#17202c">{escape(line)}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text above is escaped)


def process_map(
    *,
    organization: Any,
    title: str = "Process map",
    id_prefix: str = "pm",
    processes: Sequence[Process] | None = None,
) -> ProcessMap:
    """The organization's map, laid out and drawn (two queries; one when the caller already
    read `map_processes` for its own table)."""
    if processes is None:
        processes = list(map_processes(organization=organization))
    interactions = list(map_interactions(organization=organization))
    boxes, width, height = layout(processes)
    svg = render_svg(
        boxes=boxes,
        interactions=interactions,
        width=width,
        height=height,
        title=title,
        id_prefix=id_prefix,
    )
    return ProcessMap(boxes=boxes, interactions=interactions, width=width, height=height, svg=svg)
