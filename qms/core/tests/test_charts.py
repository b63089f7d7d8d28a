"""Charts: the geometry computed in Python (ticks, bars, stacks, lines, targets, labels), the
`{% chart %}` tag's accessible markup, and a chart inside a PDF report."""

from __future__ import annotations

import itertools
import math
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from qms.core.cards import activity_chart
from qms.core.charts import (
    HEIGHT,
    MAX_BAR,
    TONES,
    WIDTH,
    Chart,
    Series,
    bar_chart,
    format_value,
    line_chart,
    nice_ticks,
)
from qms.core.pdf import render_pdf

MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]


def _render(chart: Any, **options: Any) -> str:
    extra = "".join(f" {key}={value}" for key, value in options.items())
    return Template("{% load qms_charts %}{% chart c" + extra + " %}").render(Context({"c": chart}))


def _y_of(chart: Chart, value: float) -> float:
    """The y of `value`, read back from two ticks (the axis is linear)."""
    first, last = chart.ticks[0], chart.ticks[-1]
    return first.pos + (value - first.value) * (last.pos - first.pos) / (last.value - first.value)


def _x_of(chart: Chart, value: float) -> float:
    first, last = chart.ticks[0], chart.ticks[-1]
    return first.pos + (value - first.value) * (last.pos - first.pos) / (last.value - first.value)


def _is_nice(step: float) -> bool:
    mantissa = step / 10 ** math.floor(math.log10(step) + 1e-9)
    return any(math.isclose(mantissa, m) for m in (1, 2, 5))


def _inside(chart: Chart) -> None:
    """Every drawn thing lies inside the viewBox."""
    for bar in chart.bars:
        assert 0 <= bar.x and bar.x + bar.width <= chart.width + 0.01, bar
        assert 0 <= bar.y and bar.y + bar.height <= chart.height + 0.01, bar
    for line in chart.lines:
        for point in line.points:
            assert 0 <= point.x <= chart.width and 0 <= point.y <= chart.height
    for label in chart.axis_labels:
        half = len(max(label.lines, key=len)) * chart.font_size * 0.6 / 2
        if label.anchor == "middle":
            assert label.x - half >= -0.01 and label.x + half <= chart.width + 0.01, label
        assert 0 <= label.y <= chart.height


# ---- numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 7, [0, 2, 4, 6, 8]),
        (0, 10, [0, 2, 4, 6, 8, 10]),
        (0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1]),
        (0, 0.37, [0, 0.1, 0.2, 0.3, 0.4]),
        (-4, 12, [-5, 0, 5, 10, 15]),
        (0, 950, [0, 200, 400, 600, 800, 1000]),
        (0, 0, [0, 0.2, 0.4, 0.6, 0.8, 1]),
    ],
)
def test_axis_ticks_step_by_one_two_or_five(low: float, high: float, expected: list[float]) -> None:
    axis_min, axis_max, ticks = nice_ticks(low, high)
    assert ticks == pytest.approx(expected)
    assert (axis_min, axis_max) == (ticks[0], ticks[-1])


@given(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
)
def test_ticks_always_cover_the_values_in_a_few_nice_steps(a: float, b: float) -> None:
    low, high = min(a, b), max(a, b)
    axis_min, axis_max, ticks = nice_ticks(low, high)
    assert 2 <= len(ticks) <= 12
    steps = [t2 - t1 for t1, t2 in itertools.pairwise(ticks)]
    step = steps[0]
    assert all(math.isclose(other, step, rel_tol=1e-6) for other in steps)
    assert _is_nice(step)
    # covered, give or take float noise (a billionth of a step, far below a pixel)
    assert axis_min <= low + step * 1e-9 and axis_max >= high - step * 1e-9


def test_values_are_formatted_plainly_with_their_unit() -> None:
    assert format_value(3) == "3"
    assert format_value(3.0) == "3"
    assert format_value(4.25) == "4.25"
    assert format_value(12.345, "days") == "12.3 days"
    assert format_value(95, "%") == "95%"
    assert format_value(4, " d") == "4 d"
    assert format_value(-0.0) == "0"
    assert format_value(None) == "\u2013"
    assert format_value(0.5, decimals=1) == "0.5"


def test_a_series_refuses_an_unknown_tone_and_takes_decimals_and_gaps() -> None:
    with pytest.raises(ValueError, match="tone"):
        Series("x", [1], tone="pink")
    s = Series("x", [Decimal("4.5"), None, float("nan"), float("inf"), 2])  # type: ignore[list-item]
    assert s.values == (4.5, None, None, None, 2)
    assert set(TONES) == {"primary", "ok", "warn", "danger", "muted", "accent"}


# ---- bars ------------------------------------------------------------------------------


def test_grouped_bars_stand_side_by_side_on_the_baseline_with_heights_in_proportion() -> None:
    chart = bar_chart(
        title="Per quarter",
        labels=["Q1", "Q2", "Q3"],
        series=[Series("2025", [4, 8, 2]), Series("2026", [6, 3, 5], tone="ok")],
    )
    assert chart.baseline is not None
    zero = chart.baseline.y1
    assert len(chart.bars) == 6
    for bar in chart.bars:
        assert bar.y + bar.height == pytest.approx(zero, abs=0.01)
        assert bar.y == pytest.approx(_y_of(chart, bar.value), abs=0.02)
    q1 = [b for b in chart.bars if b.label == "Q1"]
    assert q1[0].x + q1[0].width <= q1[1].x  # side by side, not on top of each other
    assert [b.colour for b in q1] == [TONES["primary"], TONES["ok"]]
    assert chart.has_legend
    _inside(chart)


def test_stacked_bars_add_up_to_the_category_total() -> None:
    chart = bar_chart(
        title="Open NCs by severity",
        labels=["0-30 days", "31-90 days"],
        series=[
            Series("Major", [2, 1], tone="danger"),
            Series("Minor", [5, 0], tone="warn"),
            Series("Observation", [3, None], tone="muted"),
        ],
        stacked=True,
    )
    first = [b for b in chart.bars if b.label == "0-30 days"]
    assert [b.series for b in first] == ["Major", "Minor", "Observation"]
    # each segment starts where the one below ends, and the stack reaches the total
    for lower, upper in itertools.pairwise(first):
        assert upper.y + upper.height == pytest.approx(lower.y, abs=0.02)
    assert first[-1].y == pytest.approx(_y_of(chart, 10), abs=0.02)
    assert sum(b.height for b in first) == pytest.approx(
        _y_of(chart, 0) - _y_of(chart, 10), abs=0.05
    )
    # the total is written above the stack, and the table has a total column
    assert "10" in [v.text for v in chart.value_labels if not v.inside]
    assert chart.table_head == ("Major", "Minor", "Observation", "Total")
    assert chart.table_rows[1].cells == ("1", "0", "\u2013", "1")
    _inside(chart)


def test_negative_values_hang_below_the_zero_line() -> None:
    chart = bar_chart(title="Change", labels=["A", "B"], series=[Series("d", [-4, 6])])
    assert chart.ticks[0].value < 0 < chart.ticks[-1].value
    assert chart.baseline is not None
    zero = chart.baseline.y1
    down, up = chart.bars
    assert down.y == pytest.approx(zero, abs=0.01) and down.y + down.height > zero
    assert up.y + up.height == pytest.approx(zero, abs=0.01)
    assert down.height / up.height == pytest.approx(4 / 6, rel=0.01)
    _inside(chart)


def test_a_stack_with_negative_parts_grows_both_ways_from_zero() -> None:
    chart = bar_chart(
        title="Net", labels=["A"], series=[Series("in", [5]), Series("out", [-3])], stacked=True
    )
    assert chart.baseline is not None
    zero = chart.baseline.y1
    plus, minus = chart.bars
    assert plus.y + plus.height == pytest.approx(zero, abs=0.01)
    assert minus.y == pytest.approx(zero, abs=0.01)
    _inside(chart)


def test_a_zero_draws_no_bar_but_says_zero() -> None:
    chart = bar_chart(
        title="Per month", labels=["Jan", "Feb", "Mar"], series=[Series("n", [3, 0, None])]
    )
    assert [b.label for b in chart.bars] == ["Jan"]
    assert [v.text for v in chart.value_labels] == ["3", "0"]  # nothing at all for a gap
    assert [row.cells for row in chart.table_rows] == [("3",), ("0",), ("\u2013",)]


@pytest.mark.parametrize(
    "series",
    [[], [Series("n", [])], [Series("n", [0, 0, 0])], [Series("n", [None, None, None])]],
)
def test_a_chart_without_data_is_empty(series: list[Series]) -> None:
    for chart in (
        bar_chart(title="t", labels=["a", "b", "c"], series=series),
        line_chart(title="t", labels=["a", "b", "c"], series=series),
    ):
        assert chart.is_empty
        assert chart.bars == () and chart.lines == ()
        assert chart.summary == "No data for this period."


def test_the_target_is_a_dashed_line_at_its_value() -> None:
    chart = bar_chart(
        title="t", labels=["a", "b"], series=[Series("n", [3, 9])], target=5, unit="%"
    )
    target = chart.target_line
    assert target is not None
    assert target.y1 == target.y2 == pytest.approx(_y_of(chart, 5), abs=0.02)
    assert (target.x1, target.x2) == (chart.left, chart.width - chart.right)
    assert target.text == "Target 5%"
    assert chart.has_legend  # one series, but the target is named there
    # a target above every value still fits on the axis
    high = bar_chart(title="t", labels=["a"], series=[Series("n", [3])], target=40)
    assert high.ticks[-1].value >= 40
    assert high.target_line is not None and high.target_line.y1 >= high.top


def test_a_single_label_gets_one_bar_of_sensible_width_in_the_middle() -> None:
    chart = bar_chart(title="t", labels=["Only"], series=[Series("n", [7])])
    (bar,) = chart.bars
    assert bar.width <= MAX_BAR
    middle = chart.left + chart.plot_width / 2
    assert bar.x + bar.width / 2 == pytest.approx(middle, abs=0.02)
    _inside(chart)


def test_sixty_labels_are_thinned_so_that_none_overlap() -> None:
    labels = [f"Week {n}" for n in range(1, 61)]
    chart = bar_chart(title="t", labels=labels, series=[Series("n", [n % 7 for n in range(60)])])
    shown = chart.axis_labels
    assert 3 <= len(shown) < 60
    assert shown[0].full == "Week 1"
    for left, right in itertools.pairwise(shown):
        width = max(len(left.text), len(right.text)) * chart.font_size * 0.6
        assert right.x - left.x >= width
    assert len(chart.bars) == 60 - 9  # every seventh value is zero
    assert len(chart.table_rows) == 60  # the table keeps every label
    assert chart.value_labels == ()  # thin bars: no bar says its value, rather than some
    _inside(chart)


def test_a_few_long_labels_go_on_two_lines_rather_than_disappear() -> None:
    labels = ["0-30 days", "31-90 days", "91-180 days", "over 180 days"]
    chart = bar_chart(title="t", labels=labels, series=[Series("n", [1, 2, 3, 4])])
    assert [label.full for label in chart.axis_labels] == labels
    assert chart.axis_labels[3].lines == ("over 180", "days")
    _inside(chart)


def test_horizontal_bars_grow_from_the_left_and_keep_long_names() -> None:
    names = ["Purchasing and supplier management", "Assembly", "Calibration"]
    chart = bar_chart(
        title="Open NCs by process",
        labels=names,
        series=[Series("Open", [7, 12, 0])],
        horizontal=True,
    )
    assert chart.baseline is not None
    zero = chart.baseline.x1
    assert [b.label for b in chart.bars] == names[:2]
    for bar in chart.bars:
        assert bar.x == pytest.approx(zero, abs=0.01)
        assert bar.x + bar.width == pytest.approx(_x_of(chart, bar.value), abs=0.02)
    assert chart.bars[1].width / chart.bars[0].width == pytest.approx(12 / 7, rel=0.01)
    # long names are shortened beside the bar, complete in the table and the label's title
    first = chart.axis_labels[0]
    assert first.text.endswith("\u2026") and first.full == names[0]
    assert chart.table_rows[0].label == names[0]
    # the chart grows with its categories, not the text
    taller = bar_chart(
        title="t",
        labels=[str(n) for n in range(20)],
        series=[Series("n", [1] * 20)],
        horizontal=True,
    )
    assert taller.height > chart.height and taller.width == chart.width == WIDTH
    _inside(chart)
    _inside(taller)


def test_horizontal_stacked_bars_with_a_target() -> None:
    chart = bar_chart(
        title="t",
        labels=["Assembly", "Purchasing"],
        series=[Series("Major", [2, 1], tone="danger"), Series("Minor", [5, 3], tone="warn")],
        stacked=True,
        horizontal=True,
        target=6,
    )
    assembly = [b for b in chart.bars if b.label == "Assembly"]
    assert assembly[0].x + assembly[0].width == pytest.approx(assembly[1].x, abs=0.02)
    assert assembly[1].x + assembly[1].width == pytest.approx(_x_of(chart, 7), abs=0.02)
    assert chart.target_line is not None
    assert chart.target_line.x1 == chart.target_line.x2 == pytest.approx(_x_of(chart, 6), abs=0.02)
    _inside(chart)


@pytest.mark.parametrize("ready", [50, 12, 0, 100, 1.5])
def test_the_total_after_a_horizontal_stack_stays_inside_the_frame(ready: float) -> None:
    # given percentages whose parts ("50%") are narrower than their total ("100%")
    chart = bar_chart(
        title="t",
        labels=["ISO 9001:2015", "All standards"],
        series=[Series("Ready", [ready, ready]), Series("To do", [100 - ready, 100 - ready])],
        stacked=True,
        horizontal=True,
        unit="%",
    )
    # then each "100%" total, written after the bar's end, ends inside the viewBox
    totals = [label for label in chart.value_labels if not label.inside]
    assert [label.text for label in totals] == ["100%", "100%"]
    for label in totals:
        assert label.anchor == "start"
        assert label.x + len(label.text) * chart.value_font_size * 0.6 <= chart.width, label
    _inside(chart)


def test_series_shorter_or_longer_than_the_labels_are_fitted_to_them() -> None:
    chart = bar_chart(
        title="t", labels=["a", "b", "c"], series=[Series("n", [1, 2, 3, 4, 5]), Series("m", [1])]
    )
    assert [len(s.values) for s in chart.series] == [3, 3]
    assert chart.series[1].values == (1, None, None)


# ---- lines -----------------------------------------------------------------------------


def test_a_gap_in_a_line_splits_it_and_a_lonely_point_still_shows() -> None:
    values: list[float | None] = [30, 28, None, 25, 22.5, None, 19, None, 18, 17, 16, 15]
    chart = line_chart(
        title="Mean days to close", labels=MONTHS, series=[Series("Mean", values)], unit="days"
    )
    (line,) = chart.lines
    assert len(line.paths) == 3  # Jan-Feb, Apr-May, Sep-Dec; July stands alone
    assert len(line.points) == 9
    assert any(p.label == "2026-07" for p in line.markers)
    for path in line.paths:
        assert path.startswith("M") and path.count("L") >= 1
    jan = line.points[0]
    assert jan.y == pytest.approx(_y_of(chart, 30), abs=0.02)
    assert chart.ticks[0].value == 0  # from zero unless told otherwise
    assert chart.ticks[-1].label.endswith(" days")
    _inside(chart)


def test_a_rating_scale_keeps_its_bounds_and_a_target() -> None:
    chart = line_chart(
        title="Mean rating",
        labels=MONTHS[:6],
        series=[
            Series("Delivery", [3.8, 4.1, None, 4.3, 4.4, 4.5]),
            Series("Quality", [4.2, 4, 4.4, 4.6, 4.5, 4.7], tone="ok"),
        ],
        y_min=1,
        y_max=5,
        target=4,
    )
    assert [t.value for t in chart.ticks] == [1, 2, 3, 4, 5]
    assert chart.target_line is not None
    assert chart.target_line.y1 == pytest.approx(_y_of(chart, 4), abs=0.02)
    assert len(chart.lines) == 2 and chart.has_legend
    ten = line_chart(
        title="NPS", labels=["a", "b"], series=[Series("n", [7, 8.5])], y_min=0, y_max=10
    )
    assert [t.value for t in ten.ticks] == [0, 2, 4, 6, 8, 10]
    _inside(chart)


def test_a_line_over_sixty_periods_draws_no_dots_except_lonely_ones() -> None:
    values: list[float | None] = [float(n % 9) for n in range(60)]
    values[30] = None
    values[32] = None  # 31 stands alone
    chart = line_chart(title="t", labels=[f"W{n}" for n in range(60)], series=[Series("n", values)])
    (line,) = chart.lines
    assert [p.label for p in line.markers] == ["W31"]
    assert chart.value_labels == ()  # too crowded to write every value
    assert len(chart.axis_labels) < 60
    _inside(chart)


def test_a_line_of_one_point_is_a_dot_with_its_value() -> None:
    chart = line_chart(
        title="t", labels=["Nov 2026"], series=[Series("n", [4.2])], y_min=1, y_max=5
    )
    (line,) = chart.lines
    assert line.paths == () and len(line.markers) == 1
    assert [v.text for v in chart.value_labels] == ["4.2"]
    _inside(chart)


@settings(max_examples=60, deadline=None)
@given(
    labels=st.lists(st.text(min_size=0, max_size=40), min_size=1, max_size=30),
    values=st.lists(
        st.one_of(st.none(), st.floats(min_value=-1e5, max_value=1e5, allow_nan=False)),
        min_size=0,
        max_size=30,
    ),
    stacked=st.booleans(),
    horizontal=st.booleans(),
    target=st.one_of(st.none(), st.floats(min_value=-1e5, max_value=1e5, allow_nan=False)),
)
def test_whatever_the_numbers_everything_is_drawn_inside_the_frame(
    labels: list[str],
    values: list[float | None],
    stacked: bool,
    horizontal: bool,
    target: float | None,
) -> None:
    series = [Series("a", values), Series("b", list(reversed(values)), tone="warn")]
    bars = bar_chart(
        title="t",
        labels=labels,
        series=series,
        stacked=stacked,
        horizontal=horizontal,
        target=target,
    )
    lines = line_chart(title="t", labels=labels, series=series, target=target)
    for chart in (bars, lines):
        _inside(chart)
        assert len(chart.table_rows) == len(labels)
        if chart.target_line is not None:
            assert 0 <= chart.target_line.y1 <= chart.height
            assert 0 <= chart.target_line.x1 <= chart.width
        _render(chart)


# ---- the template ------------------------------------------------------------------------


def test_the_figure_is_an_accessible_svg_with_a_data_table() -> None:
    chart = bar_chart(
        title="Complaints per month",
        labels=MONTHS[:3],
        series=[Series("Email", [2, 0, 4]), Series("Phone", [1, 3, None], tone="accent")],
        stacked=True,
        category="Month",
    )
    html = _render(chart)
    assert html.startswith("<figure")
    svg = re.search(r"<svg class=\"qchart-svg\"[^>]*>", html)
    assert svg is not None
    assert 'role="img"' in svg.group(0)
    labelled = re.search(r'aria-labelledby="([^"]+)"', svg.group(0))
    assert labelled is not None
    title_id, desc_id = labelled.group(1).split()
    assert f'<title id="{title_id}">Complaints per month</title>' in html
    desc = re.search(rf'<desc id="{desc_id}">([^<]+)</desc>', html)
    assert desc is not None and "Email: total 6" in desc.group(1)
    assert f'viewBox="0 0 {WIDTH} {HEIGHT}"' in html
    # the data, for a screen reader and a printer
    assert "<summary>Data</summary>" in html
    assert html.count('<tr><th scope="row">') == 3
    heads = re.findall(r'<th scope="col">([^<]*)</th>', html)
    assert heads == ["Month", "Email", "Phone", "Total"]
    # colours by class (and attribute for PDFs), never a style attribute
    assert "tone-accent" in html and 'fill="#6c3fa6"' in html
    assert "style=" not in html and "<script" not in html
    assert 'class="qchart-legend"' in html


def test_two_charts_on_a_page_never_share_an_id() -> None:
    chart = bar_chart(title="t", labels=["a"], series=[Series("n", [1])])
    ids = re.findall(r'id="([^"]+)"', _render(chart) + _render(chart))
    assert len(ids) == len(set(ids))


def test_an_empty_chart_says_so_instead_of_drawing_a_frame() -> None:
    html = _render(
        bar_chart(title="Complaints per month", labels=MONTHS, series=[Series("n", [0] * 12)])
    )
    assert "No data for this period." in html
    assert "<svg" not in html and "<table" not in html
    assert "Complaints per month" in html  # the caption still says what would be here


def test_the_caption_can_be_left_to_the_card_heading() -> None:
    chart = bar_chart(title="Open NCs", labels=["a"], series=[Series("n", [1])])
    assert 'class="qchart-caption visually-hidden"' in _render(chart, caption="False")
    assert 'class="qchart-caption"' in _render(chart)
    assert _render(None) == ""


def test_names_and_labels_are_escaped() -> None:
    hostile = '<img src=x onerror="alert(1)">'
    chart = bar_chart(title=hostile, labels=[hostile, "b"], series=[Series(hostile, [1, 2])])
    html = _render(chart)
    assert "<img" not in html
    assert "&lt;img" in html


def test_the_tag_refuses_what_is_not_a_chart() -> None:
    with pytest.raises(TypeError):
        _render({"title": "not a chart"})


def test_the_chart_template_has_no_inline_style() -> None:
    from pathlib import Path

    from django.conf import settings as django_settings

    root = Path(django_settings.BASE_DIR) / "qms/templates/core/charts"
    for path in root.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert " style=" not in text and "<style" not in text, path


# ---- PDF and the dashboard's own card ----------------------------------------------------


def test_a_pdf_report_with_charts_renders() -> None:
    charts = [
        bar_chart(
            title="By severity",
            labels=["a", "b"],
            series=[Series("Major", [1, 2], "danger"), Series("Minor", [3, 1], "warn")],
            stacked=True,
            target=3,
        ),
        bar_chart(
            title="By process",
            labels=["Purchasing and supplier management"],
            series=[Series("Open", [4])],
            horizontal=True,
        ),
        line_chart(
            title="Mean rating",
            labels=MONTHS,
            series=[Series("Q1", [None, 3, 4, 4.5] * 3)],
            y_min=1,
            y_max=5,
        ),
        line_chart(title="Nothing", labels=MONTHS, series=[]),
    ]
    pdf = render_pdf(
        template_name="core/charts/pdf_sample.html", context={"charts": charts}, title="Charts"
    )
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 5000


def test_the_changes_per_day_card_is_a_bar_chart_of_thirty_days() -> None:
    today = date(2026, 11, 27)
    data = activity_chart(
        {date(2026, 11, 26): 4, date(2026, 11, 1): 2, date(2026, 10, 1): 9}, today=today
    )
    chart = data["chart"]
    assert isinstance(chart, Chart) and chart.kind == "bar"
    assert data["total"] == 6 and data["days"] == 30
    assert len(chart.labels) == 30 and chart.labels[-1] == "27 Nov"
    assert [b.value for b in chart.bars] == [2, 4]
    assert chart.table_rows[-2].cells == ("4",)
    assert activity_chart({}, today=today)["chart"].is_empty


def test_inside_a_card_with_the_same_heading_the_caption_is_for_screen_readers_only() -> None:
    chart = bar_chart(title="Open NCs by age", labels=["a"], series=[Series("n", [1])])

    class _Card:
        title = "Open NCs  by age"

    hidden = Template("{% load qms_charts %}{% chart c %}").render(
        Context({"c": chart, "card": {"card": _Card()}})
    )
    assert 'class="qchart-caption visually-hidden"' in hidden
    _Card.title = "Ageing"
    shown = Template("{% load qms_charts %}{% chart c %}").render(
        Context({"c": chart, "card": {"card": _Card()}})
    )
    assert 'class="qchart-caption"' in shown
