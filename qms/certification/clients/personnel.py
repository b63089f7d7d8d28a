"""The effective number of personnel (ENP, IAF MD 5; domain spec §4.3) of an application's
personnel breakdown, with each term explained for the application page and its live panel.

The formula belongs to the audit-time calculator (qms.certification.audit_time.calculator);
this module only turns a breakdown into its input and its answer into display rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

BREAKDOWN_FIELDS = (
    "full_time",
    "shifts",
    "part_time",
    "part_time_hours",
    "full_time_hours",
    "seasonal",
    "contractors",
    "repetitive_reduction",
)


@dataclass(frozen=True)
class Term:
    label: str
    value: Decimal
    explanation: str
    sign: str = "+"


@dataclass(frozen=True)
class Enp:
    total: Decimal
    terms: tuple[Term, ...]
    problems: tuple[str, ...] = ()


def _number(value: Any, default: str = "0") -> Decimal:
    try:
        number = Decimal(str(value if value not in (None, "") else default))
    except (InvalidOperation, ValueError):
        return Decimal(default)
    return number if number.is_finite() else Decimal(default)


def _show(value: Decimal) -> str:
    text = f"{value.quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _calculate(
    *,
    full_time: Decimal,
    part_time_fte: Decimal,
    seasonal: Decimal,
    contractors: Decimal,
    reduction: Decimal,
) -> Decimal:
    """The calculator's ENP. Temporary adapter until qms.certification.audit_time.calculator
    lands (written alongside): then this calls it and keeps no formula of its own."""
    return full_time + part_time_fte + seasonal + contractors - reduction


def breakdown_of(obj: Any) -> dict[str, Any]:
    """The breakdown fields of an application (or anything with those attributes)."""
    return {name: getattr(obj, name) for name in BREAKDOWN_FIELDS}


def effective_personnel(values: Mapping[str, Any]) -> Enp:
    """The ENP of a breakdown (form values, API input or an application), term by term.

    Missing or malformed values count as 0 (40 for the full-time week) so the live panel
    always answers while the user types; the form and the services refuse them.
    """
    full_time = _number(values.get("full_time"))
    shifts = int(_number(values.get("shifts"), "1"))
    part_time = _number(values.get("part_time"))
    part_hours = _number(values.get("part_time_hours"))
    week = _number(values.get("full_time_hours"), "40")
    seasonal = _number(values.get("seasonal"))
    contractors = _number(values.get("contractors"))
    reduction = _number(values.get("repetitive_reduction"))
    problems: list[str] = []
    if week <= 0:
        problems.append("The full-time week must be more than 0 hours.")
        week = Decimal("40")
    if any(v < 0 for v in (full_time, part_time, part_hours, seasonal, contractors, reduction)):
        problems.append("Personnel and hours cannot be negative.")
    converted = part_time * part_hours / week
    total = _calculate(
        full_time=full_time,
        part_time_fte=converted,
        seasonal=seasonal,
        contractors=contractors,
        reduction=reduction,
    )
    shift_words = f"over {shifts} shifts" if shifts > 1 else "one shift"
    terms = (
        Term(
            "Full-time personnel",
            full_time,
            f"{_show(full_time)} full-time people in the scope, counted on every shift "
            f"({shift_words}).",
        ),
        Term(
            "Part-time personnel (as full-time equivalents)",
            converted,
            f"{_show(part_time)} part-time people × {_show(part_hours)} h ÷ {_show(week)} h "  # noqa: RUF001
            f"full-time week = {_show(converted)}.",
        ),
        Term(
            "Seasonal or temporary personnel",
            seasonal,
            f"{_show(seasonal)} present when the audit takes place.",
        ),
        Term(
            "Contractors under the client's control",
            contractors,
            f"{_show(contractors)} doing work under the client's control that can affect the "
            "management system.",
        ),
        Term(
            "Reduction for similar repetitive work",
            reduction,
            f"{_show(reduction)} deducted, with the justification recorded (not part of the "
            "30 % cap on adjustments).",
            sign="−",  # noqa: RUF001 - a minus sign, shown to people
        ),
    )
    return Enp(total=total, terms=terms, problems=tuple(problems))
