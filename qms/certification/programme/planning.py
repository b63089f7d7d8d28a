"""How a stored programme is read by the date rules (pure: no database access).

The rules (`rules.py`) know one cycle: its decision date D0, the audits planned in it and,
for a recertification cycle, the previous expiry. A stored programme needs three choices to
be put in those terms, made here once for the services, the pages and the API:

- the cycle's anchor (`cycle_anchor`): D0 and the previous expiry the rules compute with. An
  initial or recertification cycle is anchored on its recorded decision; a transferred
  cycle continues the issuing body's schedule (domain spec §3.9), so it is anchored on the
  decision date that cycle must have had to expire on the transferred certificate's expiry;
- the audits the decision rests on (`is_opening`): Stage 1 and Stage 2 of an initial cycle,
  the recertification audit (and its optional Stage 1) of a recertification cycle. The rules
  check Stage 1 and 2 of an initial cycle themselves; a recertification cycle's opening audit
  belongs to the previous cycle in the rules' view (it is checked against the previous
  expiry by `opening_recertification_violations`);
- the date of each audit (`planned_audits`): its first day once planned, otherwise the end of
  its due window, which `proposed_audits` guarantees breaks no rule, so planning one audit is
  not refused for another that is simply not dated yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qms.core.dates import add_months

from ..choices import AuditKind, CertAuditStatus, ProgrammeKind
from . import rules

ONE_DAY = dt.timedelta(days=1)
OPEN_STATES = (CertAuditStatus.PLANNED, CertAuditStatus.CONFIRMED)
STAGES = (AuditKind.STAGE1, AuditKind.STAGE2)
# The rules a recertification cycle's opening audit is held to (against the previous expiry).
OPENING_RECERTIFICATION_RULES = frozenset(
    {"recertification_before_expiry", "recertification_lead_time"}
)
# The rules Stage 1 and Stage 2 are held to before the decision is known.
BEFORE_DECISION_RULES = frozenset({"stage1_before_stage2"})


@dataclass(frozen=True)
class Anchor:
    """What the rules compute a stored programme's cycle from."""

    decision_date: dt.date
    previous_expiry: dt.date | None


@dataclass(frozen=True)
class AuditFacts:
    """The facts of one stored audit the rules need."""

    pk: int | None
    kind: str
    status: str
    start_date: dt.date | None
    due_by: dt.date | None
    override_justification: str = ""


def issuing_cycle_decision(previous_expiry: dt.date, policy: rules.ProgrammePolicy) -> dt.date:
    """The decision date of the cycle that expires on `previous_expiry` under `policy`
    (expiry = D0 + cycle - `expiry_days_less` days, solved for D0)."""
    return add_months(
        previous_expiry + dt.timedelta(days=policy.expiry_days_less), -policy.cycle_months
    )


def cycle_anchor(
    *,
    kind: str,
    decision_date: dt.date | None,
    previous_expiry: dt.date | None,
    policy: rules.ProgrammePolicy,
) -> Anchor | None:
    """The anchor of a programme's cycle, None while it has none (no decision yet)."""
    if kind == ProgrammeKind.TRANSFER:
        if previous_expiry is None:
            return None
        return Anchor(issuing_cycle_decision(previous_expiry, policy), None)
    if decision_date is None:
        return None
    return Anchor(decision_date, previous_expiry if kind == ProgrammeKind.RECERTIFICATION else None)


def cycle_dates_of(
    *,
    kind: str,
    decision_date: dt.date | None,
    previous_expiry: dt.date | None,
    policy: rules.ProgrammePolicy,
) -> rules.CycleDates | None:
    """The due dates of the programme's cycle (None before the decision of a cycle that is
    not a transfer)."""
    anchor = cycle_anchor(
        kind=kind, decision_date=decision_date, previous_expiry=previous_expiry, policy=policy
    )
    if anchor is None:
        return None
    return rules.cycle_dates(
        decision_date=anchor.decision_date, policy=policy, previous_expiry=anchor.previous_expiry
    )


def is_opening(
    *, programme_kind: str, audit_kind: str, due_by: dt.date | None, previous_expiry: dt.date | None
) -> bool:
    """Whether the audit is one the cycle's decision rests on (see the module docstring)."""
    if audit_kind in STAGES:
        return programme_kind != ProgrammeKind.TRANSFER
    return (
        programme_kind == ProgrammeKind.RECERTIFICATION
        and audit_kind == AuditKind.RECERTIFICATION
        and previous_expiry is not None
        and (due_by is None or due_by <= previous_expiry)
    )


def opening_recertification_window(
    previous_expiry: dt.date, policy: rules.ProgrammePolicy
) -> rules.DateWindow:
    """Due window of a recertification cycle's opening audit: from the body's tolerance
    before the recommended start to the recommended start (expiry - lead months), and never
    later than the day before the previous expiry."""
    lead = policy.recertification_lead_months
    end = min(add_months(previous_expiry, -lead), previous_expiry - ONE_DAY)
    start = min(add_months(previous_expiry, -(lead + policy.surveillance_tolerance_months)), end)
    return rules.DateWindow(start, end)


def audit_date(audit: AuditFacts) -> dt.date | None:
    """The day the rules read for the audit: its first day, else the end of its window."""
    return audit.start_date or audit.due_by


def planned_audits(
    audits: Iterable[AuditFacts], *, programme_kind: str, previous_expiry: dt.date | None
) -> list[rules.PlannedAudit]:
    """The programme's audits as the rules check a cycle: cancelled and special audits left
    out, a recertification cycle's opening audits left out, undated ones at their due-by."""
    planned = []
    for audit in audits:
        if audit.status == CertAuditStatus.CANCELLED or audit.kind == AuditKind.SPECIAL:
            continue
        if programme_kind == ProgrammeKind.RECERTIFICATION and is_opening(
            programme_kind=programme_kind,
            audit_kind=audit.kind,
            due_by=audit.due_by,
            previous_expiry=previous_expiry,
        ):
            continue
        day = audit_date(audit)
        if day is None:
            continue
        planned.append(
            rules.PlannedAudit(
                kind=audit.kind, date=day, override_justification=audit.override_justification
            )
        )
    return planned


def cycle_violations(
    audits: Sequence[AuditFacts],
    *,
    programme_kind: str,
    anchor: Anchor,
    policy: rules.ProgrammePolicy,
) -> list[rules.Violation]:
    """Every rule the programme's audits break in its cycle."""
    return rules.check_programme(
        decision_date=anchor.decision_date,
        audits=planned_audits(
            audits, programme_kind=programme_kind, previous_expiry=anchor.previous_expiry
        ),
        policy=policy,
        previous_expiry=anchor.previous_expiry,
    )


def stage_violations(
    audits: Sequence[AuditFacts], *, policy: rules.ProgrammePolicy
) -> list[rules.Violation]:
    """Before the decision: the order of Stage 1 and Stage 2 (the only rule that can be
    judged without D0), computed by the rules with a provisional D0 on the last of them."""
    planned = [
        rules.PlannedAudit(kind=audit.kind, date=day)
        for audit in audits
        if audit.kind in STAGES
        and audit.status != CertAuditStatus.CANCELLED
        and (day := audit.start_date) is not None
    ]
    if not planned:
        return []
    provisional = max(audit.date for audit in planned)
    found = rules.check_programme(decision_date=provisional, audits=planned, policy=policy)
    return [violation for violation in found if violation.rule in BEFORE_DECISION_RULES]


def opening_recertification_violations(
    audit: AuditFacts, *, previous_expiry: dt.date, policy: rules.ProgrammePolicy
) -> list[rules.Violation]:
    """A recertification cycle's opening audit against the expiring certificate: the
    recertification decision before it expires (hard) and the recommended lead time (soft)."""
    day = audit.start_date
    if day is None:
        return []
    found = rules.check_programme(
        decision_date=issuing_cycle_decision(previous_expiry, policy),
        audits=[
            rules.PlannedAudit(
                kind=AuditKind.RECERTIFICATION,
                date=day,
                override_justification=audit.override_justification,
            )
        ],
        policy=policy,
    )
    return [violation for violation in found if violation.rule in OPENING_RECERTIFICATION_RULES]


def concerns(violation: rules.Violation, audit: AuditFacts) -> bool:
    """Whether a violation is about this audit (its kind and day)."""
    return violation.kind == audit.kind and violation.audit_date == audit_date(audit)
