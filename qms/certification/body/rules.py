"""Pure rules of the certification body: is a request inside the accredited scope, is a
person qualified for it (domain spec §5, §7.2). No database access: the selectors read the
rows and hand plain facts to these functions.

Scope (§5): work is accredited only for a standard edition and IAF code listed on a scope
line of an accreditation that is active, whose own dates and whose line's dates both cover
the day in question.

Qualification (§7.2, ISO/IEC 17021-3): generic knowledge of a standard is held by each
auditor, sector knowledge (the IAF codes) may be held by the team collectively. Here a
person's qualification is recorded per standard, with the IAF codes in which they hold sector
knowledge for that standard, so:

- a person is qualified for a request when, for every standard requested, they hold a
  qualification valid on the day whose IAF codes include every code requested;
- to lead, that qualification must be of grade lead auditor;
- an auditor in training may join a team (under guidance) but never lead it, and does not
  count towards the body's competence (`team_cover`);
- the body can cover a request for a standard when one lead auditor holds the standard and
  every requested code is held by at least one qualified (not in training) auditor of that
  standard: the sector knowledge is then collective.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils import timezone

from ..choices import AccreditationStatus, AuditorGrade


@dataclass(frozen=True)
class Code:
    """An IAF code as the messages name it: "IAF code 28 (Construction)"."""

    code: str
    title: str = ""

    def __str__(self) -> str:
        return f"IAF code {self.code} ({self.title})" if self.title else f"IAF code {self.code}"


@dataclass(frozen=True)
class AccreditationFacts:
    """One accreditation: its label ("UKAS 1234"), status and dates."""

    label: str
    status: str
    valid_from: dt.date
    valid_until: dt.date


@dataclass(frozen=True)
class ScopeLineFacts:
    """One line of a schedule of accreditation: an edition and its IAF codes, with dates."""

    accreditation: AccreditationFacts
    edition_id: int
    codes: frozenset[str]
    valid_from: dt.date
    valid_until: dt.date


@dataclass(frozen=True)
class QualificationFacts:
    """One qualification of one person for one standard."""

    standard_id: int
    grade: str
    valid_from: dt.date
    valid_until: dt.date
    codes: frozenset[str] = field(default_factory=frozenset)


def _covers(start: dt.date, end: dt.date, day: dt.date) -> bool:
    return start <= day <= end


def _names(labels: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    labels = list(labels)
    if len(labels) <= 1:
        return "".join(labels)
    return f"{', '.join(labels[:-1])} and {labels[-1]}"


def _code_words(codes: Sequence[Code]) -> str:
    """ "IAF code 28 (Construction)" or "IAF codes 17 (Basic metals) and 28 (Construction)"."""
    if len(codes) == 1:
        return str(codes[0])
    parts = [f"{c.code} ({c.title})" if c.title else c.code for c in codes]
    return f"IAF codes {_names(parts)}"


def accreditation_problem(accreditation: AccreditationFacts, on_date: dt.date) -> str | None:
    """Why an accreditation does not count on `on_date` (status or dates), or None."""
    if accreditation.status == AccreditationStatus.SUSPENDED:
        return f"the accreditation {accreditation.label} is suspended"
    if accreditation.status == AccreditationStatus.WITHDRAWN:
        return f"the accreditation {accreditation.label} was withdrawn"
    if not _covers(accreditation.valid_from, accreditation.valid_until, on_date):
        return (
            f"the accreditation {accreditation.label} is valid from "
            f"{accreditation.valid_from.isoformat()} to {accreditation.valid_until.isoformat()}"
        )
    return None


def line_problem(line: ScopeLineFacts, on_date: dt.date) -> str | None:
    """Why a scope line does not count on `on_date`, or None when it does."""
    problem = accreditation_problem(line.accreditation, on_date)
    if problem is not None:
        return problem
    if not _covers(line.valid_from, line.valid_until, on_date):
        return (
            f"this line of {line.accreditation.label} is valid from "
            f"{line.valid_from.isoformat()} to {line.valid_until.isoformat()}"
        )
    return None


def scope_problems(
    *,
    requests: Iterable[tuple[int, str, Code]],
    lines: Sequence[ScopeLineFacts],
    accreditations: Sequence[AccreditationFacts],
    on_date: dt.date,
) -> list[str]:
    """One message per requested (edition, IAF code) that is not inside the accredited scope
    on `on_date`; an empty list when everything is.

    `requests` are `(edition_id, edition_label, code)`; `lines` every scope line of the body
    and `accreditations` every accreditation (to say "no accreditation" or name the ones in
    force).
    """
    day = on_date.isoformat()
    in_force = [a.label for a in accreditations if accreditation_problem(a, on_date) is None]
    problems: list[str] = []
    for edition_id, edition_label, code in requests:
        what = f"{edition_label} in {code}"
        candidates = [
            line for line in lines if line.edition_id == edition_id and code.code in line.codes
        ]
        reasons = [line_problem(line, on_date) for line in candidates]
        if candidates and any(reason is None for reason in reasons):
            continue
        if not accreditations:
            problems.append(
                f"{what} is not accredited on {day}: the certification body has no accreditation."
            )
        elif candidates:
            why = _names(sorted({str(reason) for reason in reasons}))
            problems.append(f"{what} is outside the accredited scope on {day}: {why}.")
        elif in_force:
            problems.append(
                f"{what} is outside the accredited scope of {_names(in_force)} on {day}."
            )
        else:
            problems.append(
                f"{what} is outside the accredited scope on {day}: no accreditation of the "
                "certification body is in force on that day."
            )
    return problems


def qualification_valid(qualification: QualificationFacts, on_date: dt.date) -> bool:
    return _covers(qualification.valid_from, qualification.valid_until, on_date)


def qualification_problems(
    *,
    person: str,
    qualifications: Sequence[QualificationFacts],
    standards: Sequence[tuple[int, str]],
    codes: Sequence[Code],
    on_date: dt.date,
    lead: bool = False,
) -> list[str]:
    """Why `person` may not audit (or, with `lead`, lead an audit of) `standards` in `codes`
    on `on_date`; an empty list when they may.

    `qualifications` are the person's own; `standards` are `(standard_id, label)`.
    """
    day = on_date.isoformat()
    by_standard = {q.standard_id: q for q in qualifications}
    problems: list[str] = []
    for standard_id, label in standards:
        held = by_standard.get(standard_id)
        if held is None:
            problems.append(f"{person} has no qualification for {label}.")
            continue
        what = f"{label} in {_code_words(codes)}" if codes else label
        if on_date > held.valid_until:
            problems.append(
                f"{person} is not qualified for {what} on {day} "
                f"(qualification expired {held.valid_until.isoformat()})."
            )
            continue
        if on_date < held.valid_from:
            problems.append(
                f"{person} is not qualified for {what} on {day} "
                f"(qualification valid from {held.valid_from.isoformat()})."
            )
            continue
        missing = [code for code in codes if code.code not in held.codes]
        if missing:
            problems.append(f"{person} is not qualified for {label} in {_code_words(missing)}.")
        if lead and held.grade == AuditorGrade.IN_TRAINING:
            problems.append(
                f"{person} is an auditor in training and cannot lead an audit of {label}."
            )
        elif lead and held.grade != AuditorGrade.LEAD_AUDITOR:
            problems.append(
                f"{person} is not a lead auditor for {label} and cannot lead an audit of it."
            )
    return problems


def is_qualified(
    *,
    qualifications: Sequence[QualificationFacts],
    standard_ids: Sequence[int],
    codes: Iterable[str],
    on_date: dt.date,
    lead: bool = False,
) -> bool:
    """The rule of `qualification_problems` as a yes/no (no messages built)."""
    wanted = frozenset(codes)
    by_standard = {q.standard_id: q for q in qualifications}
    for standard_id in standard_ids:
        held = by_standard.get(standard_id)
        if held is None or not qualification_valid(held, on_date) or not wanted <= held.codes:
            return False
        if lead and held.grade != AuditorGrade.LEAD_AUDITOR:
            return False
    return True


@dataclass(frozen=True)
class TeamCover:
    """Whether the body's qualified people together cover one standard in the codes."""

    covered: bool
    uncovered_codes: tuple[Code, ...]
    has_lead: bool
    messages: tuple[str, ...]


def team_cover(
    *,
    label: str,
    qualifications: Sequence[QualificationFacts],
    codes: Sequence[Code],
    on_date: dt.date,
) -> TeamCover:
    """Can the body audit `label` in `codes` on `on_date` with the `qualifications` held for
    that standard (everyone's)? One valid lead auditor is needed, and each code must be held
    by at least one valid qualification that is not in training (collective sector
    knowledge)."""
    day = on_date.isoformat()
    valid = [q for q in qualifications if qualification_valid(q, on_date)]
    qualified = [q for q in valid if q.grade != AuditorGrade.IN_TRAINING]
    has_lead = any(q.grade == AuditorGrade.LEAD_AUDITOR for q in qualified)
    held = frozenset().union(*(q.codes for q in qualified)) if qualified else frozenset()
    uncovered = tuple(code for code in codes if code.code not in held)
    messages: list[str] = []
    if not has_lead:
        messages.append(
            f"No lead auditor of the certification body is qualified for {label} on {day}."
        )
    if uncovered:
        messages.append(
            f"No auditor of the certification body is qualified for {label} in "
            f"{_code_words(list(uncovered))} on {day}."
        )
    return TeamCover(
        covered=not messages, uncovered_codes=uncovered, has_lead=has_lead, messages=tuple(messages)
    )


def expiring(*, valid_until: dt.date, today: dt.date, within_days: int) -> bool:
    """Still valid today and ending within `within_days` days (the reminder's window)."""
    return today <= valid_until <= today + dt.timedelta(days=within_days)


def expired(*, valid_until: dt.date, today: dt.date) -> bool:
    return valid_until < today


# --- Input rules of the body's records ------------------------------------------------------

COMPLEXITY_KEYS = ("high", "medium", "low", "limited")
MAX_COMPLEXITY_ADJUSTMENT = 50  # per cent, either way


def complexity_adjustments_problem(value: object) -> str | None:
    """None when `value` is a mapping of complexity category to a percentage (-50 to 50),
    e.g. {"high": 10, "low": -10}; else what is wrong."""
    if not isinstance(value, dict):
        return 'Enter an object of category and percentage, e.g. {"high": 10, "low": -10}.'
    for key, number in value.items():
        if key not in COMPLEXITY_KEYS:
            return f"{key!r} is not a complexity category ({', '.join(COMPLEXITY_KEYS)})."
        if isinstance(number, bool) or not isinstance(number, int | float):
            return f"The adjustment of {key!r} must be a number of per cent."
        if abs(number) > MAX_COMPLEXITY_ADJUSTMENT:
            return (
                f"The adjustment of {key!r} must be between -{MAX_COMPLEXITY_ADJUSTMENT} and "
                f"{MAX_COMPLEXITY_ADJUSTMENT} per cent."
            )
    return None


CERTIFICATE_PLACEHOLDERS = {"prefix": "CERT", "year": 2026, "standard": "ISO9001", "seq": 1}


def certificate_pattern_problem(pattern: str) -> str | None:
    """None when the certificate-number pattern uses only the known placeholders and
    contains the sequence (so two certificates never share a number); else why not."""
    try:
        pattern.format(**CERTIFICATE_PLACEHOLDERS)
    except KeyError as error:
        return (
            f"{{{error.args[0]}}} is not a placeholder: use {{prefix}}, {{year}}, {{standard}} "
            "and {seq}."
        )
    except (ValueError, IndexError):
        return "The pattern is not valid: placeholders are written in braces, e.g. {seq:04d}."
    if "{seq" not in pattern:
        return "The pattern must contain {seq}, or two certificates would share a number."
    return None


def dates_in_order(*, valid_from: dt.date | None, valid_until: dt.date | None) -> bool:
    return valid_from is None or valid_until is None or valid_until >= valid_from


# --- Guards of the accreditation workflow ---------------------------------------------------


def accreditation_still_valid(*, obj: object, actor: object) -> str | None:
    """An accreditation can be reinstated only while its validity has not ended."""
    valid_until: dt.date = getattr(obj, "valid_until")  # noqa: B009 - the guard's protocol
    if valid_until < timezone.localdate():
        return (
            f"The accreditation ended on {valid_until.isoformat()}: record the renewed "
            "accreditation instead of reinstating this one."
        )
    return None
