"""The calculator's inputs: the certification body's Policy, the personnel breakdown and
its effective number of personnel (ENP), and the adjustment factors. Pure; no database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from .errors import AuditTimeError
from .explain import fmt_enp

ZERO = Decimal(0)
ONE = Decimal(1)
HALF = Decimal("0.5")
HUNDRED = Decimal(100)
THIRD = ONE / Decimal(3)
TWO_THIRDS = Decimal(2) / Decimal(3)
CENT = Decimal("0.01")

QMS_CATEGORIES = ("high", "medium", "low", "limited")

# Typical MD 5 adjustment factors (our own wording): code -> (label, +1 increase / -1 decrease).
FACTORS: dict[str, tuple[str, int]] = {
    "logistics": ("Complicated logistics: several buildings or locations in the scope", 1),
    "interpreter": ("Staff speak several languages: interpreters are needed", 1),
    "large_site": ("A very large site for the number of personnel", 1),
    "regulation": (
        "A high degree of regulation (e.g. food, pharmaceuticals, aerospace, nuclear)",
        1,
    ),
    "complex_processes": ("Very complex processes or many unique activities", 1),
    "temporary_sites": ("Activities that need visits to temporary sites", 1),
    "outsourcing": ("Outsourced functions or processes to be evaluated", 1),
    "low_risk": ("Low-risk products or processes", -1),
    "small_site": ("A very small site for the number of personnel (e.g. offices only)", -1),
    "mature": ("A mature management system", -1),
    "prior_knowledge": (
        "Prior knowledge of the client's management system (e.g. certified by the same body "
        "to another standard)",
        -1,
    ),
    "other_scheme": ("The client is already certified under another recognised scheme", -1),
    "automation": ("A high degree of automation", -1),
    "off_site_staff": (
        "Staff working off site (sales, drivers, service) whose work can be checked through "
        "records",
        -1,
    ),
}


def _decimal(value: Any, field_name: str, what: str) -> Decimal:
    if isinstance(value, bool):
        raise AuditTimeError(f"{what} must be a number.", field=field_name)
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise AuditTimeError(f"{what} must be a number, not {value!r}.", field=field_name) from None
    if not number.is_finite():
        raise AuditTimeError(f"{what} must be a number, not {value!r}.", field=field_name)
    return number


def _count(value: Any, field_name: str, what: str) -> Decimal:
    number = _decimal(value, field_name, what)
    if number < 0:
        raise AuditTimeError(f"{what} cannot be negative ({number}).", field=field_name)
    return number


# --- Settings and inputs ------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    """The certification body's audit-time settings (defaults: the usual practice).

    `stage1_percent` and `minimum_audit_days` are the CertificationBody field names; given,
    they set `stage1_share` and both minimum days."""

    stage1_share: Decimal = THIRD
    interpolation: str = "step"
    qms_complexity_adjustments: Mapping[str, Any] = field(default_factory=dict)
    surveillance_share: Decimal = THIRD
    recertification_share: Decimal = TWO_THIRDS
    surveillance_minimum_days: Decimal | None = None
    recertification_minimum_days: Decimal | None = None
    max_reduction_pct: Decimal = Decimal(30)
    max_integration_reduction_pct: Decimal = Decimal(20)
    min_on_site_share: Decimal = Decimal("0.8")
    min_site_share: Decimal = Decimal("0.5")
    enp_rounding: str = "up"
    stage1_percent: Decimal | None = None
    minimum_audit_days: Decimal | None = None

    def __post_init__(self) -> None:
        def put(name: str, value: Any) -> None:
            object.__setattr__(self, name, value)

        if self.stage1_percent is not None:
            put("stage1_share", _decimal(self.stage1_percent, "policy", "Stage 1 %") / HUNDRED)
        if self.minimum_audit_days is not None:
            minimum = _decimal(self.minimum_audit_days, "policy", "The minimum days")
            put("surveillance_minimum_days", self.surveillance_minimum_days or minimum)
            put("recertification_minimum_days", self.recertification_minimum_days or minimum)
        adjustments = dict.fromkeys(QMS_CATEGORIES, ZERO)
        for name, value in (self.qms_complexity_adjustments or {}).items():
            adjustments[str(name)] = _decimal(value, "policy", f"The {name} adjustment")
        put("qms_complexity_adjustments", adjustments)
        for name in (
            "stage1_share",
            "surveillance_share",
            "recertification_share",
            "max_reduction_pct",
            "max_integration_reduction_pct",
            "min_on_site_share",
            "min_site_share",
        ):
            put(name, _decimal(getattr(self, name), "policy", name))
        for name in ("surveillance_minimum_days", "recertification_minimum_days"):
            if getattr(self, name) is not None:
                put(name, _decimal(getattr(self, name), "policy", name))
        self._check()

    def _check(self) -> None:
        if self.interpolation not in ("step", "linear"):
            raise AuditTimeError("The band interpolation must be step or linear.", "policy")
        if self.enp_rounding not in ("up", "nearest"):
            raise AuditTimeError("The ENP rounding must be up or nearest.", "policy")
        for name in ("stage1_share", "surveillance_share", "recertification_share"):
            if not ZERO < getattr(self, name) < ONE:
                raise AuditTimeError(f"The policy's {name} must be between 0 and 1.", "policy")
        for name in ("min_on_site_share", "min_site_share"):
            if not ZERO < getattr(self, name) <= ONE:
                raise AuditTimeError(f"The policy's {name} must be between 0 and 1.", "policy")
        for name in ("max_reduction_pct", "max_integration_reduction_pct"):
            if not ZERO <= getattr(self, name) < HUNDRED:
                raise AuditTimeError(f"The policy's {name} must be 0 to 99 %.", "policy")

    def as_dict(self) -> dict[str, Any]:
        return {
            "stage1_share": self.stage1_share,
            "interpolation": self.interpolation,
            "qms_complexity_adjustments": dict(self.qms_complexity_adjustments),
            "surveillance_share": self.surveillance_share,
            "recertification_share": self.recertification_share,
            "surveillance_minimum_days": self.surveillance_minimum_days,
            "recertification_minimum_days": self.recertification_minimum_days,
            "max_reduction_pct": self.max_reduction_pct,
            "max_integration_reduction_pct": self.max_integration_reduction_pct,
            "min_on_site_share": self.min_on_site_share,
            "min_site_share": self.min_site_share,
            "enp_rounding": self.enp_rounding,
        }


@dataclass(frozen=True)
class Personnel:
    """The personnel breakdown behind the effective number of personnel (domain spec §4.3).

    `part_time_hours` is the average week of one part-timer; `repetitive_reduction` (people
    doing similar simple repetitive work, counted less) needs `reduction_justification`
    and is outside the 30 % cap on adjustments."""

    full_time: Any = 0
    part_time_count: Any = 0
    part_time_hours: Any = 0
    full_time_hours: Any = 40
    seasonal: Any = 0
    temporary: Any = 0
    contractors_in_scope: Any = 0
    repetitive_reduction: Any = 0
    reduction_justification: str = ""
    shifts: int = 1

    def as_dict(self) -> dict[str, Any]:
        """The breakdown as given, numbers as Decimals (for the inputs echo)."""
        values = {
            "full_time": self.full_time,
            "part_time_count": self.part_time_count,
            "part_time_hours": self.part_time_hours,
            "full_time_hours": self.full_time_hours,
            "seasonal": self.seasonal,
            "temporary": self.temporary,
            "contractors_in_scope": self.contractors_in_scope,
            "repetitive_reduction": self.repetitive_reduction,
            "reduction_justification": self.reduction_justification,
            "shifts": self.shifts,
        }
        return {name: _echo(value) for name, value in values.items()}


def _echo(value: Any) -> Any:
    """A number given as text ("58") as a Decimal; anything else as it is."""
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return value
        return number if number.is_finite() else value
    return value


@dataclass(frozen=True)
class EnpTerm:
    code: str
    label: str
    value: Decimal
    explanation: str
    sign: int = 1


@dataclass(frozen=True)
class Enp:
    """The effective number of personnel: `value` (exact), `table_enp` (the whole number
    that enters the table) and every term with its explanation."""

    value: Decimal
    table_enp: int
    terms: tuple[EnpTerm, ...]
    explanation: str


def _whole(value: Decimal, rounding: str) -> int:
    mode = ROUND_CEILING if rounding == "up" else ROUND_HALF_UP
    return int(value.to_integral_value(rounding=mode))


def effective_personnel(personnel: Personnel, *, rounding: str = "up") -> Enp:
    """ENP = full-time + part-time * hours / full-time hours + seasonal + temporary +
    contractors in scope - justified reduction. Negative numbers, a part-time count without
    hours, or a reduction without justification are errors."""
    p = personnel
    full_time = _count(p.full_time, "personnel.full_time", "Full-time personnel")
    part_time = _count(p.part_time_count, "personnel.part_time_count", "Part-time personnel")
    hours = _count(p.part_time_hours, "personnel.part_time_hours", "Part-time hours")
    week = _count(p.full_time_hours, "personnel.full_time_hours", "The full-time week")
    seasonal = _count(p.seasonal, "personnel.seasonal", "Seasonal personnel")
    temporary = _count(p.temporary, "personnel.temporary", "Temporary personnel")
    contractors = _count(p.contractors_in_scope, "personnel.contractors_in_scope", "Contractors")
    reduction = _count(p.repetitive_reduction, "personnel.repetitive_reduction", "The reduction")
    if week <= 0:
        raise AuditTimeError(
            "The full-time week must be more than 0 hours.", "personnel.full_time_hours"
        )
    if part_time and not hours:
        raise AuditTimeError(
            "Give the part-timers' weekly hours (part-time hours).", "personnel.part_time_hours"
        )
    if hours > week:
        raise AuditTimeError(
            f"Part-time hours ({fmt_enp(hours)} h) cannot exceed the full-time week "
            f"({fmt_enp(week)} h).",
            "personnel.part_time_hours",
        )
    justification = " ".join((p.reduction_justification or "").split())
    if reduction and not justification:
        raise AuditTimeError(
            "A reduction for similar repetitive work needs its justification.",
            "personnel.reduction_justification",
        )
    converted = part_time * hours / week
    shifts = f"over {p.shifts} shifts" if p.shifts and p.shifts > 1 else "all shifts"
    terms = [
        EnpTerm("full_time", "Full-time", full_time, f"{fmt_enp(full_time)} full-time ({shifts})")
    ]
    if part_time:
        terms.append(
            EnpTerm(
                "part_time",
                "Part-time as full-time equivalents",
                converted,
                f"{fmt_enp(part_time)} part-time \u00d7 {fmt_enp(hours)} h / {fmt_enp(week)} h "
                f"({fmt_enp(converted)} full-time equivalents)",
            )
        )
    for code, label, value in (
        ("seasonal", "Seasonal", seasonal),
        ("temporary", "Temporary", temporary),
        ("contractors", "Contractors under the organization's control", contractors),
    ):
        if value:
            terms.append(EnpTerm(code, label, value, f"{fmt_enp(value)} {label.lower()}"))
    total = full_time + converted + seasonal + temporary + contractors
    if reduction:
        if reduction >= total:
            raise AuditTimeError(
                f"The reduction ({fmt_enp(reduction)}) must leave at least one person "
                f"(of {fmt_enp(total)}).",
                "personnel.repetitive_reduction",
            )
        terms.append(
            EnpTerm(
                "reduction",
                "Reduction for similar repetitive work",
                reduction,
                f"{fmt_enp(reduction)} for similar repetitive work ({justification}; "
                "outside the 30 % limit on adjustments)",
                sign=-1,
            )
        )
        total -= reduction
    if total < 1:
        raise AuditTimeError("The effective number of personnel must be at least 1.", "enp")
    parts = [terms[0].explanation] + [
        f"{'-' if term.sign < 0 else '+'} {term.explanation}" for term in terms[1:]
    ]
    return Enp(
        value=total,
        table_enp=_whole(total, rounding),
        terms=tuple(terms),
        explanation=f"{' '.join(parts)} = {fmt_enp(total)}",
    )


@dataclass(frozen=True)
class Factor:
    """An adjustment of the table time: `pct` signed (+5 an increase, -10 a decrease)."""

    code: str
    pct: Decimal
    justification: str

    @property
    def label(self) -> str:
        return FACTORS[self.code][0] if self.code in FACTORS else self.code

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "pct": self.pct, "justification": self.justification}


def make_factor(code: str, pct: Any, justification: str = "") -> Factor:
    """A factor; a known code (FACTORS) without justification gets its label as one."""
    code = code.strip()
    text = " ".join((justification or "").split())
    if not text and code in FACTORS:
        text = FACTORS[code][0]
    return Factor(code=code, pct=_decimal(pct, "factors", f"The {code} factor"), justification=text)


def parse_factor(text: str) -> Factor:
    """ "interpreter=+5" or "other=-5:Our own reason" (the sign is required; "%" optional)."""
    code, equals, rest = text.partition("=")
    amount, _colon, justification = rest.partition(":")
    amount = amount.strip().removesuffix("%").strip()
    if not equals or not code.strip():
        raise AuditTimeError(
            f"Factor {text!r}: write it as code=+5 or code=-10 (optionally :justification).",
            field="factors",
        )
    if not amount.startswith(("+", "-")):
        raise AuditTimeError(
            f"Factor {text!r}: the percentage needs a sign (+{amount or 5} or -{amount or 5}).",
            field="factors",
        )
    return make_factor(code, amount, justification)
