"""The Stage 1 readiness report, computed from live records (domain-spec §3.2).

For every adopted edition, clause by clause (the leaf requirement clauses; not-applicable
ones shown as excluded with their justification): the evidence linked (standards'
`clause_tree`, which also brings evidence linked to the harmonized-structure equivalent in
another adopted standard), whether each linked record is in force (`states`), the date a
completed internal audit last covered the clause, and the clause's state:

- none: no evidence linked;
- draft: evidence linked, but none of it in force yet;
- effective: at least one linked record in force;
- reviewed: a directly linked record in force whose link has been reviewed.

The percentage is the share of applicable leaf requirement clauses that are effective or
reviewed. The number of queries does not depend on the number of records (a few per
edition, one per kind of linked record, one per gap check).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from qms.core.dates import add_months
from qms.internal_audits.selectors import clause_coverage
from qms.standards.models import Clause, StandardEdition
from qms.standards.selectors import adopted_edition_ids, clause_tree

from ..choices import READY_STATES, SEVERITY_ORDER, ClauseState, GapSeverity
from .states import EFFECTIVE, record_states

STATE_ORDER = (
    ClauseState.REVIEWED,
    ClauseState.EFFECTIVE,
    ClauseState.DRAFT,
    ClauseState.NONE,
)


@dataclass
class EvidenceRef:
    title: str
    url: str | None
    state: str
    reviewed: bool
    via: str | None = None  # "ISO 14001 §7.5" when linked to an equivalent clause

    @property
    def state_label(self) -> str:
        return str(ClauseState(self.state).label)


@dataclass
class ClauseLine:
    clause: Clause
    state: str
    evidence: list[EvidenceRef] = field(default_factory=list)
    justification: str = ""
    audited_on: date | None = None
    gaps: list[str] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return str(ClauseState(self.state).label)

    @property
    def excluded(self) -> bool:
        return self.state == ClauseState.EXCLUDED

    @property
    def ready(self) -> bool:
        return self.state in READY_STATES


@dataclass
class ClauseGroup:
    clause: Clause
    lines: list[ClauseLine]

    @property
    def counts(self) -> dict[str, int]:
        counter = Counter(line.state for line in self.lines)
        return {str(state): counter.get(state, 0) for state in ClauseState.values}


@dataclass
class EditionReport:
    edition: StandardEdition
    groups: list[ClauseGroup]

    @property
    def lines(self) -> list[ClauseLine]:
        return [line for group in self.groups for line in group.lines]

    @property
    def applicable(self) -> int:
        return sum(1 for line in self.lines if not line.excluded)

    @property
    def ready(self) -> int:
        return sum(1 for line in self.lines if line.ready)

    @property
    def percentage(self) -> float:
        return _percent(self.ready, self.applicable)


@dataclass
class Gap:
    """Something a Stage 1 auditor would raise, in plain words, with where to fix it."""

    key: str
    severity: str
    message: str
    clause: Clause | None = None
    url: str | None = None
    link_label: str = ""
    items: list[tuple[str, str | None]] = field(default_factory=list)

    @property
    def severity_label(self) -> str:
        return str(GapSeverity(self.severity).label)

    @property
    def clause_reference(self) -> str:
        return self.clause.reference if self.clause is not None else ""


@dataclass
class ReadinessReport:
    organization: Any
    today: date
    editions: list[EditionReport]
    gaps: list[Gap]
    audit_since: date
    review_since: date

    @property
    def applicable(self) -> int:
        return sum(report.applicable for report in self.editions)

    @property
    def ready(self) -> int:
        return sum(report.ready for report in self.editions)

    @property
    def excluded(self) -> int:
        return sum(1 for line in self.lines if line.excluded)

    @property
    def percentage(self) -> float:
        return _percent(self.ready, self.applicable)

    @property
    def lines(self) -> list[ClauseLine]:
        return [line for report in self.editions for line in report.lines]

    @property
    def counts(self) -> dict[str, int]:
        counter = Counter(line.state for line in self.lines)
        return {str(state): counter.get(state, 0) for state in ClauseState.values}

    @property
    def lacking(self) -> list[ClauseLine]:
        """Applicable clauses without evidence in force (none or draft only)."""
        return [line for line in self.lines if not line.excluded and not line.ready]

    @property
    def blocking(self) -> list[Gap]:
        return [gap for gap in self.gaps if gap.severity == GapSeverity.BLOCKING]

    @property
    def to_fix(self) -> list[Gap]:
        """Every gap, then every clause lacking evidence, most serious first."""
        clause_gaps = [
            Gap(
                key="evidence",
                severity=GapSeverity.EVIDENCE,
                message=_clause_message(line),
                clause=line.clause,
                url=line.clause.get_absolute_url(),
                link_label=str(_("Link evidence")),
            )
            for line in self.lacking
        ]
        return self.gaps + clause_gaps


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _clause_message(line: ClauseLine) -> str:
    if line.state == ClauseState.DRAFT:
        return _("%(clause)s: the only evidence is not in force yet (draft).") % {
            "clause": str(line.clause)
        }
    return _("%(clause)s: no evidence linked.") % {"clause": str(line.clause)}


def _audit_coverage(*, organization: Any, since: date) -> dict[int, date]:
    """{clause pk: last completed-audit date} from the internal audits module."""
    return dict(clause_coverage(organization=organization, since=since))


def readiness_report(*, organization: Any, today: date) -> ReadinessReport:
    """The Stage 1 readiness report of `organization` as of `today` (see the module doc)."""
    from .gaps import find_gaps

    audit_since = add_months(today, -int(settings.READINESS_AUDIT_CYCLE_MONTHS))
    review_since = add_months(today, -int(settings.READINESS_REVIEW_MONTHS))
    editions = list(
        StandardEdition.objects.filter(pk__in=adopted_edition_ids(organization=organization))
        .select_related("standard")
        .order_by("standard__code", "edition")
    )
    coverage = _audit_coverage(organization=organization, since=audit_since)
    trees = [
        (edition, clause_tree(organization=organization, edition=edition)) for edition in editions
    ]
    subjects = [
        (row_item.evidence.content_type_id, row_item.evidence.object_id)
        for _edition, groups in trees
        for group in groups
        for row in group.rows
        for row_item in row.evidence
    ]
    states = record_states(organization, subjects)
    reports = [
        _build_edition(edition, groups, states, coverage, audit_since) for edition, groups in trees
    ]
    report = ReadinessReport(organization, today, reports, [], audit_since, review_since)
    report.gaps = sorted(
        find_gaps(report), key=lambda gap: SEVERITY_ORDER[GapSeverity(gap.severity)]
    )
    return report


def _build_edition(
    edition: StandardEdition,
    groups: list[Any],
    states: dict[tuple[int, int], str],
    coverage: dict[int, date],
    audit_since: date,
) -> EditionReport:
    parent_of: dict[int, int | None] = {
        row.clause.pk: row.clause.parent_id for group in groups for row in group.rows
    }
    result: list[ClauseGroup] = []
    for group in groups:
        lines = []
        for row in group.rows:
            clause = row.clause
            if not row.is_leaf or not clause.is_requirement:
                continue
            lines.append(
                _line(row, states, _covered_on(clause.pk, parent_of, coverage), audit_since)
            )
        if lines:
            result.append(ClauseGroup(group.clause, lines))
    return EditionReport(edition, result)


def _covered_on(
    pk: int, parent_of: dict[int, int | None], coverage: dict[int, date]
) -> date | None:
    """The latest audit of the clause or of a clause above it (auditing 7.5 covers 7.5.x)."""
    dates = []
    current: int | None = pk
    while current is not None:
        if current in coverage:
            dates.append(coverage[current])
        current = parent_of.get(current)
    return max(dates) if dates else None


def _line(
    row: Any, states: dict[tuple[int, int], str], audited_on: date | None, audit_since: date
) -> ClauseLine:
    if row.status == "not_applicable":
        return ClauseLine(row.clause, ClauseState.EXCLUDED, justification=row.justification)
    evidence = []
    for item in row.evidence:
        link = item.evidence
        state = states.get((link.content_type_id, link.object_id), EFFECTIVE)
        evidence.append(
            EvidenceRef(item.title, item.url, state, link.reviewed_at is not None, item.via)
        )
    if any(ref.state == EFFECTIVE and ref.reviewed and ref.via is None for ref in evidence):
        state = ClauseState.REVIEWED
    elif any(ref.state == EFFECTIVE for ref in evidence):
        state = ClauseState.EFFECTIVE
    elif evidence:
        state = ClauseState.DRAFT
    else:
        state = ClauseState.NONE
    line = ClauseLine(row.clause, state, evidence, audited_on=audited_on)
    if state == ClauseState.NONE:
        line.gaps.append(_("No evidence linked"))
    elif state == ClauseState.DRAFT:
        line.gaps.append(_("Evidence not in force yet"))
    if audited_on is None:
        line.gaps.append(
            _("Not covered by a completed internal audit since %(date)s")
            % {"date": audit_since.isoformat()}
        )
    return line
