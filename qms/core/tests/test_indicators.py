from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from qms.core import indicators as registry
from qms.core.indicators import (
    Indicator,
    days_figure,
    indicator_value,
    on_time_pct,
    register_indicator,
)


def _count(organization_id: int, start: date, end: date) -> int:
    return (end - start).days + 1


def _mean(organization_id: int, start: date, end: date) -> float | None:
    return None if start.month == 2 else 2.5


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_INDICATORS", {})


def test_value_is_a_decimal_for_the_inclusive_period() -> None:
    register_indicator(Indicator("t.days", "Days", "days", "higher", _count))
    assert indicator_value("t.days", 1, date(2026, 1, 1), date(2026, 1, 31)) == Decimal(31)


def test_none_means_nothing_to_measure_and_floats_become_decimals() -> None:
    register_indicator(Indicator("t.mean", "Mean", "days", "lower", _mean))
    assert indicator_value("t.mean", 1, date(2026, 2, 1), date(2026, 2, 28)) is None
    assert indicator_value("t.mean", 1, date(2026, 3, 1), date(2026, 3, 31)) == Decimal("2.5")


def test_registration_is_idempotent_but_a_clash_is_refused() -> None:
    register_indicator(Indicator("t.days", "Days", "days", "higher", _count))
    register_indicator(Indicator("t.days", "Days", "days", "higher", _count))
    with pytest.raises(ValueError, match="already registered"):
        register_indicator(Indicator("t.days", "Days", "days", "higher", _mean))
    with pytest.raises(ValueError, match="better"):
        register_indicator(Indicator("t.bad", "Bad", "x", "sideways", _count))


def test_choices_by_label_and_unknown_key() -> None:
    register_indicator(Indicator("t.b", "Beta", "x", "higher", _count))
    register_indicator(Indicator("t.a", "Alpha", "x", "higher", _count))
    assert registry.indicator_choices() == [("t.a", "Alpha"), ("t.b", "Beta")]
    with pytest.raises(KeyError):
        indicator_value("t.none", 1, date(2026, 1, 1), date(2026, 1, 2))
    with pytest.raises(ValueError, match="ends before"):
        indicator_value("t.a", 1, date(2026, 1, 2), date(2026, 1, 1))


def test_on_time_pct_counts_by_the_local_day_with_the_grace() -> None:
    def at(day: date) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(23, 30)))

    due = date(2026, 3, 10)
    rows = [(at(due), due), (at(date(2026, 3, 11)), due), (at(due), None)]
    assert on_time_pct(rows) == Decimal("33.3")
    assert on_time_pct(rows, grace=timedelta(days=1)) == Decimal("66.7")
    assert on_time_pct([]) is None
    assert days_figure(2.25) == Decimal("2.2") and days_figure(None) is None
