"""Audit time (IAF MD 5) for the certification body: the calculator and its tables.

- `calculator.calculate(...) -> Result`: the one calculation (pure, no database); the CLI
  `qms audit-time`, the form, the API and the PDF all call it. Its contract is in the
  calculator module's docstring.
- `tables.table_for(standard, version=None) -> Table` / `tables_for([...])`: the loaded
  audit-time tables (`standards.AuditTimeTable`, from `qms standards load`).
- `AuditTimeError(message, field)`: every refusal, one readable line.
"""

from .calculator import (
    AUDIT_TYPES,
    FACTORS,
    Factor,
    Personnel,
    Policy,
    Result,
    calculate,
    ceil_half_day,
    effective_personnel,
    make_factor,
    parse_factor,
    round_half_day,
    sample_size,
)
from .errors import AuditTimeError
from .tables import Table, standard_key, table_for, tables_for

__all__ = [
    "AUDIT_TYPES",
    "FACTORS",
    "AuditTimeError",
    "Factor",
    "Personnel",
    "Policy",
    "Result",
    "Table",
    "calculate",
    "ceil_half_day",
    "effective_personnel",
    "make_factor",
    "parse_factor",
    "round_half_day",
    "sample_size",
    "standard_key",
    "table_for",
    "tables_for",
]
