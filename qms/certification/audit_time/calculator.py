"""The IAF MD 5 audit-time calculator: one pure function, no database (domain spec §4,
§3.10 sampling, §4.7 contract, §10 worked example).

    result = calculate(tables=[table_for("ISO 9001")], enp=67, complexity="medium",
                       factors=[make_factor("interpreter", 5), make_factor("mature", -10)],
                       sites=16)
    result.t_final            # Decimal("5.5")
    result.justification      # plain-English lines, one per figure
    result.as_dict()          # JSON-ready (Decimals as numbers)

The contract (stable; the CLI `qms audit-time`, the form, the API and the PDF all call it):

- Inputs (keyword-only): `tables` (one `Table` or several for an integrated audit), either
  `enp` or `personnel` (a `Personnel` breakdown), `complexity` (a category, or a mapping
  standard → category; default: each table's default), `factors` (`Factor(code, pct,
  justification)`, pct signed), `sites` and optional `site_enp` (one ENP per site),
  `site_reduction_pct` (+ justification), `audit_type` ("initial" | "surveillance" |
  "recertification"), `integration_reduction_pct` (+ justification), `manual_days` (+
  `manual_justification`, required above the last band: ENP > 10,700), `off_site_days`,
  `allow_reduction_cap`, `policy` (`Policy`, the CB's settings).
- Output: `Result` with t_table, t_adjusted, t_final, stage1, stage2, on_site_min,
  off_site_max, surveillance, recertification, audit_days (the figure of `audit_type`),
  enp, sites_sampled (`Sampling`: initial, surveillance, recertification, central_function),
  standards (one `StandardTime` per table), sites (`SiteTime` per site, with site ENP),
  factors, caps_applied and warnings (`Note(code, message)`), table_ref, inputs (echo),
  lines (`Line(figure, text)`) and `justification` (their texts).
- Errors: `AuditTimeError(message, field)`, one readable line naming the rule.

Rules: T_table from the band of the ENP (step, or "linear" on the continuum); T_adj =
T_table * (1 + Σ increases - Σ decreases), a net reduction over 30 % is an error unless
`allow_reduction_cap` (then 70 % of T_table); integrated audits: the sum over the
standards less at most 20 %; T = round_half_day(T_adj) = floor(2x + 0.5) / 2; on site at
least 80 % of T rounded up to the half day; Stage 1 = round_half_day(T * Stage 1 share),
Stage 2 the rest; surveillance = round_half_day(T / 3), recertification =
round_half_day(2/3 * T), each with the CB's optional minimum; sampling ceil(√x),
ceil(0.6 √x), ceil(0.8 √x) plus the central function; each site at least 50 % of its own
table time. Decimal arithmetic throughout (no floats).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from .arithmetic import ceil_half_day, round_half_day, sample_size
from .bands import suggestion, table_time
from .errors import AuditTimeError
from .explain import (
    Line,
    Note,
    Out,
    adjustment_line,
    audit_type_line,
    band_line,
    factor_line,
    fmt_days,
    fmt_enp,
    fmt_pct,
    integration_line,
    on_site_line,
    rounding_line,
    sampling_line,
    share_line,
)
from .inputs import (
    FACTORS,
    HALF,
    HUNDRED,
    ZERO,
    Enp,
    EnpTerm,
    Factor,
    Personnel,
    Policy,
    _count,
    _decimal,
    _echo,
    _whole,
    effective_personnel,
    make_factor,
    parse_factor,
)
from .result import Result, Sampling, SiteTime, StandardTime
from .sites import site_times as per_site_times
from .tables import Table, standard_key

__all__ = [
    "AUDIT_TYPES",
    "FACTORS",
    "AuditTimeError",
    "Enp",
    "EnpTerm",
    "Factor",
    "Line",
    "Note",
    "Personnel",
    "Policy",
    "Result",
    "Sampling",
    "SiteTime",
    "StandardTime",
    "Table",
    "calculate",
    "ceil_half_day",
    "effective_personnel",
    "make_factor",
    "parse_factor",
    "round_half_day",
    "sample_size",
]

AUDIT_TYPES = ("initial", "surveillance", "recertification")


# --- The calculation ---------------------------------------------------------------------


def _tables(tables: Table | Sequence[Table]) -> tuple[Table, ...]:
    chosen = (tables,) if isinstance(tables, Table) else tuple(tables)
    if not chosen:
        raise AuditTimeError("Name at least one standard.", field="standard")
    if len({table.urn or table.name for table in chosen}) != len(chosen):
        raise AuditTimeError("A table is named twice.", field="standard")
    return chosen


def _people(enp: Any, personnel: Personnel | None, policy: Policy) -> tuple[Enp, bool]:
    """(ENP, given directly?)."""
    if (enp is None) == (personnel is None):
        raise AuditTimeError(
            "Give either the effective number of personnel or its breakdown.", field="enp"
        )
    if personnel is not None:
        return effective_personnel(personnel, rounding=policy.enp_rounding), False
    value = _count(enp, "enp", "The effective number of personnel")
    if value < 1:
        raise AuditTimeError("The effective number of personnel must be at least 1.", "enp")
    whole = _whole(value, policy.enp_rounding)
    return Enp(value, whole, (), f"{fmt_enp(value)}, as given"), True


def _factors(factors: Sequence[Factor]) -> tuple[Factor, ...]:
    seen: set[str] = set()
    checked = []
    for factor in factors:
        code = factor.code.strip()
        pct = _decimal(factor.pct, "factors", f"The {code} factor")
        if not code:
            raise AuditTimeError("A factor needs a code (e.g. interpreter).", field="factors")
        if code in seen:
            raise AuditTimeError(f"Factor {code} is given twice.", field="factors")
        seen.add(code)
        if pct == 0:
            raise AuditTimeError(f"Factor {code} is 0 %: leave it out.", field="factors")
        if abs(pct) >= HUNDRED:
            raise AuditTimeError(f"Factor {code} must be less than 100 %.", field="factors")
        if code in FACTORS and FACTORS[code][1] * pct < 0:
            kind, sign = ("an increase", "+") if FACTORS[code][1] > 0 else ("a decrease", "-")
            raise AuditTimeError(
                f"Factor {code} is {kind} ({FACTORS[code][0].lower()}): write it {code}="
                f"{sign}{fmt_enp(abs(pct))}.",
                field="factors",
            )
        justification = " ".join((factor.justification or "").split())
        if not justification:
            raise AuditTimeError(
                f"Factor {code} ({fmt_pct(pct, signed=True)}) needs a justification.",
                field="factors",
            )
        checked.append(Factor(code=code, pct=pct, justification=justification))
    return tuple(checked)


def _names(table: Table, key: str) -> bool:
    """Whether `key` ("ISO 14001", "iso14001", "EMS 1") names this table."""
    if key == table.name:
        return True
    try:
        return table.serves(standard_key(key)[0])
    except AuditTimeError:
        return False


def _column(table: Table, requested: Any, policy: Policy) -> tuple[str, str, Decimal]:
    """(category, table column, policy adjustment %) of the requested complexity."""
    if isinstance(requested, Mapping):
        requested = next(
            (value for key, value in requested.items() if _names(table, str(key))),
            None,
        )
    category = str(requested).strip().lower() if requested else table.default_category
    if category in table.categories:
        return category, category, ZERO
    adjustments = policy.qms_complexity_adjustments
    if len(table.categories) == 1 and category in adjustments:
        return category, table.categories[0], Decimal(adjustments[category])
    valid = list(table.categories)
    if len(table.categories) == 1:
        valid += [name for name in adjustments if name not in valid]
    raise AuditTimeError(
        f"Complexity {category!r} is not a category of Table {table.name}: use {', '.join(valid)}.",
        field="complexity",
    )


def _manual(manual_days: Any, justification: str, tables: tuple[Table, ...]) -> dict[str, Decimal]:
    """The manual table time per table URN (a mapping names the standards)."""
    if manual_days is None or manual_days == "":
        return {}
    if not " ".join((justification or "").split()):
        raise AuditTimeError("A manual audit time needs its justification.", "manual_justification")
    given: dict[str, Any]
    if isinstance(manual_days, Mapping):
        given = {}
        for key, value in manual_days.items():
            table = next((t for t in tables if _names(t, str(key))), None)
            if table is None:
                raise AuditTimeError(f"Manual days for {key}: not in this audit.", "manual_days")
            given[table.urn or table.name] = value
    elif len(tables) == 1:
        given = {tables[0].urn or tables[0].name: manual_days}
    else:
        raise AuditTimeError(
            "Several standards: give the manual days per standard (iso9001=23).", "manual_days"
        )
    values = {}
    for key, value in given.items():
        number = _count(value, "manual_days", "The manual audit time")
        if number <= 0:
            raise AuditTimeError("The manual audit time must be more than 0 days.", "manual_days")
        values[key] = number
    return values


def _standard(
    table: Table,
    *,
    enp: int,
    complexity: Any,
    factors: tuple[Factor, ...],
    manual: dict[str, Decimal],
    manual_justification: str,
    policy: Policy,
    allow_cap: bool,
    out: Out,
) -> StandardTime:
    category, column, complexity_pct = _column(table, complexity, policy)
    band = table.band_for(enp)
    key = table.urn or table.name
    manual_value = manual.get(key)
    if band.days is None:
        suggested, how = suggestion(table, column, enp)
        last = table.last_value_band
        rule = (
            f"ENP {fmt_enp(enp)} is above {fmt_enp(last.max or 0)}, the last band of Table "
            f"{table.name} (IAF MD 5): the table gives no value (follow the progression)"
        )
        if manual_value is None:
            raise AuditTimeError(
                f"{rule}, so enter the audit time by hand with its justification; a straight "
                f"continuation of the table suggests about {fmt_days(suggested)} days "
                "(unverified).",
                field="manual_days",
            )
        out.line(
            "t_table",
            f"{rule}; the time is set by hand at {fmt_days(manual_value)} days: "
            f"{' '.join(manual_justification.split()).rstrip('.')}.",
        )
        out.warnings.append(
            Note(
                "extrapolation_unverified",
                f"{table.standard}: a straight continuation of Table {table.name} "
                f"({how}) suggests about {fmt_days(suggested)} days; unverified, not an "
                "IAF MD 5 figure.",
            )
        )
        t_table, manual_used = manual_value, True
    else:
        if manual_value is not None:
            raise AuditTimeError(
                f"A manual audit time is only for ENP above the last band of Table "
                f"{table.name}; ENP {fmt_enp(enp)} is in the band {band.label}.",
                field="manual_days",
            )
        out.line(
            "t_table",
            band_line(
                enp=enp,
                band_label=band.label,
                days=band.days[column],
                table_ref=table.ref,
                category=category,
                column=column,
            ),
        )
        band, t_table = table_time(table, column, enp, policy, out)
        manual_used = False
    pcts = [factor.pct for factor in factors]
    if complexity_pct:
        pcts.append(complexity_pct)
        out.line(
            "t_adjusted",
            f"Complexity {category} ({fmt_pct(complexity_pct, signed=True)}): the "
            "certification body's adjustment of the single QMS column.",
        )
        out.warnings.append(
            Note(
                "qms_category_policy",
                f"The {category} adjustment of Table {table.name} is the certification "
                "body's policy; IAF MD 5 gives one QMS column (to be confirmed).",
            )
        )
    net = sum(pcts, ZERO)
    limit = policy.max_reduction_pct
    floor = t_table * (1 - limit / HUNDRED)
    adjusted = t_table * (1 + net / HUNDRED)
    capped = -net > limit
    if capped:
        if not allow_cap:
            raise AuditTimeError(
                f"The factors reduce the time of {table.standard} by {fmt_pct(-net)}, more "
                f"than the {fmt_pct(limit)} IAF MD 5 allows (no less than {fmt_days(floor)} of "
                f"{fmt_days(t_table)} days); remove a decrease or apply the cap.",
                field="factors",
            )
        adjusted = floor
        out.caps.append(
            Note(
                "reduction_30",
                f"{table.standard}: the net reduction of {fmt_pct(-net)} was capped at "
                f"{fmt_pct(limit)}: {fmt_days(floor)} days.",
            )
        )
    out.line(
        "t_adjusted",
        adjustment_line(
            standard=table.standard,
            t_table=t_table,
            pcts=pcts,
            t_adjusted=adjusted,
            limit=limit,
            floor=floor,
            capped=capped,
        ),
    )
    return StandardTime(
        standard=table.standard,
        table=table,
        category=category,
        column=column,
        complexity_pct=complexity_pct,
        band=band,
        t_table=t_table,
        t_adjusted=adjusted,
        manual=manual_used,
    )


def _integrate(
    parts: list[StandardTime], pct: Any, justification: str, policy: Policy, out: Out
) -> Decimal:
    total = sum((part.t_adjusted for part in parts), ZERO)
    reduction = _count(pct or 0, "integration_reduction_pct", "The integration reduction")
    if not reduction:
        return total
    if len(parts) < 2:
        raise AuditTimeError(
            "An integration reduction needs an integrated audit of two or more standards.",
            field="integration_reduction_pct",
        )
    limit = policy.max_integration_reduction_pct
    if reduction > limit:
        raise AuditTimeError(
            f"The integration reduction of {fmt_pct(reduction)} is more than the "
            f"{fmt_pct(limit)} allowed for an integrated audit (IAF MD 11).",
            field="integration_reduction_pct",
        )
    reason = " ".join((justification or "").split()).rstrip(".") or (
        "the management systems are integrated (documentation, reviews, internal audits)"
    )
    result = total * (1 - reduction / HUNDRED)
    out.line(
        "t_adjusted",
        integration_line(
            total=total, pct=reduction, justification=reason, result=result, limit=limit
        ),
    )
    return result


def calculate(
    *,
    tables: Table | Sequence[Table],
    enp: Any = None,
    personnel: Personnel | None = None,
    complexity: str | Mapping[str, str] | None = None,
    factors: Sequence[Factor] = (),
    sites: Any = 1,
    site_enp: Sequence[Any] | None = None,
    site_reduction_pct: Any = 0,
    site_reduction_justification: str = "",
    audit_type: str = "initial",
    integration_reduction_pct: Any = 0,
    integration_justification: str = "",
    manual_days: Any = None,
    manual_justification: str = "",
    off_site_days: Any = None,
    allow_reduction_cap: bool = False,
    policy: Policy | None = None,
) -> Result:
    """The audit time of one organization for one or more standards (see the module
    docstring for the contract). Raises AuditTimeError(message, field) for bad input."""
    policy = policy or Policy()
    chosen = _tables(tables)
    if audit_type not in AUDIT_TYPES:
        raise AuditTimeError(
            f"Unknown audit type {audit_type!r}: use {', '.join(AUDIT_TYPES)}.", "audit_type"
        )
    people, direct = _people(enp, personnel, policy)
    checked = _factors(factors)
    manual = _manual(manual_days, manual_justification, chosen)
    out = Out()
    enp_text = f"Effective number of personnel (ENP): {people.explanation}"
    if people.table_enp != people.value:
        how = "a part of a person counts as a whole"
        if policy.enp_rounding != "up":
            how = "to the nearest person"
        enp_text += f"; counted as {fmt_enp(people.table_enp)} to enter the table ({how})"
    out.line("enp", f"{enp_text}.")
    for factor in checked:
        out.line("factors", factor_line(factor.code, factor.pct, factor.justification))
    parts = [
        _standard(
            table,
            enp=people.table_enp,
            complexity=complexity,
            factors=checked,
            manual=manual,
            manual_justification=manual_justification,
            policy=policy,
            allow_cap=allow_reduction_cap,
            out=out,
        )
        for table in chosen
    ]
    t_table = sum((part.t_table for part in parts), ZERO)
    t_adjusted = _integrate(
        parts, integration_reduction_pct, integration_justification, policy, out
    )
    t_final = round_half_day(t_adjusted)
    if t_final <= 0:
        t_final = HALF
    out.line("t_final", rounding_line(t_adjusted, t_final))
    on_site_min = min(ceil_half_day(t_final * policy.min_on_site_share), t_final)
    off_site_max = t_final - on_site_min
    if off_site_days not in (None, ""):
        planned_off = _count(off_site_days, "off_site_days", "The off-site time")
        if planned_off > off_site_max:
            if not allow_reduction_cap:
                raise AuditTimeError(
                    f"{fmt_days(planned_off)} days off site leaves less than "
                    f"{fmt_pct(policy.min_on_site_share * 100)} of {fmt_days(t_final)} days on "
                    f"site: at most {fmt_days(off_site_max)} days off site.",
                    field="off_site_days",
                )
            out.caps.append(
                Note(
                    "on_site_80",
                    f"Off-site time held at {fmt_days(off_site_max)} days (at least "
                    f"{fmt_pct(policy.min_on_site_share * 100)} on site).",
                )
            )
    out.line(
        "on_site_min",
        on_site_line(t_final, policy.min_on_site_share, on_site_min, off_site_max),
    )
    stage1 = round_half_day(t_final * policy.stage1_share)
    stage1 = min(max(stage1, HALF), t_final - HALF) if t_final > HALF else t_final
    stage2 = t_final - stage1
    out.line(
        "stage1",
        share_line(
            label="Stage 1",
            t_final=t_final,
            share=policy.stage1_share,
            value=stage1,
            tail=f"; Stage 2: {fmt_days(stage2)} days (the rest). The split is the "
            "certification body's policy, not set by IAF MD 5",
        ),
    )
    surveillance, surveillance_note = _with_minimum(
        "surveillance",
        round_half_day(t_final * policy.surveillance_share),
        policy.surveillance_minimum_days,
        out,
    )
    out.line(
        "surveillance",
        share_line(
            label="Surveillance (each year)",
            t_final=t_final,
            share=policy.surveillance_share,
            value=surveillance,
            tail=surveillance_note,
        ),
    )
    recertification, recertification_note = _with_minimum(
        "recertification",
        round_half_day(t_final * policy.recertification_share),
        policy.recertification_minimum_days,
        out,
    )
    out.line(
        "recertification",
        share_line(
            label="Recertification",
            t_final=t_final,
            share=policy.recertification_share,
            value=recertification,
            tail=f"{recertification_note}; recomputed from the organization as it is at "
            "recertification",
        ),
    )
    count, site_times = per_site_times(
        sites=sites,
        site_enp=site_enp,
        parts=parts,
        enp=people,
        complexity=complexity,
        integration_pct=integration_reduction_pct,
        site_reduction_pct=site_reduction_pct,
        site_reduction_justification=site_reduction_justification,
        policy=policy,
        allow_cap=allow_reduction_cap,
        out=out,
    )
    sampling = Sampling(
        sites=count,
        initial=sample_size(count),
        surveillance=sample_size(count, Decimal("0.6")),
        recertification=sample_size(count, Decimal("0.8")),
    )
    out.line(
        "sites_sampled",
        sampling_line(count, sampling.initial, sampling.surveillance, sampling.recertification),
    )
    audit_days = {
        "initial": t_final,
        "surveillance": surveillance,
        "recertification": recertification,
    }[audit_type]
    sample = getattr(sampling, audit_type)
    out.line("audit_days", audit_type_line(audit_type, audit_days, sample, count))
    inputs = {
        "standards": [part.standard for part in parts],
        "tables": [part.table.urn for part in parts],
        "enp": people.value if direct else None,
        "personnel": personnel.as_dict() if personnel is not None else None,
        "complexity": dict(complexity) if isinstance(complexity, Mapping) else complexity,
        "factors": [factor.as_dict() for factor in checked],
        "sites": count,
        "site_enp": [_echo(value) for value in site_enp] if site_enp else None,
        "site_reduction_pct": _echo(site_reduction_pct or 0),
        "site_reduction_justification": site_reduction_justification,
        "audit_type": audit_type,
        "integration_reduction_pct": _echo(integration_reduction_pct or 0),
        "integration_justification": integration_justification,
        "manual_days": dict(manual) or None,
        "manual_justification": manual_justification,
        "off_site_days": _echo(off_site_days),
        "allow_reduction_cap": allow_reduction_cap,
        "policy": policy.as_dict(),
    }
    return Result(
        audit_type=audit_type,
        enp=people.value,
        table_enp=people.table_enp,
        t_table=t_table,
        t_adjusted=t_adjusted,
        t_final=t_final,
        stage1=stage1,
        stage2=stage2,
        on_site_min=on_site_min,
        off_site_max=off_site_max,
        surveillance=surveillance,
        recertification=recertification,
        audit_days=audit_days,
        sites_sampled=sampling,
        standards=tuple(parts),
        sites=site_times,
        factors=checked,
        caps_applied=tuple(out.caps),
        warnings=tuple(out.warnings),
        table_ref="; ".join(part.table.ref for part in parts),
        inputs=inputs,
        lines=tuple(out.lines),
    )


def _with_minimum(
    name: str, value: Decimal, minimum: Decimal | None, out: Out
) -> tuple[Decimal, str]:
    """(days, the words to add to the figure's line)."""
    if minimum is None or value >= minimum:
        return value, ""
    out.caps.append(
        Note(
            f"{name}_minimum",
            f"{name.capitalize()} raised from {fmt_days(value)} to the certification body's "
            f"minimum of {fmt_days(minimum)} days.",
        )
    )
    return minimum, f"; raised from {fmt_days(value)} to the certification body's minimum"
