"""Reminder rules of the audit programme, delivered by `qms remind` (qms/core/reminders.py)
to the certification managers of the body, each (rule, key, person) once:

- "certification.audit_unplanned": an open audit whose due-by date is within
  REMINDER_DAYS (30) days and that has no first day yet. A run that missed the day still
  sends it while the audit is in that period; a new due-by date makes a new key.
- "certification.audit_overdue": an open audit whose due-by date has passed (the first run
  after the due-by date sends it; a new due-by date makes a new key).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.utils.translation import gettext as _

from qms.core.reminders import Reminder, register_reminder_rule

from ..models import CertAudit
from .selectors import certification_managers, overdue_audits, unplanned_due_within

UNPLANNED = "certification.audit_unplanned"
OVERDUE = "certification.audit_overdue"
REMINDER_DAYS = 30


def _about(audit: CertAudit) -> dict[str, str]:
    return {"audit": audit.get_kind_display(), "client": audit.programme.client.legal_name}


def unplanned_rule(today: date) -> Iterator[Reminder]:
    audits = unplanned_due_within(today=today, days=REMINDER_DAYS)
    managers = certification_managers(organization_ids={a.organization_id for a in audits})
    for audit in audits:
        if audit.due_by is None:  # filtered out by the query
            continue
        for manager in managers.get(audit.organization_id, []):
            yield Reminder(
                key=f"cert-audit:{audit.pk}:unplanned:{audit.due_by.isoformat()}",
                recipient=manager,
                organization=audit.organization,
                kind=UNPLANNED,
                title=(_("Plan %(audit)s: %(client)s") % _about(audit))[:200],
                body=_("It is due by %(date)s and has no dates yet (%(programme)s).")
                % {"date": audit.due_by.isoformat(), "programme": audit.programme.number},
                url=audit.get_absolute_url(),
            )


def overdue_rule(today: date) -> Iterator[Reminder]:
    audits = overdue_audits(today=today)
    managers = certification_managers(organization_ids={a.organization_id for a in audits})
    for audit in audits:
        if audit.due_by is None:  # filtered out by the query
            continue
        for manager in managers.get(audit.organization_id, []):
            yield Reminder(
                key=f"cert-audit:{audit.pk}:overdue:{audit.due_by.isoformat()}",
                recipient=manager,
                organization=audit.organization,
                kind=OVERDUE,
                title=(_("Overdue, not done: %(audit)s, %(client)s") % _about(audit))[:200],
                body=_("It was due by %(date)s and is not done (%(programme)s).")
                % {"date": audit.due_by.isoformat(), "programme": audit.programme.number},
                url=audit.get_absolute_url(),
            )


def register() -> None:
    register_reminder_rule(UNPLANNED, unplanned_rule)
    register_reminder_rule(OVERDUE, overdue_rule)
