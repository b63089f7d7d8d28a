from datetime import date, timedelta

import pytest

from qms.core.dates import add_months, as_days


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 11, 27), 12, date(2027, 11, 27)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 1, 15), -13, date(2024, 12, 15)),
        (date(2026, 5, 31), 0, date(2026, 5, 31)),
    ],
)
def test_adding_months_clamps_to_the_end_of_the_month(start, months, expected):
    assert add_months(start, months) == expected


def test_as_days_reads_a_duration_or_a_number_of_days() -> None:
    assert as_days(timedelta(days=2, hours=12)) == 2.5
    assert as_days(3) == 3.0
    assert as_days(None) is None
