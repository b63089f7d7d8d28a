"""Pure rules of the technical review, the certification decision and the certificate's life
(ISO/IEC 17021-1 §8.2.2, §9.5, §9.6.5; domain spec §3.3 to §3.7, §8). No database access:
the selectors gather the facts, these functions judge them, the services and the workflow
guards act on the verdict.

- `ReviewItem`: one line of the technical review (ok, or the problem in words); `blocking`
  items refuse the grant.
- `independence_problem`: a decision-maker who was on the team of an audit feeding the
  decision (§9.5.1).
- `open_majors_problem`, `minor_plans_problem`, `late_majors_problem`: §3.3.
- `audit_time_item`, `conclusions_item`, `recommendation_item`, `application_item`.
- `effective_date_problem`: the effective date is never before the decision (§8.2.2).
- `certificate_number`: the body's number pattern filled in.
- `suspension_until`, `restore_problem`, `expiry_due`, `restoration_problem`: §3.6.
- `status_note`: the public wording of a status change.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from qms.core.dates import add_months

from ..choices import FindingGrade, FindingStatus, Recommendation

# --- The technical review -------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewItem:
    """One check of the technical review: `ok`, or `text` says what is wrong."""

    key: str
    label: str
    ok: bool
    text: str
    blocking: bool = True

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class FindingFacts:
    """What the review needs to know of one finding."""

    number: str
    audit: str
    grade: str
    status: str
    verified_on: dt.date | None = None


def independence_problem(*, decider_id: int | None, team_ids: Iterable[int]) -> str | None:
    """§9.5.1: the person deciding was not involved in the audits the decision rests on."""
    if decider_id is not None and decider_id in set(team_ids):
        return _(
            "A decision-maker who was on the audit team is refused: you were on the team of "
            "an audit this decision rests on (ISO/IEC 17021-1 §9.5.1). Another decision-maker "
            "must decide."
        )
    return None


def _numbers(findings: Sequence[FindingFacts]) -> str:
    return ", ".join(f"{f.number} ({f.audit})" for f in findings)


def open_majors_problem(findings: Sequence[FindingFacts]) -> str | None:
    """Every major nonconformity verified (correction and corrective action checked)."""
    open_majors = [
        f for f in findings if f.grade == FindingGrade.MAJOR and f.status != FindingStatus.VERIFIED
    ]
    if not open_majors:
        return None
    return _(
        "Major nonconformities not verified: %(numbers)s. Their correction and corrective "
        "action must be accepted and verified before the decision."
    ) % {"numbers": _numbers(open_majors)}


def minor_plans_problem(findings: Sequence[FindingFacts]) -> str | None:
    """Every minor nonconformity with an accepted plan (accepted, or already verified)."""
    open_minors = [
        f
        for f in findings
        if f.grade == FindingGrade.MINOR
        and f.status not in (FindingStatus.ACCEPTED, FindingStatus.VERIFIED)
    ]
    if not open_minors:
        return None
    return _(
        "Minor nonconformities without an accepted plan: %(numbers)s. The client's plan for "
        "correction and corrective action must be accepted before the decision."
    ) % {"numbers": _numbers(open_minors)}


def late_majors_problem(
    *,
    findings: Sequence[FindingFacts],
    stage2_last_day: dt.date | None,
    months: int,
    today: dt.date,
) -> str | None:
    """Initial certification: majors verified within `months` after the last day of Stage 2
    (and, while still open, not past that limit); otherwise a new Stage 2 is needed."""
    if stage2_last_day is None:
        return None
    deadline = add_months(stage2_last_day, months)
    majors = [f for f in findings if f.grade == FindingGrade.MAJOR]
    late = [
        f
        for f in majors
        if (f.verified_on if f.verified_on is not None else today) > deadline
        and (f.verified_on is not None or f.status != FindingStatus.VERIFIED)
    ]
    if not late:
        return None
    return _(
        "Major nonconformities %(numbers)s were not verified by %(deadline)s, %(months)s "
        "months after the last day of Stage 2 (%(last)s): a new Stage 2 audit is needed "
        "before an initial certification decision."
    ) % {
        "numbers": _numbers(late),
        "deadline": deadline.isoformat(),
        "months": months,
        "last": stage2_last_day.isoformat(),
    }


def findings_items(
    *,
    findings: Sequence[FindingFacts],
    initial: bool,
    stage2_last_day: dt.date | None,
    months: int,
    today: dt.date,
) -> list[ReviewItem]:
    majors = open_majors_problem(findings)
    minors = minor_plans_problem(findings)
    items = [
        ReviewItem(
            "majors",
            _("Major nonconformities verified"),
            majors is None,
            majors or _("All major nonconformities are verified (or there were none)."),
        ),
        ReviewItem(
            "minors",
            _("Minor nonconformities with accepted plans"),
            minors is None,
            minors or _("Every minor nonconformity has an accepted plan (or there were none)."),
        ),
    ]
    if initial:
        late = late_majors_problem(
            findings=findings, stage2_last_day=stage2_last_day, months=months, today=today
        )
        items.append(
            ReviewItem(
                "majors_in_time",
                _("Majors verified within the limit after Stage 2"),
                late is None,
                late or _("No major nonconformity is past the limit after Stage 2."),
            )
        )
    return items


def audit_time_item(
    *,
    planned: Decimal | None,
    spent: Decimal | None,
    calculated: Decimal | None,
    justification: str,
) -> ReviewItem:
    """The auditor-days spent against the calculation (IAF MD 5) or, without one, the plan:
    a difference needs a justification; days not recorded are a problem to look at."""
    label = _("Audit time as calculated or justified")
    reference = calculated if calculated is not None else planned
    source = _("the audit-time calculation") if calculated is not None else _("the plan")
    if spent is None:
        return ReviewItem(
            "audit_time",
            label,
            False,
            _("The auditor-days spent are not recorded on the audits (conclude them first)."),
            blocking=False,
        )
    if reference is None:
        return ReviewItem(
            "audit_time",
            label,
            True,
            _("%(spent)s auditor-days spent; no calculation or plan to compare with.")
            % {"spent": spent},
            blocking=False,
        )
    values = {"spent": spent, "reference": reference, "source": source}
    if spent == reference:
        return ReviewItem(
            "audit_time",
            label,
            True,
            _("%(spent)s auditor-days spent, as in %(source)s.") % values,
        )
    if justification.strip():
        return ReviewItem(
            "audit_time",
            label,
            True,
            _(
                "%(spent)s auditor-days spent against %(reference)s in %(source)s; justified: "
                "%(why)s"
            )
            % {**values, "why": justification.strip()},
        )
    return ReviewItem(
        "audit_time",
        label,
        False,
        _(
            "%(spent)s auditor-days spent against %(reference)s in %(source)s: give the "
            "justification of the difference."
        )
        % values,
    )


def conclusions_item(missing: Sequence[str]) -> ReviewItem:
    """Every audit concluded (objectives met, conclusion recorded)."""
    label = _("Audit objectives met and conclusions recorded")
    if missing:
        return ReviewItem(
            "conclusions",
            label,
            False,
            _("No conclusion recorded for: %(audits)s.") % {"audits": ", ".join(missing)},
            blocking=False,
        )
    return ReviewItem("conclusions", label, True, _("Every audit has its conclusion recorded."))


POSITIVE = frozenset(
    {
        Recommendation.GRANT,
        Recommendation.GRANT_AFTER_NCS,
        Recommendation.CONTINUE,
        Recommendation.RENEW,
    }
)


def recommendation_item(recommendation: str, label_text: str) -> ReviewItem:
    label = _("The audit team's recommendation")
    if not recommendation:
        return ReviewItem(
            "recommendation", label, False, _("The team has made no recommendation."), False
        )
    ok = recommendation in POSITIVE
    return ReviewItem("recommendation", label, ok, label_text, blocking=False)


def application_item(problem: str | None) -> ReviewItem:
    return ReviewItem(
        "application",
        _("Application information still valid"),
        problem is None,
        problem or _("The application was accepted and is still valid."),
        blocking=False,
    )


def scope_item(problems: Sequence[str], *, non_accredited: bool) -> ReviewItem:
    label = _("Scope inside the accreditation")
    if non_accredited:
        return ReviewItem(
            "scope",
            label,
            True,
            _("Non-accredited certification: issued without the accreditation mark."),
        )
    if problems:
        return ReviewItem("scope", label, False, " ".join(problems))
    return ReviewItem("scope", label, True, _("Every standard and IAF code is accredited."))


def blocking_problems(items: Iterable[ReviewItem]) -> list[str]:
    return [item.text for item in items if item.blocking and not item.ok]


# --- Dates -------------------------------------------------------------------------------


def effective_date_problem(*, effective: dt.date, decided_on: dt.date) -> str | None:
    if effective < decided_on:
        return _(
            "The effective date %(effective)s is before the decision (%(decided)s): a "
            "certificate takes effect on or after its decision (ISO/IEC 17021-1 §8.2.2)."
        ) % {"effective": effective.isoformat(), "decided": decided_on.isoformat()}
    return None


def suspension_until(*, suspended_on: dt.date, max_months: int) -> dt.date:
    """The default deadline of a suspension: the body's maximum (usually 6 months)."""
    return add_months(suspended_on, max_months)


def suspension_problem(
    *, suspended_on: dt.date, until: dt.date, max_months: int, justification: str
) -> str | None:
    """A suspension longer than the body's maximum is a soft rule: it needs a reason."""
    if until <= suspended_on:
        return _("The suspension must end after it starts (%(day)s).") % {
            "day": suspended_on.isoformat()
        }
    limit = suspension_until(suspended_on=suspended_on, max_months=max_months)
    if until > limit and not justification.strip():
        return _(
            "A suspension until %(until)s lasts longer than %(months)s months (until "
            "%(limit)s): justify the longer suspension, or withdraw or reduce the scope."
        ) % {"until": until.isoformat(), "months": max_months, "limit": limit.isoformat()}
    return None


def restore_problem(*, suspended_until: dt.date | None, today: dt.date) -> str | None:
    if suspended_until is not None and today > suspended_until:
        return _(
            "The suspension ended on %(until)s without the cause resolved: the certificate "
            "is to be withdrawn (or its scope reduced), not restored."
        ) % {"until": suspended_until.isoformat()}
    return None


def suspension_overdue(*, suspended_until: dt.date | None, today: dt.date) -> bool:
    return suspended_until is not None and today > suspended_until


def expiry_due(*, expiry_date: dt.date | None, today: dt.date) -> bool:
    """An active certificate whose last valid day has passed."""
    return expiry_date is not None and expiry_date < today


def expiry_problem(*, expiry_date: dt.date | None, today: dt.date) -> str | None:
    if not expiry_due(expiry_date=expiry_date, today=today):
        return _("The certificate is valid until %(day)s: it has not expired.") % {
            "day": expiry_date.isoformat() if expiry_date else "-"
        }
    return None


def restoration_problem(
    *, expiry_date: dt.date | None, decided_on: dt.date, restoration_months: int
) -> str | None:
    """An expired certification is restored only within the window after its expiry."""
    if expiry_date is None:
        return _("The expired certificate has no expiry date.")
    deadline = add_months(expiry_date, restoration_months)
    if decided_on > deadline:
        return _(
            "The certificate expired on %(expiry)s; restoration was possible until "
            "%(deadline)s (%(months)s months). A new initial certification (at least a "
            "Stage 2 audit) is needed."
        ) % {
            "expiry": expiry_date.isoformat(),
            "deadline": deadline.isoformat(),
            "months": restoration_months,
        }
    return None


def renewed_expiry(*, old_expiry: dt.date, decided_on: dt.date, cycle_months: int = 36) -> dt.date:
    """A recertification decided before expiry (or a restoration within the window):
    the new expiry is the old one plus the cycle (spec §3.7, §3.6)."""
    return add_months(old_expiry, cycle_months)


# --- Numbers and wording -------------------------------------------------------------------

PLACEHOLDERS = frozenset({"prefix", "year", "standard", "seq"})


def certificate_number(*, pattern: str, prefix: str, year: int, standard: str, seq: int) -> str:
    """The body's pattern filled in: {prefix}, {year}, {standard} (letters and digits of the
    standard's code, "ISO 9001" → "9001"), {seq} with its format ({seq:04d})."""
    names = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name}
    unknown = names - PLACEHOLDERS
    if unknown or "seq" not in names:
        raise ValueError(
            _("The certificate number pattern %(pattern)s needs {seq} and knows only %(known)s.")
            % {"pattern": pattern, "known": ", ".join(f"{{{n}}}" for n in sorted(PLACEHOLDERS))}
        )
    code = re.sub(r"[^0-9A-Za-z]", "", standard.upper().removeprefix("ISO/IEC").removeprefix("ISO"))
    return pattern.format(prefix=prefix, year=year, standard=code, seq=seq).strip()


PUBLIC_STATUS = {
    "draft": "draft",
    "active": "active",
    "suspended": "suspended",
    "withdrawn": "withdrawn",
    "cancelled": "cancelled",
    "expired": "expired",
    "superseded": "active",
}


def status_note(*, status: str, change: str, reason_code: str = "") -> str:
    """Public wording of why the status changed, for the registry, shown after the status
    word ("Suspended: at the client's request (R3)"); never the internal reason text.
    Contractual reasons are not published."""
    if status == "suspended":
        return {
            "r1": "the management system persistently or seriously failed its requirements (R1)",
            "r2": "audits were not allowed at the required frequency (R2)",
            "r3": "at the client's request (R3)",
        }.get(reason_code, "")
    return {
        "withdrawn": "by the certification body",
        "cancelled": "at the client's request or on transfer",
    }.get(
        status,
        {"scope_reduced": "scope reduced", "scope_extended": "scope extended"}.get(change, ""),
    )
