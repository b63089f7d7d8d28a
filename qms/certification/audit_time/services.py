"""Audit-time calculations: one calculation (calculator.calculate), many doors.

The form, its live preview, the API and the stored record all hand the same `inputs` (a
JSON-ready mapping, the API's request body) to `audit_time_calculate`, which turns them into
the calculator's arguments and nothing else: no figure is computed here.

`inputs` keys (all optional but `standards` and one of `enp` / `personnel`):

- `standards`: standard names ("iso9001", "ISO 14001:2015") or standard-edition ids; several
  make an integrated audit;
- `enp` (a number) or `personnel` (`full_time`, `shifts`, `part_time_count`,
  `part_time_hours`, `full_time_hours`, `seasonal`, `temporary`, `contractors_in_scope`,
  `repetitive_reduction`, `reduction_justification`);
- `complexity`; `factors` (`[{code, pct, justification}]`, pct signed); `sites`, `site_enp`
  (one ENP per site), `site_reduction_pct` + `site_reduction_justification`; `audit_type`;
  `integration_reduction_pct` + `integration_justification`; `manual_days` (a number, or
  `{standard: days}` for an integrated audit) + `manual_justification`;
  `apply_reduction_cap` (hold a reduction over the 30 % limit at the limit instead of
  refusing it).

A stored calculation (`audit_time_calculation_create`) is never edited: a recalculation is
a new record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from qms.accounts.models import User
from qms.core.services import model_create, sequence_next
from qms.organizations.models import Organization
from qms.standards.models import StandardEdition

from ..body.selectors import audit_time_policy
from ..models import Application, AuditTimeCalculation, Client
from . import events
from .calculator import Factor, Personnel, Result, calculate
from .errors import AuditTimeError
from .tables import Table, tables_for

PERSONNEL_FIELDS = (
    "full_time",
    "shifts",
    "part_time_count",
    "part_time_hours",
    "full_time_hours",
    "seasonal",
    "temporary",
    "contractors_in_scope",
    "repetitive_reduction",
    "reduction_justification",
)
INPUT_KEYS = frozenset(
    {
        "standards",
        "enp",
        "personnel",
        "complexity",
        "factors",
        "sites",
        "site_enp",
        "site_reduction_pct",
        "site_reduction_justification",
        "audit_type",
        "integration_reduction_pct",
        "integration_justification",
        "manual_days",
        "manual_justification",
        "apply_reduction_cap",
    }
)
STORED_FIELDS = (
    "number",
    "application",
    "client",
    "audit_type",
    "standards",
    "enp",
    "t_final",
    "table_ref",
    "inputs",
    "result",
    "calculated_by",
)


# --- Inputs -------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """JSON-ready, exactly: Decimals as text ("5.5"), so a stored input reads back the same."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _standard_names(standards: Sequence[Any]) -> list[str]:
    """The names the tables are looked up by: an edition id becomes "ISO 9001:2015"."""
    ids = [item for item in standards if isinstance(item, int) and not isinstance(item, bool)]
    found = {
        edition.pk: str(edition)
        for edition in StandardEdition.objects.filter(pk__in=ids).select_related("standard")
    }
    names = []
    for item in standards:
        if isinstance(item, StandardEdition):
            names.append(str(item))
        elif isinstance(item, int) and not isinstance(item, bool):
            if item not in found:
                raise AuditTimeError(f"No standard edition {item} in the library.", "standard")
            names.append(found[item])
        elif isinstance(item, str) and item.strip():
            names.append(item.strip())
        else:
            raise AuditTimeError(
                f"Name a standard like iso9001 or give an edition id, not {item!r}.", "standard"
            )
    return names


def normalized_inputs(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The inputs as they are stored and echoed: known keys only, standards as names, every
    number as exact text."""
    unknown = sorted(set(inputs) - INPUT_KEYS)
    if unknown:
        raise AuditTimeError(f"Unknown input {', '.join(unknown)}.", field=unknown[0])
    standards = inputs.get("standards") or []
    if isinstance(standards, str | int | StandardEdition):
        standards = [standards]
    data: dict[str, Any] = {key: inputs[key] for key in INPUT_KEYS if key in inputs}
    data["standards"] = _standard_names(list(standards))
    personnel = inputs.get("personnel")
    if personnel is not None:
        data["personnel"] = {key: personnel[key] for key in PERSONNEL_FIELDS if key in personnel}
    data["factors"] = [
        {
            "code": _text(factor.get("code")),
            "pct": factor.get("pct"),
            "justification": _text(factor.get("justification")),
        }
        for factor in inputs.get("factors") or []
    ]
    plain: dict[str, Any] = _plain(data)
    return plain


def _factor(data: Mapping[str, Any]) -> Factor:
    code = _text(data.get("code"))
    pct = data.get("pct")
    try:
        number = Decimal(str(pct).strip())
    except ArithmeticError:
        raise AuditTimeError(f"Factor {code}: {pct!r} is not a percentage.", "factors") from None
    return Factor(code=code, pct=number, justification=_text(data.get("justification")))


def _personnel(data: Mapping[str, Any]) -> Personnel:
    values = dict(data)
    shifts = values.get("shifts", 1)
    try:
        values["shifts"] = int(str(shifts if shifts not in (None, "") else 1))
    except ValueError:
        raise AuditTimeError(
            f"Shifts must be a whole number, not {shifts!r}.", "personnel.shifts"
        ) from None
    if values["shifts"] < 1:
        raise AuditTimeError("Shifts must be at least 1.", "personnel.shifts")
    values["reduction_justification"] = _text(values.get("reduction_justification"))
    return Personnel(**values)


def calculator_arguments(inputs: Mapping[str, Any], *, organization: Any) -> dict[str, Any]:
    """The keyword arguments of `calculate()` for normalized `inputs` (tables looked up,
    the certification body's policy read)."""
    tables: list[Table] = tables_for(inputs.get("standards") or [])
    personnel = inputs.get("personnel")
    enp = inputs.get("enp")
    if personnel is not None and enp not in (None, ""):
        raise AuditTimeError(
            "Give either the effective number of personnel or its breakdown, not both.", "enp"
        )
    return {
        "tables": tables,
        "enp": None if personnel is not None else enp,
        "personnel": _personnel(personnel) if personnel is not None else None,
        "complexity": inputs.get("complexity") or None,
        "factors": [_factor(factor) for factor in inputs.get("factors") or []],
        "sites": 1 if inputs.get("sites") in (None, "") else inputs["sites"],
        "site_enp": inputs.get("site_enp") or None,
        "site_reduction_pct": inputs.get("site_reduction_pct") or 0,
        "site_reduction_justification": inputs.get("site_reduction_justification") or "",
        "audit_type": inputs.get("audit_type") or "initial",
        "integration_reduction_pct": inputs.get("integration_reduction_pct") or 0,
        "integration_justification": inputs.get("integration_justification") or "",
        "manual_days": inputs.get("manual_days") if inputs.get("manual_days") != "" else None,
        "manual_justification": inputs.get("manual_justification") or "",
        "allow_reduction_cap": bool(inputs.get("apply_reduction_cap")),
        "policy": audit_time_policy(organization),
    }


def audit_time_calculate(*, organization: Organization, inputs: Mapping[str, Any]) -> Result:
    """The calculation of `inputs` with the organization's audit-time policy; nothing is
    stored. Raises AuditTimeError(message, field) for input the calculator refuses."""
    return calculate(**calculator_arguments(normalized_inputs(inputs), organization=organization))


# --- The stored record --------------------------------------------------------------------


@transaction.atomic
def audit_time_calculation_create(
    *,
    actor: User,
    organization: Organization,
    inputs: Mapping[str, Any],
    application: Application | None = None,
    client: Client | None = None,
) -> AuditTimeCalculation:
    """Calculate `inputs` and store the calculation `AT-<year>-NNNN` with its inputs, the
    result (every figure and its justification), the table reference, the ENP and the
    final time, for `application` (its client by default) or `client`, or on its own (a
    quotation). AuditTimeError when the calculator refuses the input; nothing is stored."""
    if application is not None:
        if client is not None and client.pk != application.client_id:
            raise ValidationError(
                {"client": "The application is for another client; leave the client empty."}
            )
        client = application.client
    stored_inputs = normalized_inputs(inputs)
    result = calculate(**calculator_arguments(stored_inputs, organization=organization))
    year = timezone.localdate().year
    sequence = sequence_next(organization_id=organization.pk, key="audit_time", year=year)
    values: dict[str, Any] = {
        "number": f"AT-{year}-{sequence:04d}",
        "application": application,
        "client": client,
        "audit_type": result.audit_type,
        "standards": standards_label(stored_inputs, result),
        "enp": result.enp.quantize(Decimal("0.01")),
        "t_final": result.t_final,
        "table_ref": result.table_ref[:255],
        "inputs": stored_inputs,
        "result": result.as_dict(),
        "calculated_by": actor,
    }
    calculation: AuditTimeCalculation = model_create(
        actor=actor,
        model=AuditTimeCalculation,
        organization=organization,
        data=values,
        fields=STORED_FIELDS,
        event_type=events.CALCULATION_CREATED,
    )
    return calculation


def standards_label(inputs: Mapping[str, Any], result: Result) -> str:
    """ "ISO 9001:2015 + ISO 14001:2015": the editions named, else the tables' standards."""
    names = []
    for given, part in zip(inputs.get("standards") or [], result.standards, strict=False):
        _name, colon, edition = str(given).rpartition(":")
        names.append(f"{part.standard}:{edition}" if colon and edition.isdigit() else part.standard)
    return " + ".join(names)[:200]
