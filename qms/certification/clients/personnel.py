"""The effective number of personnel (ENP, IAF MD 5; domain spec §4.3) of an application's
personnel breakdown, for the application page, its live panel, the API and the services.

The formula and its refusals are the audit-time calculator's
(`qms.certification.audit_time.effective_personnel`): this module only maps an
application's fields to the calculator's `Personnel` and back (terms for display, a refusal
beside the application's own field).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from qms.certification.audit_time import AuditTimeError, Personnel
from qms.certification.audit_time import effective_personnel as calculate

BREAKDOWN_FIELDS = (
    "full_time",
    "shifts",
    "part_time",
    "part_time_hours",
    "full_time_hours",
    "seasonal",
    "contractors",
    "repetitive_reduction",
    "repetitive_reduction_justification",
)

# The calculator's input field → the application's field (a refusal is shown beside it).
_FIELD_OF = {
    "personnel.full_time": "full_time",
    "personnel.part_time_count": "part_time",
    "personnel.part_time_hours": "part_time_hours",
    "personnel.full_time_hours": "full_time_hours",
    "personnel.seasonal": "seasonal",
    "personnel.temporary": "seasonal",
    "personnel.contractors_in_scope": "contractors",
    "personnel.repetitive_reduction": "repetitive_reduction",
    "personnel.reduction_justification": "repetitive_reduction_justification",
    "personnel.shifts": "shifts",
    "enp": "full_time",
}


@dataclass(frozen=True)
class Term:
    label: str
    value: Decimal
    explanation: str
    sign: str = "+"


@dataclass(frozen=True)
class Enp:
    """The ENP and its terms, or (`total` None) the calculator's refusal and its field."""

    total: Decimal | None
    terms: tuple[Term, ...] = ()
    explanation: str = ""
    problem: str = ""
    field: str = ""

    @property
    def problems(self) -> dict[str, str]:
        """The refusal as a field error of the application ({} when there is none)."""
        return {self.field: self.problem} if self.problem else {}


def breakdown_of(obj: Any) -> dict[str, Any]:
    """The breakdown fields of an application (or anything with those attributes)."""
    return {name: getattr(obj, name) for name in BREAKDOWN_FIELDS}


def _given(value: Any, default: Any = 0) -> Any:
    """An empty form field counts as its default (the form requires what it needs)."""
    return default if value is None or (isinstance(value, str) and not value.strip()) else value


def _shifts(value: Any) -> int:
    try:
        return max(int(str(_given(value, 1)).strip()), 1)
    except ValueError:
        return 1


def _personnel(values: Mapping[str, Any]) -> Personnel:
    return Personnel(
        full_time=_given(values.get("full_time")),
        part_time_count=_given(values.get("part_time")),
        part_time_hours=_given(values.get("part_time_hours")),
        full_time_hours=_given(values.get("full_time_hours"), 40),
        seasonal=_given(values.get("seasonal")),
        contractors_in_scope=_given(values.get("contractors")),
        repetitive_reduction=_given(values.get("repetitive_reduction")),
        reduction_justification=str(values.get("repetitive_reduction_justification") or ""),
        shifts=_shifts(values.get("shifts")),
    )


def effective_personnel(values: Mapping[str, Any]) -> Enp:
    """The ENP of a breakdown (form values, API input or an application's fields)."""
    try:
        result = calculate(_personnel(values))
    except AuditTimeError as error:
        return Enp(
            total=None,
            problem=error.message,
            field=_FIELD_OF.get(error.field or "", "full_time"),
        )
    terms = tuple(
        Term(
            label=term.label,
            value=term.value,
            explanation=term.explanation,
            sign="−" if term.sign < 0 else "+",  # noqa: RUF001 - a minus sign, shown to people
        )
        for term in result.terms
    )
    return Enp(total=result.value, terms=terms, explanation=result.explanation)
