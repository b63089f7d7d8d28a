"""The ONE number format of objectives (page, list, export, PDF, chart labels): a decimal
without trailing zeros (92, 98.5, 1), at most four decimals (what a value is stored with),
followed by the unit when one is given."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any


def format_number(value: Any, unit: str = "", *, places: int = 4) -> str:
    """ "92.0000" -> "92", "98.5000" -> "98.5", with `unit`: "92 %" ("" for no value)."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places))
    except (InvalidOperation, ValueError):
        return str(value)
    text = f"{number.normalize():f}"
    if text in ("-0", ""):
        text = "0"
    unit = (unit or "").strip()
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"
