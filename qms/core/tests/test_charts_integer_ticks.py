"""Counts and whole-number scales get whole-number ticks (0, 1, 2, not 0.0, 0.2, 0.4)."""

from __future__ import annotations

import pytest

from qms.core.charts import Chart, Series, bar_chart, line_chart, nice_ticks
from qms.core.charts.layout import whole_number_axis


def _labels(chart: Chart) -> list[str]:
    return [t.label for t in chart.ticks]


@pytest.mark.parametrize(
    "values",
    [[1, 0], [1, 2], [0, 1, 0, 1], [3, 1, 4], [1, 1]],
)
def test_bar_chart_of_counts_has_integer_ticks(values: list[int]) -> None:
    chart = bar_chart(
        title="Overdue", labels=[str(i) for i in values], series=[Series("n", values)]
    )
    labels = _labels(chart)
    assert labels
    assert all("." not in label for label in labels), labels
    assert [t.value for t in chart.ticks] == [float(int(t.value)) for t in chart.ticks]


def test_horizontal_and_stacked_counts_have_integer_ticks() -> None:
    horizontal = bar_chart(
        title="By process", labels=["a", "b"], series=[Series("n", [1, 2])], horizontal=True
    )
    stacked = bar_chart(
        title="By month",
        labels=["a", "b"],
        series=[Series("x", [1, 0]), Series("y", [0, 1])],
        stacked=True,
    )
    assert _labels(horizontal) == ["0", "1", "2"]
    assert _labels(stacked) == ["0", "1"]


def test_line_chart_of_one_count_has_integer_ticks() -> None:
    chart = line_chart(title="t", labels=["a", "b"], series=[Series("n", [1, None])])
    assert _labels(chart) == ["0", "1"]


def test_rating_scale_shows_whole_number_ticks() -> None:
    ten = line_chart(
        title="Score", labels=["H1", "H2"], series=[Series("m", [7.5, 8.25])], y_min=0, y_max=10
    )
    five = line_chart(
        title="Score", labels=["H1", "H2"], series=[Series("m", [3.5, 4.2])], y_min=1, y_max=5
    )
    assert _labels(ten) == ["0", "2", "4", "6", "8", "10"]
    assert _labels(five) == ["1", "2", "3", "4", "5"]


def test_fractions_keep_their_decimals() -> None:
    ratio = line_chart(
        title="Rate", labels=["a", "b"], series=[Series("r", [0.3, 0.5])], y_min=0, y_max=1
    )
    halves = bar_chart(title="t", labels=["a", "b"], series=[Series("n", [0.5, 1.5])])
    assert "0.2" in _labels(ratio)
    assert "0.5" in _labels(halves)


def test_whole_number_axis_rule() -> None:
    assert whole_number_axis([1.0, 2.0])
    assert not whole_number_axis([1.0, 2.5])
    assert not whole_number_axis([1.0, 2.0], target=1.5)
    assert whole_number_axis([7.5], y_min=0, y_max=10)
    assert not whole_number_axis([0.5], y_min=0, y_max=1)
    assert not whole_number_axis([])


def test_nice_ticks_integer_never_steps_below_one() -> None:
    assert nice_ticks(0, 1, integer=True)[2] == [0.0, 1.0]
    assert nice_ticks(0, 1)[2] == [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert nice_ticks(0, 7, integer=True)[2] == [0.0, 2.0, 4.0, 6.0, 8.0]
