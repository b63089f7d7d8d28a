"""The words of the audit-time calculator: how figures are written and the justification
line of each figure, for a client and an accreditation assessor (domain spec §4.4: the
calculation and its justification go to the client and to the AB on request).

Pure functions of the calculator's values; no database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

THIRD_TEXT = {"0.333333": "one third", "0.666667": "two thirds", "0.5": "half"}
TIMES = "\u00d7"
MINUS = "\u2212"
ROOT = "\u221a"


@dataclass(frozen=True)
class Line:
    """One justification line and the figure it explains ("t_table", "stage1", ...)."""

    figure: str
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"figure": self.figure, "text": self.text}


@dataclass(frozen=True)
class Note:
    """A cap applied or a warning: a stable `code` and a readable `message`."""

    code: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message}


def _trim(value: Decimal, places: int, keep: int) -> str:
    text = f"{value.quantize(Decimal(1).scaleb(-places)):f}"
    if "." in text:
        whole, fraction = text.split(".")
        fraction = fraction.rstrip("0")
        fraction = fraction + "0" * (keep - len(fraction))
        return f"{whole}.{fraction}" if fraction else whole
    return text


def fmt_days(value: Decimal) -> str:
    """Days with at least one decimal: 6.0, 5.5, 5.7, 5.745."""
    return _trim(value, 4, 1)


def fmt_enp(value: Decimal | int) -> str:
    """A count or hours: 67, 10,700, 65.5."""
    if isinstance(value, int):
        return f"{value:,}"
    text = _trim(value, 2, 0)
    whole, _dot, fraction = text.partition(".")
    return f"{int(whole):,}" + (f".{fraction}" if fraction else "")


def fmt_day_count(value: Decimal) -> str:
    """ "5.5 days", "1.0 day", "0.5 day"."""
    return f"{fmt_days(value)} {'day' if value <= 1 else 'days'}"


def fmt_pct(value: Decimal, *, signed: bool = False) -> str:
    text = _trim(abs(value), 2, 0)
    if not signed:
        return f"{'-' if value < 0 else ''}{text} %"
    return f"{'+' if value >= 0 else MINUS}{text} %"


def fmt_share(value: Decimal) -> str:
    """ "one third", "two thirds", or "40 %"."""
    key = _trim(value, 6, 0)
    return THIRD_TEXT.get(key, f"{_trim(value * 100, 2, 0)} %")


def factor_line(code: str, pct: Decimal, justification: str) -> str:
    kind = "Increase" if pct > 0 else "Decrease"
    return f"{kind} of {fmt_pct(abs(pct))} ({code}): {justification.rstrip('.')}."


def band_line(
    *, enp: int, band_label: str, days: Decimal, table_ref: str, category: str, column: str
) -> str:
    column_text = f"category {category}"
    if column != category:
        column_text = f"category {category}, read in the table's only column, {column}"
    return (
        f"ENP {fmt_enp(enp)} is in the band {band_label}: {fmt_days(days)} days "
        f"({table_ref}, {column_text})."
    )


def linear_line(
    *, enp: int, low: int, low_days: Decimal, high: int, high_days: Decimal, value: Decimal
) -> str:
    return (
        f"On the continuum (the certification body's policy: linear between bands), ENP "
        f"{fmt_enp(enp)} lies between {fmt_days(low_days)} days at {fmt_enp(low)} and "
        f"{fmt_days(high_days)} days at {fmt_enp(high)}: {fmt_days(value)} days."
    )


def adjustment_line(
    *,
    standard: str,
    t_table: Decimal,
    pcts: list[Decimal],
    t_adjusted: Decimal,
    limit: Decimal,
    floor: Decimal,
    capped: bool,
) -> str:
    if not pcts:
        return f"{standard}: no adjustment factor; the adjusted time is the table time, " + (
            f"{fmt_days(t_table)} days."
        )
    net = sum(pcts, Decimal(0))
    terms = " ".join(f"{'+' if pct > 0 else MINUS} {fmt_pct(abs(pct))}" for pct in pcts)
    multiplier = 1 + net / 100
    text = (
        f"{standard}: adjusted time {fmt_days(t_table)} {TIMES} (1 {terms}) = "
        f"{fmt_days(t_table)} {TIMES} {_trim(multiplier, 4, 2)} = "
        f"{fmt_days(t_table * multiplier)} days"
    )
    if capped:
        return (
            f"{text}; the net reduction of {fmt_pct(-net)} is more than the {fmt_pct(limit)} "
            f"IAF MD 5 allows, so the time is held at {fmt_days(floor)} days "
            f"({fmt_pct(100 - limit)} of the table time)."
        )
    if net < 0:
        return (
            f"{text}; the net reduction of {fmt_pct(-net)} is within the {fmt_pct(limit)} "
            f"limit (no less than {fmt_days(floor)} days)."
        )
    return f"{text}."


def integration_line(
    *, total: Decimal, pct: Decimal, justification: str, result: Decimal, limit: Decimal
) -> str:
    return (
        f"Integrated audit: the standards' times add up to {fmt_days(total)} days; less "
        f"{fmt_pct(pct)} for the integration of the management systems ({justification}; at "
        f"most {fmt_pct(limit)}, IAF MD 11) = {fmt_days(result)} days."
    )


def rounding_line(t_adjusted: Decimal, t_final: Decimal) -> str:
    if t_adjusted == t_final:
        return f"Audit time: {fmt_days(t_final)} days (already a whole or half day)."
    return (
        f"Audit time: {fmt_days(t_adjusted)} rounds to {fmt_days(t_final)} days (half-day "
        "rounding: to the nearest half day, halves up)."
    )


def on_site_line(t_final: Decimal, share: Decimal, on_site: Decimal, off_site: Decimal) -> str:
    product = t_final * share
    rounded = "" if product == on_site else f" is {fmt_days(product)}, rounded up to the half day"
    return (
        f"On site: at least {fmt_days(on_site)} days ({fmt_pct(share * 100)} of "
        f"{fmt_days(t_final)}{rounded}); at most {fmt_day_count(off_site)} off site for "
        "planning and reporting. Travel time is not audit time; one auditor-day is 8 hours."
    )


def share_line(
    *, label: str, t_final: Decimal, share: Decimal, value: Decimal, tail: str = ""
) -> str:
    product = t_final * share
    shown = fmt_days(product.quantize(Decimal("0.01")))
    how = f"{fmt_share(share)} of {fmt_days(t_final)} is {shown}"
    if product != value and not tail.startswith("; raised"):
        how += ", half-day rounding"
    return f"{label}: {fmt_day_count(value)} ({how}){tail}."


def sampling_line(sites: int, initial: int, surveillance: int, recertification: int) -> str:
    if sites <= 1:
        return "One site: no sampling; the site (with its central function) is audited every time."
    root = Decimal(sites).sqrt()

    def term(factor: str, count: int) -> str:
        product = root * Decimal(factor)
        prefix = "" if factor == "1" else f"{factor} {TIMES} "
        return f"{prefix}{ROOT}{sites} = {fmt_days(product.quantize(Decimal('0.01')))}, rounded up"

    return (
        f"{sites} sites (IAF MD 1 sampling): visit {initial} at the initial audit "
        f"({term('1', initial)}), {surveillance} at each surveillance "
        f"({term('0.6', surveillance)}) and {recertification} at recertification "
        f"({term('0.8', recertification)}), plus the central function every time; at least "
        "a quarter of the sample chosen at random."
    )


def site_line(
    *,
    number: int,
    enp: int,
    t_table: Decimal,
    t_adjusted: Decimal,
    minimum: Decimal,
    planned: Decimal,
    share: Decimal,
    capped: bool,
) -> str:
    held = " (held at the minimum)" if capped else ""
    return (
        f"Site {number} (ENP {fmt_enp(enp)}): table time {fmt_days(t_table)} days, adjusted "
        f"{fmt_days(t_adjusted)}{held}; when it is visited, at least {fmt_days(minimum)} days "
        f"({fmt_pct(share * 100)} of its own table time, IAF MD 1): plan {fmt_days(planned)} "
        "days."
    )


def audit_type_line(audit_type: str, days: Decimal, sample: int, sites: int) -> str:
    label = {"initial": "Initial audit (Stage 1 + Stage 2)"}.get(
        audit_type, audit_type.capitalize()
    )
    where = f" at {sample} of {sites} sites plus the central function" if sites > 1 else ""
    return f"This calculation is for: {label}, {fmt_days(days)} auditor-days{where}."


@dataclass
class Out:
    """What a calculation explains as it goes: one line per figure, the caps applied and the
    warnings."""

    lines: list[Line] = field(default_factory=list)
    caps: list[Note] = field(default_factory=list)
    warnings: list[Note] = field(default_factory=list)

    def line(self, figure: str, text: str) -> None:
        self.lines.append(Line(figure, text))
