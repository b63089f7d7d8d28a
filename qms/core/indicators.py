"""Indicators: figures the product computes from its own records, for a period.

A module that owns the records registers its indicators from its AppConfig.ready():

    register_indicator(Indicator(
        key="nonconformities.reported",
        label=_("Nonconformities reported"),
        unit=_("NCs"),
        better="lower",
        compute=reported_in_period,
    ))

`compute(organization_id, start, end)` returns the figure for the days from `start` to
`end` inclusive, or None when the period has nothing to measure (a mean of no values). It
must use the same selector as the module's own register or dashboard, so an objective that
tracks the indicator shows the very number the register shows for the period: one
calculation, never a second copy of it.

The objectives module lists the registered indicators as the sources an objective can track
and records their values as measurements; core knows no module that registers one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Literal

from django.utils import timezone
from django.utils.functional import Promise

IndicatorFunction = Callable[[int, date, date], Decimal | int | float | None]


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str | Promise
    unit: str | Promise
    better: Literal["higher", "lower"]
    compute: IndicatorFunction
    description: str | Promise = ""


_INDICATORS: dict[str, Indicator] = {}


def register_indicator(indicator: Indicator) -> Indicator:
    """Add an indicator (idempotent for the same function; a clash of keys is a bug)."""
    existing = _INDICATORS.get(indicator.key)
    if existing is not None and existing.compute is not indicator.compute:
        raise ValueError(f"Indicator {indicator.key!r} is already registered.")
    if indicator.better not in ("higher", "lower"):
        raise ValueError(f"Indicator {indicator.key!r}: better must be 'higher' or 'lower'.")
    _INDICATORS[indicator.key] = indicator
    return indicator


def get_indicator(key: str) -> Indicator:
    """The indicator registered under `key` (KeyError when there is none)."""
    return _INDICATORS[key]


def indicators() -> list[Indicator]:
    """Every registered indicator, by label."""
    return sorted(_INDICATORS.values(), key=lambda i: (str(i.label), i.key))


def indicator_choices() -> list[tuple[str, str]]:
    return [(i.key, str(i.label)) for i in indicators()]


def indicator_value(key: str, organization_id: int, start: date, end: date) -> Decimal | None:
    """The indicator's figure for the period, as a Decimal (None: nothing to measure)."""
    if end < start:
        raise ValueError("The period ends before it starts.")
    value = get_indicator(key).compute(organization_id, start, end)
    if value is None:
        return None
    if isinstance(value, float):
        return Decimal(str(round(value, 6)))
    return Decimal(value)


def on_time_pct(
    rows: Iterable[tuple[datetime | None, date | None]], *, grace: timedelta = timedelta(0)
) -> Decimal | None:
    """Of (done at, due on) rows, the share in % (one decimal) done no later than the due day
    plus `grace`, by the local day it was done; a row without either day counts as late.
    None for no rows (nothing to measure)."""
    total = on_time = 0
    for done_at, due in rows:
        total += 1
        if done_at is not None and due is not None and timezone.localdate(done_at) <= due + grace:
            on_time += 1
    if not total:
        return None
    return (Decimal(100) * on_time / total).quantize(Decimal("0.1"))


def days_figure(days: float | None) -> Decimal | None:
    """A mean number of days as an indicator figure: one decimal (None stays None)."""
    return None if days is None else Decimal(str(round(days, 1)))
