"""Fishbone geometry: everything inside the picture, no two texts overlapping, long text
wrapped, empty categories drawn, and an accessible title and description."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pytest

from qms.nonconformities.analysis.fishbone import CAUSE_MAX_LINES, Box, TextBlock, build, wrap

LONG = "Spindle play above the maintenance limit of 0.01 mm after the bearing change in May"


def _boxes(fb: Any) -> list[tuple[str, float, float, float, float]]:
    found = []
    for bone in fb.bones:
        block = bone.label_block
        found.append((f"label {bone.category}", block.left, block.top, block.right, block.bottom))
        for index, cause in enumerate(bone.causes):
            b = cause.block
            found.append((f"{bone.category} {index}", b.left, b.top, b.right, b.bottom))
    head: Box = fb.head
    found.append(("head", head.x, head.y, head.x + head.width, head.y + head.height))
    return found


def _overlap(
    a: tuple[str, float, float, float, float], b: tuple[str, float, float, float, float]
) -> bool:
    return a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]


@pytest.mark.parametrize("per_category", [0, 1, 3, 8])
def test_nothing_leaves_the_picture_and_no_two_texts_overlap(per_category: int) -> None:
    causes = [f"{LONG} ({n})" for n in range(per_category)]
    fb = build(
        problem="Bore diameter of housing HX-20 out of tolerance on three parts of batch 4711 "
        "found at final inspection by the night shift",
        ishikawa={
            key: list(causes)
            for key in ("man", "machine", "method", "material", "measurement", "environment")
        },
    )
    boxes = _boxes(fb)
    for name, left, top, right, bottom in boxes:
        assert 0 <= left and right <= fb.width, name
        assert 0 <= top and bottom <= fb.height, name
    clashes = [(a[0], b[0]) for a, b in combinations(boxes, 2) if _overlap(a, b)]
    assert clashes == []


def test_each_cause_sits_left_of_its_bone_within_its_slot() -> None:
    fb = build(problem="P", ishikawa={"method": ["A short cause", LONG]})
    bone = next(b for b in fb.bones if b.category == "method")
    for cause in bone.causes:
        assert cause.block.right <= cause.tick.x2
        assert cause.block.left >= bone.slot_left
        assert cause.tick.x1 > cause.tick.x2


def test_long_text_is_wrapped_and_cut_with_an_ellipsis() -> None:
    lines = wrap("word " * 200, chars=20, max_lines=CAUSE_MAX_LINES)
    assert len(lines) == CAUSE_MAX_LINES
    assert all(len(line) <= 20 for line in lines)
    assert lines[-1].endswith("…")
    assert wrap("x" * 50, chars=20, max_lines=6) == ("x" * 20, "x" * 20, "x" * 10)


def test_six_bones_three_above_three_below_and_a_text_description() -> None:
    fb = build(problem="Leak", ishikawa={"man": ["Untrained"], "money": ["ignored"]})
    assert [b.category for b in fb.bones] == [
        "man",
        "machine",
        "method",
        "material",
        "measurement",
        "environment",
    ]
    above = [b for b in fb.bones if b.line.y1 < fb.spine.y1]
    assert len(above) == 3
    assert "Effect: Leak." in fb.description and "People (man): Untrained." in fb.description
    assert "ignored" not in fb.description
    assert fb.categories[1] == ("Machine", [])
    assert fb.view_box.startswith("0 0 1000 ")


def test_more_causes_make_a_taller_picture() -> None:
    small = build(problem="P", ishikawa={})
    tall = build(problem="P", ishikawa={"man": [LONG] * 8})
    assert tall.height > small.height


def test_a_text_block_knows_its_extent() -> None:
    block = TextBlock(
        x=100, y=50, lines=("abc", "abcdef"), anchor="end", font_size=10, line_height=12
    )
    assert block.right == 100 and block.left < 100
    assert block.tspans == [(50, "abc"), (62, "abcdef")]
