"""Reminder rules of internal audits, delivered by `qms remind` (qms/core/reminders.py):

- "internal_audits.not_started": the lead auditor of each audit planned for the current
  month and not started yet (one reminder per audit and month).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.utils.translation import gettext as _

from qms.core.reminders import Reminder, register_reminder_rule

from .selectors import planned_not_started

NOT_STARTED = "internal_audits.not_started"


def not_started_rule(today: date) -> Iterator[Reminder]:
    month = today.replace(day=1)
    for audit in planned_not_started(first=month):
        yield Reminder(
            key=f"internal-audit:{audit.pk}:{month.isoformat()}:not-started",
            recipient=audit.lead_auditor,
            organization=audit.organization,
            kind=NOT_STARTED,
            title=(_("Start internal audit %(audit)s") % {"audit": audit})[:200],
            body=_("It is planned for %(month)s and has not started yet.")
            % {"month": month.strftime("%B %Y")},
            url=audit.get_absolute_url(),
        )


def register() -> None:
    register_reminder_rule(NOT_STARTED, not_started_rule)
