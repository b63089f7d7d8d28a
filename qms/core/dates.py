"""Calendar arithmetic on dates (certificates, reviews and retention are date-based)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any


def add_months(start: date, months: int) -> date:
    """`start` plus `months` calendar months, clamped to the month's end (domain spec §8.6):
    31 Jan + 1 month → 28 or 29 Feb; negative `months` go back."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def as_days(value: Any) -> float | None:
    """A mean of date differences as the database returns it (a duration, or a number on
    some backends) in days; None stays None."""
    if value is None:
        return None
    if isinstance(value, timedelta):
        return value.total_seconds() / 86400
    return float(value)
