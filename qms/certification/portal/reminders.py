"""Reminder rules of the client's responses, delivered by `qms remind`
(qms/core/reminders.py), each (rule, key, person) once:

- "certification.finding_response_due": a major or minor awaiting the client's response
  whose respond_by is within DUE_SOON_DAYS (7) days: to the client's portal users and the
  audit's lead auditor;
- "certification.finding_response_overdue": the same once respond_by has passed;
- "certification.finding_verification_due" / "_overdue": an accepted major whose verify_by
  is near or past, to the same people.

A new date makes a new key, so a moved deadline is reminded again.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.urls import reverse

from qms.core.reminders import Reminder, register_reminder_rule

from ..choices import FindingGrade, FindingStatus
from ..models import CertFinding
from .selectors import findings_due, portal_users_of

RESPONSE_DUE = "certification.finding_response_due"
RESPONSE_OVERDUE = "certification.finding_response_overdue"
VERIFICATION_DUE = "certification.finding_verification_due"
VERIFICATION_OVERDUE = "certification.finding_verification_overdue"
DUE_SOON_DAYS = 7


def _reminders(
    findings: list[CertFinding], *, rule: str, field: str, overdue: bool
) -> Iterator[Reminder]:
    clients = portal_users_of({f.audit.programme.client_id for f in findings})
    for finding in findings:
        due: date | None = getattr(finding, field)
        if due is None:
            continue
        client = finding.audit.programme.client
        what = "response" if field == "respond_by" else "verification"
        state = "overdue since" if overdue else "due"
        title = (
            f"{finding.number} ({finding.get_grade_display().lower()}), {client.legal_name}: "
            f"{what} {state} {due.isoformat()}"
        )[:200]
        body = finding.statement[:500]
        portal_url = reverse("portal:finding_detail", args=[finding.pk])
        review_url = reverse("certification:finding_review", args=[finding.pk])
        key = f"cert-finding:{finding.pk}:{field}:{'overdue' if overdue else 'due'}:{due}"
        for person in clients.get(client.pk, []):
            yield Reminder(
                key=key,
                recipient=person,
                organization=finding.organization,
                kind=rule,
                title=title,
                body=body,
                url=portal_url,
            )
        lead = finding.audit.lead_auditor
        if lead is not None:
            yield Reminder(
                key=key,
                recipient=lead,
                organization=finding.organization,
                kind=rule,
                title=title,
                body=body,
                url=review_url,
            )


def response_due_rule(today: date) -> Iterator[Reminder]:
    found = findings_due(
        statuses=[FindingStatus.OPEN],
        field="respond_by",
        since=today,
        until=today + timedelta(days=DUE_SOON_DAYS),
    )
    yield from _reminders(found, rule=RESPONSE_DUE, field="respond_by", overdue=False)


def response_overdue_rule(today: date) -> Iterator[Reminder]:
    found = findings_due(
        statuses=[FindingStatus.OPEN], field="respond_by", until=today - timedelta(days=1)
    )
    yield from _reminders(found, rule=RESPONSE_OVERDUE, field="respond_by", overdue=True)


def _majors_to_verify(until: date, since: date | None = None) -> list[CertFinding]:
    return findings_due(
        statuses=[FindingStatus.OPEN, FindingStatus.SUBMITTED, FindingStatus.ACCEPTED],
        field="verify_by",
        since=since,
        until=until,
        grades=[FindingGrade.MAJOR],
    )


def verification_due_rule(today: date) -> Iterator[Reminder]:
    found = _majors_to_verify(today + timedelta(days=DUE_SOON_DAYS), since=today)
    yield from _reminders(found, rule=VERIFICATION_DUE, field="verify_by", overdue=False)


def verification_overdue_rule(today: date) -> Iterator[Reminder]:
    found = _majors_to_verify(today - timedelta(days=1))
    yield from _reminders(found, rule=VERIFICATION_OVERDUE, field="verify_by", overdue=True)


def register() -> None:
    register_reminder_rule(RESPONSE_DUE, response_due_rule)
    register_reminder_rule(RESPONSE_OVERDUE, response_overdue_rule)
    register_reminder_rule(VERIFICATION_DUE, verification_due_rule)
    register_reminder_rule(VERIFICATION_OVERDUE, verification_overdue_rule)
