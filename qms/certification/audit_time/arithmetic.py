"""The arithmetic of IAF MD 5 and MD 1: half-day rounding (MD 5 §2.2.3), rounding up to the
half day (the 80 % on-site minimum) and the multi-site sample size (MD 1)."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from .inputs import HALF, ONE


def round_half_day(value: Decimal) -> Decimal:
    """To the nearest half day, halves up: floor(2x + 0.5) / 2 (5.25 -> 5.5, 5.2 -> 5.0)."""
    doubled = (value * 2 + HALF).to_integral_value(rounding=ROUND_FLOOR)
    return (doubled / 2).quantize(Decimal("0.1"))


def ceil_half_day(value: Decimal) -> Decimal:
    """Up to the next half day (4.4 -> 4.5, 4.5 -> 4.5)."""
    return ((value * 2).to_integral_value(rounding=ROUND_CEILING) / 2).quantize(Decimal("0.1"))


def sample_size(sites: int, factor: Decimal = ONE) -> int:
    """IAF MD 1: ceil(factor * √sites), the sites to visit besides the central function."""
    if sites <= 1:
        return sites
    return int((factor * Decimal(sites).sqrt()).to_integral_value(rounding=ROUND_CEILING))
