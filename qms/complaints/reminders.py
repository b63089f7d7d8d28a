"""Reminder rule of complaints, delivered by `qms remind` (qms/core/reminders.py):

- "complaints.acknowledgement_due": the owner of each complaint not yet acknowledged, the
  day before its acknowledgement due date and on that date (one reminder each: the key
  names the complaint, the due date and which of the two days it is; a new due date makes
  new keys).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from qms.core.reminders import Reminder, register_reminder_rule

from .selectors import acknowledgement_reminders

RULE = "complaints.acknowledgement_due"


def acknowledgement_due_rule(today: date) -> Iterator[Reminder]:
    tomorrow = today + timedelta(days=1)
    for complaint in acknowledgement_reminders(days=(today, tomorrow)):
        due = complaint.acknowledgement_due
        if due is None:  # filtered out by the query
            continue
        when = "due_today" if due == today else "due_tomorrow"
        title = (
            _("Acknowledge complaint %(complaint)s today")
            if due == today
            else _("Acknowledge complaint %(complaint)s by tomorrow")
        ) % {"complaint": str(complaint)}
        yield Reminder(
            key=f"complaint:{complaint.pk}:acknowledgement:{due.isoformat()}:{when}",
            recipient=complaint.owner,
            organization=complaint.organization,
            kind=RULE,
            title=title[:200],
            body=_("Its acknowledgement is due on %(date)s.") % {"date": due.isoformat()},
            url=reverse("complaints:complaint_detail", args=[complaint.pk]),
        )


def register() -> None:
    register_reminder_rule(RULE, acknowledgement_due_rule)
