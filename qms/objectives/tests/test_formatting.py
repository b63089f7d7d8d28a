"""The one objectives number format and the chart's value axis chosen from the data."""

from decimal import Decimal as D
from typing import Any

from qms.core.charts import Series, line_chart
from qms.objectives.formatting import format_number
from qms.objectives.views import chart_y_range


def test_format_number_normalizes_and_adds_the_unit() -> None:
    assert format_number(D("92.0000"), "%") == "92%"
    assert format_number(D("98.5000"), "%") == "98.5%"
    assert format_number(D("1.0000")) == "1"
    assert format_number(D("3.2500"), "days") == "3.25 days"
    assert format_number(D("0"), "NCs") == "0 NCs"
    assert format_number(None, "%") == ""
    assert format_number(D("1E+1")) == "10"


def _axis(values: list[Any], target: float, baseline: float | None, unit: str) -> Any:
    y_min, y_max = chart_y_range(values, target=target, baseline=baseline, unit=unit)
    chart = line_chart(
        title="t",
        labels=[str(i) for i in range(len(values))],
        series=[Series("Measured", values)],
        unit=unit,
        target=target,
        y_min=y_min,
        y_max=y_max,
    )
    ticks = [t.value for t in chart.ticks]
    return y_min, y_max, min(ticks), max(ticks)


def test_percent_chart_range_fits_the_data_and_target() -> None:
    values = [85.0, 90.5, None, 97.0]
    y_min, y_max, low, high = _axis(values, 98.0, 92.0, "%")
    assert y_min is not None and y_max is not None
    assert 0 < y_min <= 85 and 98 <= y_max <= 100
    assert low > 0 and low <= 85 and high >= 98


def test_range_never_hides_the_target_and_starts_at_zero_near_zero() -> None:
    y_min, y_max = chart_y_range([2.0, 3.0, 4.0], target=20.0, baseline=None, unit="days")
    assert y_min == 0 and y_max is not None and y_max >= 20
    y_min, y_max = chart_y_range([500.0, 510.0], target=450.0, baseline=None, unit="parts")
    assert y_min is not None and y_max is not None and 0 < y_min <= 450 and y_max >= 510


def test_flat_values_still_get_a_range() -> None:
    y_min, y_max = chart_y_range([99.0, 99.0], target=99.0, baseline=99.0, unit="%")
    assert y_min is not None and y_max is not None and y_min < 99 <= y_max <= 100
