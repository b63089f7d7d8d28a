"""Pure rules of a certification audit's work (no database access): when a finding's
response and verification are due (domain spec §3.3), what a conclusion needs (§3.2,
17021-1 §9.4.8), when the checklist and findings may still change, what a plan slot and a
plan's next version need. The services read the rows and hand the facts over.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from qms.core.dates import add_months

from ..choices import (
    AuditKind,
    CertAuditStatus,
    FindingGrade,
    FindingStatus,
    ProgrammeKind,
    Recommendation,
    Stage1Conclusion,
    TeamRole,
)

# Roles that audit (qualified for every standard and code of the programme).
AUDITING_ROLES = (TeamRole.LEAD_AUDITOR, TeamRole.AUDITOR)
# A major finding is answered with one of these recommendations only.
WITH_MAJORS = (
    Recommendation.GRANT_AFTER_NCS,
    Recommendation.NOT_RECOMMENDED,
    Recommendation.SUSPEND,
)


@dataclass(frozen=True)
class Deadlines:
    """When the client's response is due and when a major must be verified (None: not
    asked for)."""

    respond_by: dt.date | None
    verify_by: dt.date | None


def is_initial_audit(*, audit_kind: str, programme_kind: str) -> bool:
    """Stage 1 and Stage 2 of an initial cycle: the 6-month rule for majors applies."""
    return programme_kind == ProgrammeKind.INITIAL and audit_kind in (
        AuditKind.STAGE1,
        AuditKind.STAGE2,
    )


def finding_deadlines(
    *,
    grade: str,
    audit_kind: str,
    programme_kind: str,
    audit_end: dt.date,
    stage2_last_day: dt.date | None,
    certificate_expiry: dt.date | None,
    major_response_days: int,
    minor_response_days: int,
    major_verification_months: int,
) -> Deadlines:
    """The deadlines of a finding (domain spec §3.3, with the body's policy).

    - Major: verified by the hard limit — for an initial audit the last day of Stage 2 plus
      `major_verification_months` (Stage 2's own last day when it is not recorded yet);
      otherwise the audit's last day plus `major_response_days`; never after the
      certificate's expiry. The response is due `major_response_days` after the audit,
      never later than that limit.
    - Minor: the plan is due `minor_response_days` after the audit (verified at the next
      audit, so no verification date).
    - Conformity and observation: nothing due.
    """
    if grade == FindingGrade.MINOR:
        return Deadlines(audit_end + dt.timedelta(days=minor_response_days), None)
    if grade != FindingGrade.MAJOR:
        return Deadlines(None, None)
    response = audit_end + dt.timedelta(days=major_response_days)
    limits: list[dt.date] = []
    if is_initial_audit(audit_kind=audit_kind, programme_kind=programme_kind):
        anchor = stage2_last_day or (audit_end if audit_kind == AuditKind.STAGE2 else None)
        if anchor is not None:
            limits.append(add_months(anchor, major_verification_months))
    else:
        limits.append(response)
    if certificate_expiry is not None:
        limits.append(certificate_expiry)
    verify = min(limits) if limits else None
    return Deadlines(min(response, verify) if verify else response, verify)


def initial_status(grade: str) -> str:
    """Conformities and observations need no response; nonconformities wait for one."""
    if grade in (FindingGrade.MAJOR, FindingGrade.MINOR):
        return str(FindingStatus.OPEN)
    return str(FindingStatus.NO_RESPONSE)


def finding_number(count: int) -> str:
    """F-01, F-02 … F-99, F-100: the audit's n-th finding."""
    return f"F-{count:02d}"


def work_problem(*, status: str, concluded: bool, what: str) -> str | None:
    """Why the audit's checklist or findings (`what`) may not change now: a cancelled
    audit, or one concluded (its records are frozen except the responses to findings)."""
    if status == CertAuditStatus.CANCELLED:
        return _("The audit is cancelled: its %(what)s cannot change.") % {"what": what}
    if concluded:
        return _(
            "The audit is concluded: its %(what)s are frozen (only the client's responses to "
            "findings continue)."
        ) % {"what": what}
    return None


def team_problem(*, status: str, concluded: bool) -> str | None:
    if status in (CertAuditStatus.CANCELLED, CertAuditStatus.DONE):
        return _("The audit is %(status)s: its team no longer changes.") % {
            "status": CertAuditStatus(status).label.lower()
        }
    if concluded:
        return _("The audit is concluded: its team no longer changes.")
    return None


def slot_problems(
    *,
    day: dt.date | None,
    starts: dt.time | None,
    ends: dt.time | None,
    audit_start: dt.date | None,
    audit_end: dt.date | None,
) -> dict[str, list[str]]:
    """A slot's day lies within the audit's days and it ends after it starts."""
    errors: dict[str, list[str]] = {}
    if audit_start is None:
        errors["day"] = [_("Plan the audit's days before its time slots.")]
    elif day is not None:
        last = audit_end or audit_start
        if not audit_start <= day <= last:
            errors["day"] = [
                _("The day must be one of the audit's days (%(first)s to %(last)s).")
                % {"first": audit_start.isoformat(), "last": last.isoformat()}
            ]
    if starts is not None and ends is not None and ends <= starts:
        errors["ends"] = [_("A slot ends after it starts.")]
    return errors


def send_problems(
    *,
    issued_version: int,
    changed_since_sent: bool,
    change_note: str,
    has_slots: bool,
    objectives: str,
    scope: str,
    criteria: str,
) -> dict[str, list[str]]:
    """What a plan needs to be sent: objectives, scope, criteria and at least one slot;
    after the first version, a change since and a note saying what changed."""
    errors: dict[str, list[str]] = {}
    for name, value, label in (
        ("objectives", objectives, _("objectives")),
        ("scope", scope, _("scope")),
        ("criteria", criteria, _("criteria")),
    ):
        if not value.strip():
            errors[name] = [
                _("Give the audit's %(what)s before sending the plan.") % {"what": label}
            ]
    if not has_slots:
        errors["slots"] = [_("Add the plan's time slots before sending it.")]
    if issued_version:
        if not changed_since_sent:
            errors["change_note"] = [
                _("Nothing changed since version %(version)d was sent.")
                % {"version": issued_version}
            ]
        elif not change_note.strip():
            errors["change_note"] = [
                _("Say what changed since version %(version)d: the client reads it.")
                % {"version": issued_version}
            ]
    return errors


def conclusion_problems(
    *,
    audit_kind: str,
    status: str,
    last_day: dt.date | None,
    today: dt.date,
    concluded: bool,
    planned_days: Decimal | None,
    has_major: bool,
    data: Mapping[str, Any],
) -> dict[str, list[str]]:
    """What the conclusion of an audit needs (field → messages; empty when it may be
    recorded).

    Stage 1 records its readiness (ready, or not ready with the issues to fix). Other audits
    record the conclusion, the recommendation and the auditor-days spent; a difference from
    the planned days needs its reason; a major finding allows only a recommendation that
    waits for it (or refuses). Never on a cancelled or already concluded audit, nor before
    its last day.
    """
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if status == CertAuditStatus.CANCELLED:
        add("__all__", _("The audit is cancelled: it has no conclusion."))
        return errors
    if concluded:
        add("__all__", _("The audit is concluded already."))
        return errors
    if last_day is None:
        add("__all__", _("Plan the audit's days before concluding it."))
        return errors
    if last_day > today:
        add(
            "__all__",
            _("The audit's last day (%(date)s) has not come yet: conclude it then.")
            % {"date": last_day.isoformat()},
        )
    spent = data.get("days_spent")
    if audit_kind == AuditKind.STAGE1:
        readiness = data.get("stage1_conclusion") or ""
        if readiness not in Stage1Conclusion.values:
            add("stage1_conclusion", _("Say whether the client is ready for Stage 2."))
        elif (
            readiness == Stage1Conclusion.NOT_READY
            and not str(data.get("issues_to_fix") or "").strip()
        ):
            add("issues_to_fix", _("List the issues to fix before Stage 2."))
    else:
        if not str(data.get("conclusion") or "").strip():
            add("conclusion", _("Write the audit's conclusion."))
        recommendation = data.get("recommendation") or ""
        if recommendation not in Recommendation.values:
            add("recommendation", _("Give the audit team's recommendation."))
        elif has_major and recommendation not in WITH_MAJORS:
            add(
                "recommendation",
                _(
                    "The audit raised a major nonconformity: recommend certification once the "
                    "nonconformities are resolved, or do not recommend it."
                ),
            )
        if spent is None:
            add("days_spent", _("Give the auditor-days spent."))
    if spent is not None:
        if Decimal(spent) <= 0:
            add("days_spent", _("The auditor-days spent are more than zero."))
        elif (
            planned_days is not None
            and Decimal(spent) != Decimal(planned_days)
            and not str(data.get("time_difference_reason") or "").strip()
        ):
            add(
                "time_difference_reason",
                _("%(spent)s auditor-days spent against %(planned)s planned: say why.")
                % {
                    "spent": Decimal(spent).normalize(),
                    "planned": Decimal(planned_days).normalize(),
                },
            )
    return errors
