"""The table time of an effective number of personnel: its band, the continuum between
bands (`Policy.interpolation == "linear"`) and the unverified extrapolation above the last
band."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .arithmetic import round_half_day
from .explain import Out, fmt_days, linear_line
from .inputs import CENT, Policy
from .tables import Band, Table


def suggestion(table: Table, column: str, enp: int) -> tuple[Decimal, str]:
    """A straight continuation of the last two bands (unverified, not an MD 5 figure)."""
    valued = [band for band in table.rows if band.days is not None]
    last = valued[-1]
    assert last.days is not None and last.max is not None  # noqa: S101 - loader guarantees
    step = Decimal(0)
    if len(valued) > 1 and valued[-2].days is not None:
        step = last.days[column] - valued[-2].days[column]
    width = last.max - last.min + 1
    value = round_half_day(last.days[column] + step * (enp - last.max) / width)
    how = f"+{fmt_days(step)} day per {width:,} personnel beyond {last.max:,}"
    return value, how


def table_time(
    table: Table, column: str, enp: int, policy: Policy, out: Out | None
) -> tuple[Band, Decimal]:
    band = table.band_for(enp)
    assert band.days is not None  # noqa: S101 - the caller handles the open band
    value = band.days[column]
    following = table.next_band(band)
    if policy.interpolation != "linear" or following is None or following.days is None:
        return band, value
    high = following.days[column]
    linear = value + (high - value) * (enp - band.min) / (following.min - band.min)
    linear = linear.quantize(CENT, rounding=ROUND_HALF_UP)
    if out is not None:
        out.line(
            "t_table",
            linear_line(
                enp=enp,
                low=band.min,
                low_days=value,
                high=following.min,
                high_days=high,
                value=linear,
            ),
        )
    return band, linear
