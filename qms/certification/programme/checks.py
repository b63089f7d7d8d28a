"""Checking a planned programme against the rules of the cycle (domain spec §3.3, §3.6,
§3.7, §8): hard rules block, soft rules need a justification. Pure: no database access.
Public through rules.py (the contract is documented there)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from django.utils.translation import gettext as _

from qms.core.dates import add_months

from ..choices import AuditKind
from .cycle import CycleDates, ProgrammeRuleError, cycle_dates, within_calendar
from .policy import ProgrammePolicy

Severity = Literal["hard", "soft"]
HARD: Severity = "hard"
SOFT: Severity = "soft"

KINDS = frozenset(AuditKind.values)
SURVEILLANCES = (AuditKind.SURVEILLANCE_1, AuditKind.SURVEILLANCE_2)
# The audits of the certified part of the cycle, in the order they must follow.
CYCLE_ORDER = (AuditKind.SURVEILLANCE_1, AuditKind.SURVEILLANCE_2, AuditKind.RECERTIFICATION)
CLAUSE_SURVEILLANCE = "ISO/IEC 17021-1 §9.1.3.2"
CLAUSE_RECERTIFICATION = "ISO/IEC 17021-1 §9.6.3"


@dataclass(frozen=True)
class PlannedAudit:
    """A planned audit: its kind (`AuditKind`), its (first) day, and the justification given
    for planning it outside a soft rule."""

    kind: str
    date: dt.date
    override_justification: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(
                _("Unknown audit kind %(kind)r (expected one of %(kinds)s).")
                % {"kind": self.kind, "kinds": ", ".join(AuditKind.values)}
            )
        if not isinstance(self.date, dt.date):
            raise ValueError(
                _("An audit date must be a date (got %(value)r).") % {"value": self.date}
            )

    @property
    def label(self) -> str:
        return str(AuditKind(self.kind).label)


@dataclass(frozen=True)
class Violation:
    """A broken programme rule.

    `rule` is a stable code (see `RULES`); `severity` "hard" (blocks) or "soft" (needs a
    justification); `kind` the audit kind concerned ("" for a rule about the whole cycle, such
    as a calendar year without surveillance, then `year` is set); `message` names the rule in
    words with the dates; `accepted` is True for a soft violation whose audit carries an
    override justification (`justification`)."""

    rule: str
    severity: Severity
    kind: str
    message: str
    audit_date: dt.date | None = None
    year: int | None = None
    accepted: bool = False
    justification: str = ""

    @property
    def blocking(self) -> bool:
        """Hard, or soft without a justification."""
        return self.severity == HARD or not self.accepted

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "kind": self.kind,
            "message": self.message,
            "audit_date": self.audit_date.isoformat() if self.audit_date else None,
            "year": self.year,
            "accepted": self.accepted,
            "justification": self.justification,
        }


# Stable rule codes and their severity.
RULES: dict[str, Severity] = {
    "first_surveillance_12_months": HARD,
    "surveillance_every_calendar_year": HARD,
    "audit_before_decision": HARD,
    "audit_after_expiry": HARD,
    "recertification_before_expiry": HARD,
    "audit_order": HARD,
    "one_audit_per_kind": HARD,
    "stage1_before_stage2": HARD,
    "stage2_before_decision": HARD,
    "major_nc_verification_6_months": HARD,
    "surveillance_tolerance_window": SOFT,
    "recertification_lead_time": SOFT,
    "suspension_max_months": SOFT,
}


def _violation(
    rule: str, message: str, audit: PlannedAudit | None = None, *, year: int | None = None
) -> Violation:
    severity = RULES[rule]
    justification = audit.override_justification.strip() if audit else ""
    return Violation(
        rule=rule,
        severity=severity,
        kind=audit.kind if audit else "",
        message=message,
        audit_date=audit.date if audit else None,
        year=year,
        accepted=severity == SOFT and bool(justification),
        justification=justification if severity == SOFT else "",
    )


def _decision_words(dates: CycleDates) -> str:
    if dates.is_recertification:
        return _("recertification decision")
    return _("certification decision")


def _check_surveillance_dates(
    dates: CycleDates, audits: Sequence[PlannedAudit], policy: ProgrammePolicy
) -> Iterable[Violation]:
    surveillances = sorted(
        (audit for audit in audits if audit.kind in SURVEILLANCES), key=lambda a: a.date
    )
    # The first surveillance: surveillance 1, or the earliest surveillance when there is none.
    firsts = [a for a in surveillances if a.kind == AuditKind.SURVEILLANCE_1] or surveillances[:1]
    for first in firsts:
        if first.date <= dates.surveillance_1_due_by:
            continue
        yield _violation(
            "first_surveillance_12_months",
            _(
                "%(audit)s on %(date)s is more than %(months)s months after the %(decision)s "
                "of %(d0)s (first surveillance due by %(due)s; %(clause)s)."
            )
            % {
                "audit": first.label,
                "date": first.date.isoformat(),
                "months": policy.first_surveillance_months,
                "decision": _decision_words(dates),
                "d0": dates.decision_date.isoformat(),
                "due": dates.surveillance_1_due_by.isoformat(),
                "clause": CLAUSE_SURVEILLANCE,
            },
            first,
        )
    for audit in audits:
        if audit.kind not in CYCLE_ORDER:
            continue
        if audit.date <= dates.decision_date:
            yield _violation(
                "audit_before_decision",
                _(
                    "%(audit)s on %(date)s is not after the %(decision)s of %(d0)s: the "
                    "surveillance and recertification audits of a cycle follow its decision."
                )
                % {
                    "audit": audit.label,
                    "date": audit.date.isoformat(),
                    "decision": _decision_words(dates),
                    "d0": dates.decision_date.isoformat(),
                },
                audit,
            )
        elif audit.kind in SURVEILLANCES and audit.date > dates.expiry:
            yield _violation(
                "audit_after_expiry",
                _(
                    "%(audit)s on %(date)s is after the certificate expires on %(expiry)s: "
                    "surveillance audits fall within the cycle."
                )
                % {
                    "audit": audit.label,
                    "date": audit.date.isoformat(),
                    "expiry": dates.expiry.isoformat(),
                },
                audit,
            )
        elif audit.kind in SURVEILLANCES:
            yield from _check_tolerance(dates, audit, policy)


def _check_tolerance(
    dates: CycleDates, audit: PlannedAudit, policy: ProgrammePolicy
) -> Iterable[Violation]:
    if audit.kind == AuditKind.SURVEILLANCE_1:
        window, months = dates.surveillance_1_window, policy.first_surveillance_months
        if audit.date > window.end:
            return  # later than the due date: the hard 12-month rule speaks
    else:
        window, months = dates.surveillance_2_window, policy.second_surveillance_months
    if audit.date in window:
        return
    yield _violation(
        "surveillance_tolerance_window",
        _(
            "%(audit)s on %(date)s is outside the certification body's window of %(start)s to "
            "%(end)s (%(months)s months after the decision, %(tolerance)s months' "
            "tolerance): planning it there needs a justification."
        )
        % {
            "audit": audit.label,
            "date": audit.date.isoformat(),
            "start": window.start.isoformat(),
            "end": window.end.isoformat(),
            "months": months,
            "tolerance": policy.surveillance_tolerance_months,
        },
        audit,
    )


def _check_recertification(
    dates: CycleDates, audits: Sequence[PlannedAudit], policy: ProgrammePolicy
) -> Iterable[Violation]:
    for audit in audits:
        if audit.kind != AuditKind.RECERTIFICATION or audit.date <= dates.decision_date:
            continue
        values = {
            "date": audit.date.isoformat(),
            "expiry": dates.expiry.isoformat(),
            "decision_by": dates.recertification_decision_by.isoformat(),
            "start_by": dates.recertification_audit_start_by.isoformat(),
            "months": policy.recertification_lead_months,
            "clause": CLAUSE_RECERTIFICATION,
        }
        if audit.date > dates.recertification_decision_by:
            yield _violation(
                "recertification_before_expiry",
                _(
                    "The recertification audit on %(date)s is too late: the recertification "
                    "decision must be taken before the certificate expires on %(expiry)s, "
                    "that is by %(decision_by)s (%(clause)s)."
                )
                % values,
                audit,
            )
        elif audit.date > dates.recertification_audit_start_by:
            yield _violation(
                "recertification_lead_time",
                _(
                    "The recertification audit on %(date)s starts less than %(months)s months "
                    "before the expiry on %(expiry)s (recommended start by %(start_by)s, to "
                    "leave time to close major nonconformities): planning it there needs a "
                    "justification."
                )
                % values,
                audit,
            )


def _check_calendar_years(dates: CycleDates, audits: Sequence[PlannedAudit]) -> Iterable[Violation]:
    recertifications = [a.date for a in audits if a.kind == AuditKind.RECERTIFICATION]
    recertification_year = min([dates.recertification_year, *(d.year for d in recertifications)])
    covered = {audit.date.year for audit in audits if audit.kind in SURVEILLANCES}
    for year in range(dates.decision_date.year + 1, recertification_year):
        if year in covered:
            continue
        yield _violation(
            "surveillance_every_calendar_year",
            _(
                "No surveillance in calendar year %(year)s: a surveillance audit is required "
                "in every calendar year of the cycle except the recertification year "
                "(here %(recert)s; %(clause)s)."
            )
            % {"year": year, "recert": recertification_year, "clause": CLAUSE_SURVEILLANCE},
            year=year,
        )


def _check_order(audits: Sequence[PlannedAudit]) -> Iterable[Violation]:
    by_kind: dict[str, list[PlannedAudit]] = {}
    for audit in audits:
        by_kind.setdefault(audit.kind, []).append(audit)
    for kind in CYCLE_ORDER:
        same = sorted(by_kind.get(kind, []), key=lambda a: a.date)
        if len(same) > 1:
            yield _violation(
                "one_audit_per_kind",
                _("There are %(count)s %(audit)s audits (on %(dates)s): a cycle has one.")
                % {
                    "count": len(same),
                    "audit": same[0].label,
                    "dates": ", ".join(a.date.isoformat() for a in same),
                },
                same[-1],
            )
    planned = [(kind, by_kind[kind]) for kind in CYCLE_ORDER if kind in by_kind]
    for (_kind, earlier), (_later_kind, later) in itertools.pairwise(planned):
        last = max(earlier, key=lambda a: a.date)
        first = min(later, key=lambda a: a.date)
        if first.date <= last.date:
            yield _violation(
                "audit_order",
                _(
                    "%(later)s on %(later_date)s is not after %(earlier)s on %(earlier_date)s: "
                    "the audits of a cycle follow in order (surveillance 1, surveillance 2, "
                    "recertification)."
                )
                % {
                    "later": first.label,
                    "later_date": first.date.isoformat(),
                    "earlier": last.label,
                    "earlier_date": last.date.isoformat(),
                },
                first,
            )
    stage1 = sorted(by_kind.get(AuditKind.STAGE1, []), key=lambda a: a.date)
    stage2 = sorted(by_kind.get(AuditKind.STAGE2, []), key=lambda a: a.date)
    if stage1 and stage2 and stage2[0].date < stage1[0].date:
        yield _violation(
            "stage1_before_stage2",
            _("Stage 2 on %(stage2)s is before Stage 1 on %(stage1)s: Stage 1 comes first.")
            % {"stage2": stage2[0].date.isoformat(), "stage1": stage1[0].date.isoformat()},
            stage2[0],
        )


def _check_stage2(dates: CycleDates, audits: Sequence[PlannedAudit]) -> Iterable[Violation]:
    if dates.is_recertification:
        return
    for audit in audits:
        if audit.kind == AuditKind.STAGE2 and audit.date > dates.decision_date:
            yield _violation(
                "stage2_before_decision",
                _(
                    "Stage 2 on %(date)s is after the certification decision of %(d0)s: the "
                    "initial certification decision rests on the Stage 2 audit."
                )
                % {"date": audit.date.isoformat(), "d0": dates.decision_date.isoformat()},
                audit,
            )


def _sort_key(violation: Violation) -> tuple[dt.date, int, str]:
    day = violation.audit_date or dt.date(violation.year or dt.MINYEAR, 12, 31)
    return (day, 0 if violation.severity == HARD else 1, violation.rule)


@within_calendar
def check_programme(
    *,
    decision_date: dt.date,
    audits: Sequence[PlannedAudit],
    policy: ProgrammePolicy,
    previous_expiry: dt.date | None = None,
) -> list[Violation]:
    """Every rule the planned `audits` of the cycle decided on `decision_date` break, in date
    order (an empty list: the programme is valid).

    Hard (`RULES`): first_surveillance_12_months (the earliest surveillance later than D0 + 12
    months), surveillance_every_calendar_year (see `cycle_dates.surveillance_years`; a planned
    recertification audit in an earlier year makes that year the recertification year),
    audit_before_decision (a surveillance or recertification on or before D0),
    audit_after_expiry (a surveillance after expiry), recertification_before_expiry (the
    recertification audit later than `recertification_decision_by`), audit_order
    (surveillance 1 < surveillance 2 < recertification), one_audit_per_kind (one surveillance
    1, 2 and recertification each), stage1_before_stage2, stage2_before_decision (initial
    cycle only). Soft: surveillance_tolerance_window, recertification_lead_time. Special
    audits have no date rule; a missing audit is reported only through the calendar-year rule.
    Raises `ProgrammeRuleError` when the cycle itself is refused (see `cycle_dates`).
    """
    dates = cycle_dates(decision_date=decision_date, policy=policy, previous_expiry=previous_expiry)
    violations = [
        *_check_surveillance_dates(dates, audits, policy),
        *_check_recertification(dates, audits, policy),
        *_check_calendar_years(dates, audits),
        *_check_order(audits),
        *_check_stage2(dates, audits),
    ]
    return sorted(violations, key=_sort_key)


def hard_violations(violations: Iterable[Violation]) -> list[Violation]:
    """The hard ones."""
    return [violation for violation in violations if violation.severity == HARD]


def blocking_violations(violations: Iterable[Violation]) -> list[Violation]:
    """The ones that refuse the programme: hard, and soft without a justification."""
    return [violation for violation in violations if violation.blocking]


def raise_if_blocking(violations: Iterable[Violation]) -> list[Violation]:
    """Raise `ProgrammeRuleError` (messages joined) if any violation blocks; otherwise return
    the accepted soft ones."""
    violations = list(violations)
    blocking = blocking_violations(violations)
    if blocking:
        raise ProgrammeRuleError(" ".join(v.message for v in blocking), blocking)
    return violations


def enforce_programme(
    *,
    decision_date: dt.date,
    audits: Sequence[PlannedAudit],
    policy: ProgrammePolicy,
    previous_expiry: dt.date | None = None,
) -> list[Violation]:
    """`check_programme` for a service: raises `ProgrammeRuleError` with every blocking
    message, or returns the accepted soft violations (to record with the programme)."""
    return raise_if_blocking(
        check_programme(
            decision_date=decision_date,
            audits=audits,
            policy=policy,
            previous_expiry=previous_expiry,
        )
    )


# --- Majors from the initial audit (§3.3) and suspension (§3.6) ------------------------


def major_nc_verification_deadline(stage2_last_day: dt.date, policy: ProgrammePolicy) -> dt.date:
    """Last day to verify the corrections and corrective actions of majors found at the
    initial audit: last day of Stage 2 + `major_verification_months` (inclusive)."""
    return add_months(stage2_last_day, policy.major_verification_months)


def stage2_repeat_required(
    stage2_last_day: dt.date,
    verified_on: dt.date | None,
    today: dt.date,
    policy: ProgrammePolicy,
) -> bool:
    """Whether Stage 2 must be repeated: the majors were verified after the deadline, or are
    still unverified (`verified_on` None) and the deadline has passed by `today`."""
    if verified_on is not None and verified_on < stage2_last_day:
        raise ValueError(
            _("The verification date %(verified)s is before the last day of Stage 2 (%(last)s).")
            % {"verified": verified_on.isoformat(), "last": stage2_last_day.isoformat()}
        )
    deadline = major_nc_verification_deadline(stage2_last_day, policy)
    return (verified_on if verified_on is not None else today) > deadline


def check_major_nc_verification(
    *,
    stage2_last_day: dt.date,
    verified_on: dt.date | None,
    today: dt.date,
    policy: ProgrammePolicy,
) -> list[Violation]:
    """The 6-month rule as a hard violation (empty when Stage 2 still stands)."""
    if not stage2_repeat_required(stage2_last_day, verified_on, today, policy):
        return []
    deadline = major_nc_verification_deadline(stage2_last_day, policy)
    values = {
        "last": stage2_last_day.isoformat(),
        "deadline": deadline.isoformat(),
        "months": policy.major_verification_months,
        "verified": verified_on.isoformat() if verified_on else "",
    }
    if verified_on is None:
        text = _(
            "The major nonconformities of the Stage 2 audit that ended on %(last)s were not "
            "verified by %(deadline)s (%(months)s months after the last day of Stage 2): "
            "Stage 2 must be repeated before a certification decision."
        )
    else:
        text = _(
            "The major nonconformities of the Stage 2 audit that ended on %(last)s were "
            "verified on %(verified)s, after %(deadline)s (%(months)s months after the last "
            "day of Stage 2): Stage 2 must be repeated before a certification decision."
        )
    return [_violation("major_nc_verification_6_months", text % values)]


def suspension_deadline(suspended_on: dt.date, policy: ProgrammePolicy) -> dt.date:
    """Day a suspension reaches the CB's maximum: suspended_on + `max_suspension_months`."""
    return add_months(suspended_on, policy.max_suspension_months)


def check_suspension(
    *,
    suspended_on: dt.date,
    until: dt.date,
    policy: ProgrammePolicy,
    override_justification: str = "",
) -> list[Violation]:
    """A suspension lasting past its maximum (`until` is its planned or current end) as a
    soft violation, accepted with a justification."""
    deadline = suspension_deadline(suspended_on, policy)
    if until <= deadline:
        return []
    violation = _violation(
        "suspension_max_months",
        _(
            "The suspension from %(start)s to %(until)s lasts longer than %(months)s months "
            "(until %(deadline)s): withdraw or reduce the scope, or justify the extension."
        )
        % {
            "start": suspended_on.isoformat(),
            "until": until.isoformat(),
            "months": policy.max_suspension_months,
            "deadline": deadline.isoformat(),
        },
    )
    justification = override_justification.strip()
    return [replace(violation, accepted=bool(justification), justification=justification)]
