"""What the calculator returns: `Result` and its parts. `Result.as_dict()` is JSON-ready."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .explain import Line, Note
from .inputs import Factor
from .tables import Band, Table


@dataclass(frozen=True)
class StandardTime:
    """One standard's share of the calculation."""

    standard: str
    table: Table
    category: str
    column: str
    complexity_pct: Decimal
    band: Band
    t_table: Decimal
    t_adjusted: Decimal
    manual: bool = False
    interpolated: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "standard": self.standard,
            "table_ref": self.table.ref,
            "table_urn": self.table.urn,
            "category": self.category,
            "column": self.column,
            "complexity_pct": self.complexity_pct,
            "band": self.band.label,
            "t_table": self.t_table,
            "t_adjusted": self.t_adjusted,
            "manual": self.manual,
        }


@dataclass(frozen=True)
class SiteTime:
    """A site's own time (multi-site): its table time, adjusted, and its 50 % floor."""

    number: int
    enp: int
    t_table: Decimal
    t_adjusted: Decimal
    t_minimum: Decimal
    t_planned: Decimal
    capped: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "site": self.number,
            "enp": self.enp,
            "t_table": self.t_table,
            "t_adjusted": self.t_adjusted,
            "t_minimum": self.t_minimum,
            "t_planned": self.t_planned,
            "capped": self.capped,
        }


@dataclass(frozen=True)
class Sampling:
    """IAF MD 1 sample sizes: sites to visit besides the central function."""

    sites: int
    initial: int
    surveillance: int
    recertification: int
    central_function: bool = True

    @property
    def sampled(self) -> bool:
        return self.sites > 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "sites": self.sites,
            "initial": self.initial,
            "surveillance": self.surveillance,
            "recertification": self.recertification,
            "central_function": self.central_function,
            "sampling": self.sampled,
        }


@dataclass(frozen=True)
class Result:
    audit_type: str
    enp: Decimal
    table_enp: int
    t_table: Decimal
    t_adjusted: Decimal
    t_final: Decimal
    stage1: Decimal
    stage2: Decimal
    on_site_min: Decimal
    off_site_max: Decimal
    surveillance: Decimal
    recertification: Decimal
    audit_days: Decimal
    sites_sampled: Sampling
    standards: tuple[StandardTime, ...]
    sites: tuple[SiteTime, ...]
    factors: tuple[Factor, ...]
    caps_applied: tuple[Note, ...]
    warnings: tuple[Note, ...]
    table_ref: str
    inputs: Mapping[str, Any]
    lines: tuple[Line, ...] = ()

    @property
    def justification(self) -> list[str]:
        return [line.text for line in self.lines]

    @property
    def justification_text(self) -> str:
        return "\n".join(self.justification)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: Decimals as numbers (5.5, not "5.5")."""
        plain: dict[str, Any] = _plain(
            {
                "audit_type": self.audit_type,
                "enp": self.enp,
                "table_enp": self.table_enp,
                "t_table": self.t_table,
                "t_adjusted": self.t_adjusted,
                "t_final": self.t_final,
                "stage1": self.stage1,
                "stage2": self.stage2,
                "on_site_min": self.on_site_min,
                "off_site_max": self.off_site_max,
                "surveillance": self.surveillance,
                "recertification": self.recertification,
                "audit_days": self.audit_days,
                "sites_sampled": self.sites_sampled.as_dict(),
                "standards": [part.as_dict() for part in self.standards],
                "sites": [site.as_dict() for site in self.sites],
                "factors": [factor.as_dict() for factor in self.factors],
                "caps_applied": [note.as_dict() for note in self.caps_applied],
                "warnings": [note.as_dict() for note in self.warnings],
                "table_ref": self.table_ref,
                "justification": self.justification,
                "justification_lines": [line.as_dict() for line in self.lines],
                "inputs": self.inputs,
            }
        )
        return plain


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value
