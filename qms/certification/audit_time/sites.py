"""Multi-site audits (IAF MD 1): the number of sites and, when each site's ENP is given,
each site's own time, never below its share (50 %) of its own table time."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from .arithmetic import ceil_half_day, round_half_day
from .bands import table_time
from .errors import AuditTimeError
from .explain import Note, Out, fmt_days, fmt_enp, fmt_pct, site_line
from .inputs import CENT, HUNDRED, ONE, ZERO, Enp, Policy, _count, _whole
from .result import SiteTime, StandardTime


def site_times(
    *,
    sites: Any,
    site_enp: Sequence[Any] | None,
    parts: list[StandardTime],
    enp: Enp,
    complexity: Any,
    integration_pct: Any,
    site_reduction_pct: Any,
    site_reduction_justification: str,
    policy: Policy,
    allow_cap: bool,
    out: Out,
) -> tuple[int, tuple[SiteTime, ...]]:
    """The number of sites, and each site's own time when its ENP is given (IAF MD 1)."""
    count = _count(sites if sites not in (None, "") else 1, "sites", "The number of sites")
    if count != count.to_integral_value() or count < 1:
        raise AuditTimeError("The number of sites must be a whole number, at least 1.", "sites")
    number = int(count)
    reduction = _count(site_reduction_pct or 0, "site_reduction_pct", "The site reduction")
    if not site_enp:
        if reduction:
            raise AuditTimeError(
                "A site reduction needs each site's ENP (site ENP).", "site_reduction_pct"
            )
        return number, ()
    values = [_count(value, "site_enp", "A site's ENP") for value in site_enp]
    if number == 1 and len(values) > 1:
        number = len(values)
    if len(values) != number:
        raise AuditTimeError(
            f"Give one ENP per site: {len(values)} for {number} sites.", field="site_enp"
        )
    if reduction and not " ".join((site_reduction_justification or "").split()):
        raise AuditTimeError(
            "A multi-site reduction needs its justification.", "site_reduction_justification"
        )
    if reduction >= HUNDRED:
        raise AuditTimeError("The site reduction must be less than 100 %.", "site_reduction_pct")
    total = sum(values, ZERO)
    if total != enp.value:
        out.warnings.append(
            Note(
                "site_enp_sum",
                f"The sites' ENP add up to {fmt_enp(total)}, not the organization's "
                f"{fmt_enp(enp.value)}.",
            )
        )
    integration = _count(integration_pct or 0, "integration_reduction_pct", "The integration")
    keep = (1 - integration / HUNDRED) * (1 - reduction / HUNDRED)
    share = policy.min_site_share
    result = []
    for index, value in enumerate(values, start=1):
        whole = _whole(value, policy.enp_rounding)
        if whole < 1:
            raise AuditTimeError(f"Site {index}: the ENP must be at least 1.", "site_enp")
        t_table = ZERO
        adjusted = ZERO
        for part in parts:
            band = part.table.band_for(whole)
            if band.days is None:
                raise AuditTimeError(
                    f"Site {index}: ENP {fmt_enp(whole)} is above Table {part.table.name}; "
                    "plan this site's time by hand.",
                    field="site_enp",
                )
            _band, site_table = table_time(part.table, part.column, whole, policy, None)
            ratio = part.t_adjusted / part.t_table if part.t_table else ONE
            t_table += site_table
            adjusted += site_table * ratio
        adjusted *= keep
        minimum = t_table * share
        capped = adjusted < minimum
        if capped:
            if not allow_cap:
                raise AuditTimeError(
                    f"Site {index} (ENP {fmt_enp(whole)}): the reductions bring its time to "
                    f"{fmt_days(adjusted.quantize(CENT))} days, below {fmt_pct(share * 100)} "
                    f"of its own table time ({fmt_days(t_table)} days; IAF MD 1).",
                    field="site_reduction_pct",
                )
            out.caps.append(
                Note(
                    "site_50",
                    f"Site {index}: held at {fmt_pct(share * 100)} of its table time, "
                    f"{fmt_days(minimum)} days.",
                )
            )
            adjusted = minimum
        planned = max(round_half_day(adjusted), ceil_half_day(minimum))
        site = SiteTime(index, whole, t_table, adjusted, minimum, planned, capped)
        out.line("sites", site_text(site, share))
        result.append(site)
    if reduction:
        out.line(
            "sites",
            f"Multi-site reduction of {fmt_pct(reduction)} at each site: "
            f"{' '.join(site_reduction_justification.split()).rstrip('.')}.",
        )
    return number, tuple(result)


def site_text(site: SiteTime, share: Decimal) -> str:
    return site_line(
        number=site.number,
        enp=site.enp,
        t_table=site.t_table,
        t_adjusted=site.t_adjusted.quantize(CENT),
        minimum=site.t_minimum,
        planned=site.t_planned,
        share=share,
        capped=site.capped,
    )
