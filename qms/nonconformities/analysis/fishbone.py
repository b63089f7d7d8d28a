"""The Ishikawa (fishbone) diagram as geometry computed in Python, drawn by a template as SVG.

The effect (the nonconformity's problem) sits in a box at the head on the right; the spine
runs to it from the left; six bones, one per 6M category, slant into the spine, three above
(people, machine, method) and three below (material, measurement, environment). Each cause
hangs off its bone on a short tick, its text right-aligned to the left of the bone and
wrapped to the room a bone's slot has, so no text crosses the next bone. The heights grow
with the longest list, so nothing overlaps whatever the number of causes.

All positions are in the SVG's user units (a 1000-unit wide viewBox); the template scales it
to the page (and to a phone's width: the text list below the figure stays readable there).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .choices import CauseCategory

WIDTH = 1000
MARGIN = 16
HEAD_WIDTH = 190
SLANT = 40  # how far a bone's outer end leans left of its joint with the spine
TICK = 14
GAP = 6  # between a tick and its text, and between two causes
CAUSE_FONT = 12
CAUSE_LINE = 15
LABEL_FONT = 14
HEAD_FONT = 14
HEAD_LINE = 18
HEAD_CHARS = 20
HEAD_MAX_LINES = 8
CAUSE_MAX_LINES = 6
# A generous average advance of DejaVu Sans (the product's and the PDF's font), in ems.
CHAR_EM = 0.62

TOP = (CauseCategory.MAN, CauseCategory.MACHINE, CauseCategory.METHOD)
BOTTOM = (CauseCategory.MATERIAL, CauseCategory.MEASUREMENT, CauseCategory.ENVIRONMENT)


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class TextBlock:
    """Lines of text: `x` is where they are anchored (`anchor`: start, middle or end), `y`
    the first baseline, each next line `line_height` lower."""

    x: float
    y: float
    lines: tuple[str, ...]
    anchor: str
    font_size: int
    line_height: int

    @property
    def tspans(self) -> list[tuple[float, str]]:
        """(baseline y, text) of each line, for the template."""
        return [(self.y + i * self.line_height, line) for i, line in enumerate(self.lines)]

    @property
    def width(self) -> float:
        longest = max((len(line) for line in self.lines), default=0)
        return longest * self.font_size * CHAR_EM

    @property
    def left(self) -> float:
        if self.anchor == "end":
            return self.x - self.width
        if self.anchor == "middle":
            return self.x - self.width / 2
        return self.x

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def top(self) -> float:
        return self.y - self.font_size

    @property
    def bottom(self) -> float:
        return self.y + (len(self.lines) - 1) * self.line_height + self.font_size * 0.3


@dataclass(frozen=True)
class Cause:
    text: str
    tick: Line
    block: TextBlock


@dataclass(frozen=True)
class Bone:
    category: str
    label: str
    line: Line
    label_block: TextBlock
    causes: tuple[Cause, ...]
    slot_left: float
    slot_right: float


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Fishbone:
    width: int
    height: float
    spine: Line
    arrow: str  # the arrowhead's polygon points
    head: Box
    head_text: TextBlock
    bones: tuple[Bone, ...]
    title: str
    description: str
    problem: str

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {_fmt(self.height)}"

    @property
    def categories(self) -> list[tuple[str, list[str]]]:
        """(label, causes) of each category in 6M order: the text fallback."""
        order = {value: i for i, value in enumerate(CauseCategory.values)}
        ordered = sorted(self.bones, key=lambda bone: order[bone.category])
        return [(bone.label, [cause.text for cause in bone.causes]) for bone in ordered]


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def wrap(text: str, *, chars: int, max_lines: int) -> tuple[str, ...]:
    """Wrap to lines of at most `chars` characters; past `max_lines`, end with an ellipsis."""
    lines = textwrap.wrap(
        " ".join(text.split()), width=max(chars, 4), break_long_words=True, break_on_hyphens=True
    ) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        lines[-1] = (last[: max(chars - 1, 1)].rstrip() + "…") if len(last) >= chars else last + "…"
    return tuple(lines)


def _cause_chars(slot_width: float) -> int:
    room = slot_width - SLANT - TICK - 2 * GAP
    return max(int(room // (CAUSE_FONT * CHAR_EM)), 8)


def _cause_blocks(causes: list[str], chars: int) -> list[tuple[str, ...]]:
    return [wrap(cause, chars=chars, max_lines=CAUSE_MAX_LINES) for cause in causes]


def _column_height(blocks: list[tuple[str, ...]]) -> float:
    return sum(len(lines) * CAUSE_LINE + GAP for lines in blocks)


def build(*, problem: str, ishikawa: dict[str, list[str]], title: str = "") -> Fishbone:
    """The diagram's geometry for a problem and its causes by 6M category."""
    head_lines = wrap(
        problem or _("(no problem statement)"), chars=HEAD_CHARS, max_lines=HEAD_MAX_LINES
    )
    head_height = len(head_lines) * HEAD_LINE + 20
    head_x = WIDTH - MARGIN - HEAD_WIDTH
    spine_left = MARGIN
    slot_width = (head_x - 12 - spine_left) / 3
    chars = _cause_chars(slot_width)
    causes = {
        key: [c for c in (ishikawa.get(key) or []) if isinstance(c, str)]
        for key in CauseCategory.values
    }
    blocks = {key: _cause_blocks(causes[key], chars) for key in CauseCategory.values}

    label_room = LABEL_FONT + 10  # the label above (or below) the bone's outer end
    lead = 14  # from the bone's outer end to its first cause
    top_need = max(_column_height(blocks[key]) for key in TOP) if TOP else 0
    bottom_need = max(_column_height(blocks[key]) for key in BOTTOM) if BOTTOM else 0
    # The head box stays clear of the labels of the last bones, which lean towards it.
    head_room = head_height / 2 + MARGIN + label_room + 4
    top_half = max(MARGIN + label_room + lead + top_need + 10, 90, head_room)
    bottom_half = max(MARGIN + label_room + lead + bottom_need + 10, 90, head_room)
    spine_y = top_half
    height = top_half + bottom_half

    bones: list[Bone] = []
    for row, keys in ((-1, TOP), (1, BOTTOM)):
        end_y = MARGIN + label_room if row < 0 else height - MARGIN - label_room
        for index, key in enumerate(keys):
            slot_left = spine_left + index * slot_width
            joint_x = slot_left + slot_width
            outer_x = joint_x - SLANT
            line = Line(outer_x, end_y, joint_x, spine_y)
            label = str(CauseCategory(key).label)
            label_y = end_y - 8 if row < 0 else end_y + LABEL_FONT + 4
            label_block = TextBlock(
                x=outer_x,
                y=label_y,
                lines=wrap(label, chars=int(slot_width // (LABEL_FONT * CHAR_EM)), max_lines=1),
                anchor="middle",
                font_size=LABEL_FONT,
                line_height=LABEL_FONT + 2,
            )
            placed: list[Cause] = []
            cursor = end_y + lead if row < 0 else spine_y + lead
            for text, lines in zip(causes[key], blocks[key], strict=True):
                y = cursor + CAUSE_FONT * 0.35
                bone_x = _bone_x(line, y)
                tick = Line(bone_x, y, bone_x - TICK, y)
                block = TextBlock(
                    x=bone_x - TICK - GAP,
                    y=y + CAUSE_FONT * 0.35,
                    lines=lines,
                    anchor="end",
                    font_size=CAUSE_FONT,
                    line_height=CAUSE_LINE,
                )
                placed.append(Cause(text=text, tick=tick, block=block))
                cursor += len(lines) * CAUSE_LINE + GAP
            bones.append(
                Bone(
                    category=key,
                    label=label,
                    line=line,
                    label_block=label_block,
                    causes=tuple(placed),
                    slot_left=slot_left,
                    slot_right=joint_x,
                )
            )

    head = Box(head_x, spine_y - head_height / 2, HEAD_WIDTH, head_height)
    head_text = TextBlock(
        x=head_x + HEAD_WIDTH / 2,
        y=head.y + 10 + HEAD_FONT,
        lines=head_lines,
        anchor="middle",
        font_size=HEAD_FONT,
        line_height=HEAD_LINE,
    )
    arrow = " ".join(
        f"{_fmt(x)},{_fmt(y)}"
        for x, y in ((head_x, spine_y), (head_x - 12, spine_y - 6), (head_x - 12, spine_y + 6))
    )
    return Fishbone(
        width=WIDTH,
        height=height,
        spine=Line(spine_left, spine_y, head_x - 12, spine_y),
        arrow=arrow,
        head=head,
        head_text=head_text,
        bones=tuple(bones),
        title=title or _("Ishikawa diagram"),
        description=_description(problem, causes),
        problem=problem,
    )


def _bone_x(line: Line, y: float) -> float:
    """The x of the bone at height y (between its two ends)."""
    if line.y2 == line.y1:
        return line.x2
    share = (y - line.y1) / (line.y2 - line.y1)
    return line.x1 + (line.x2 - line.x1) * share


def _description(problem: str, causes: dict[str, list[str]]) -> str:
    parts = [_("Effect: %(problem)s.") % {"problem": problem or "-"}]
    for value, label in CauseCategory.choices:
        found = causes.get(value) or []
        listed = "; ".join(found) if found else _("no cause recorded")
        parts.append(f"{label}: {listed}.")
    return " ".join(parts)


def fishbone_for(*, analysis: Any, problem: str) -> Fishbone:
    """The diagram of a root-cause analysis (its Ishikawa causes) for a problem statement."""
    data = analysis.ishikawa if isinstance(analysis.ishikawa, dict) else {}
    number = getattr(analysis.nonconformity, "number", "")
    return build(
        problem=problem,
        ishikawa=data,
        title=_("Ishikawa diagram of %(number)s, cycle %(cycle)s")
        % {"number": number, "cycle": analysis.cycle},
    )
