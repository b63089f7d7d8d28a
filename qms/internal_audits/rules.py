"""Pure rules of internal audits: how often a process is audited, auditor independence,
how audits spread over a year, and what blocks a workflow step. No database access."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from .choices import ChecklistAnswer, FindingGrade, Importance, PreviousResult, RiskLevel

# --- Frequency: importance x risk x previous result -> audits per year (1..4) ------------
#
# Points, added up:
#   importance   low 0, medium 1, high 2
#   risk level   none/low 0, medium 1, high 2, critical 3
#   previous     none/observations 0, not audited yet 1, minor 1, major 3
# Audits per year from the total: 0-1 → 1, 2-3 → 2, 4-5 → 3, 6+ → 4.
# So a low-importance, low-risk process that conformed is audited once a year; a
# high-importance process with a critical risk or a major finding last time four times.
# The user may set another number per process (ProgrammeProcess.audits_per_year_override).

IMPORTANCE_POINTS = {Importance.LOW: 0, Importance.MEDIUM: 1, Importance.HIGH: 2}
RISK_POINTS = {
    RiskLevel.NONE: 0,
    RiskLevel.LOW: 0,
    RiskLevel.MEDIUM: 1,
    RiskLevel.HIGH: 2,
    RiskLevel.CRITICAL: 3,
}
PREVIOUS_POINTS = {
    PreviousResult.NONE: 0,
    PreviousResult.OBSERVATIONS: 0,
    PreviousResult.NOT_AUDITED: 1,
    PreviousResult.MINOR: 1,
    PreviousResult.MAJOR: 3,
}
MAX_PER_YEAR = 4


def audits_per_year(*, importance: str, risk_level: str, previous_result: str) -> int:
    """How many times a year the process should be audited (1..4), per the table above."""
    points: int = (
        IMPORTANCE_POINTS.get(importance, 1)  # type: ignore[call-overload]
        + RISK_POINTS.get(risk_level, 0)  # type: ignore[call-overload]
        + PREVIOUS_POINTS.get(previous_result, 1)  # type: ignore[call-overload]
    )
    return min(MAX_PER_YEAR, points // 2 + 1)


def effective_per_year(*, suggested: int, override: int | None) -> int:
    """The user's number when set, otherwise the suggestion."""
    return override if override else suggested


# Risk register bands map to our levels; a band key we do not know counts as medium.
_BAND_LEVEL = {
    "low": RiskLevel.LOW,
    "medium": RiskLevel.MEDIUM,
    "high": RiskLevel.HIGH,
    "critical": RiskLevel.CRITICAL,
}
_LEVEL_ORDER = [RiskLevel.NONE, RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.CRITICAL]


def risk_level(bands: Iterable[str]) -> str:
    """The highest level among the residual bands of a process's open risks ('none' when
    it has none)."""
    levels = [_BAND_LEVEL.get(band, RiskLevel.MEDIUM) for band in bands if band]
    if not levels:
        return RiskLevel.NONE
    return max(levels, key=_LEVEL_ORDER.index)


def previous_result(grades: Iterable[str] | None) -> str:
    """The result of a process's last completed audit from its findings' grades (None: the
    process has not been audited yet)."""
    if grades is None:
        return PreviousResult.NOT_AUDITED
    seen = set(grades)
    if FindingGrade.MAJOR in seen:
        return PreviousResult.MAJOR
    if FindingGrade.MINOR in seen:
        return PreviousResult.MINOR
    if seen & {FindingGrade.OBSERVATION, FindingGrade.IMPROVEMENT}:
        return PreviousResult.OBSERVATIONS
    return PreviousResult.NONE


def spread_months(count: int, *, offset: int = 0, first: int = 1) -> list[int]:
    """The months (first..12) of `count` audits spread evenly over what is left of the
    year from month `first`, e.g. 2 → [1, 7]; shifted by `offset` months so that not every
    process lands in the same month. At most one audit per month."""
    first = max(1, min(12, first))
    span = 13 - first
    count = max(1, min(span, count))
    step = span // count
    return sorted(first + ((offset % step) + i * step) % span for i in range(count))


def month_start(day: date) -> date:
    return day.replace(day=1)


# --- Independence (ISO 9001 §9.2.2 c) -------------------------------------------------------


@dataclass(frozen=True)
class Person:
    pk: int
    name: str


@dataclass(frozen=True)
class OwnedProcess:
    name: str
    owner_id: int | None


def independence_problems(
    *, auditors: Sequence[Person], processes: Sequence[OwnedProcess]
) -> list[str]:
    """One message per auditor (lead or team) who owns one of the audited processes."""
    problems = []
    for person in auditors:
        for process in processes:
            if process.owner_id is not None and process.owner_id == person.pk:
                problems.append(
                    _(
                        "%(person)s owns the process “%(process)s” and cannot audit it "
                        "(ISO 9001 §9.2.2 c: auditors do not audit their own work)."
                    )
                    % {"person": person.name, "process": process.name}
                )
    return problems


# --- Workflow guards ----------------------------------------------------------------------


def report_problem(*, item_count: int, unanswered: int) -> str | None:
    """The report is issued only once every checklist question has an answer."""
    if item_count == 0:
        return _("The audit has no checklist yet: generate and answer it first.")
    if unanswered:
        return _(
            "%(count)s checklist question(s) are not answered yet; answer every question "
            "(or mark it not audited) before issuing the report."
        ) % {"count": unanswered}
    return None


def close_problem(*, open_findings: Sequence[str]) -> str | None:
    """Closing needs every nonconformity finding's NC record closed (observations and
    improvement opportunities do not hold the audit open)."""
    if open_findings:
        return _("These findings still have an open or missing nonconformity record: %(list)s.") % {
            "list": ", ".join(open_findings)
        }
    return None


def is_blank(answer: str) -> bool:
    return answer == ChecklistAnswer.BLANK


def start_problem(*, lead_auditor_id: int | None) -> str | None:
    if not lead_auditor_id:
        return _("Name the lead auditor before starting the audit.")
    return None


def coverage_since(*, year: int, cycle_years: int) -> date:
    """The first day of a clause-coverage cycle of `cycle_years` calendar years ending with
    `year` (3 years ending 2026: from 1 January 2024)."""
    return date(year - max(1, cycle_years) + 1, 1, 1)
