"""Reminders and calendar entries of the context (qms/core/reminders.py, core/calendar.py):

- "context.review_due": the owner of each current issue or interested party whose review
  is due within CONTEXT_REVIEW_REMINDER_DAYS (or overdue): one reminder per record and due
  date (the key names both, so moving the date by a review makes a new one).
- calendar source "context.review_dates": the review dates of the records a person owns.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from qms.core.calendar import CalendarItem, register_calendar_source
from qms.core.reminders import Reminder, register_reminder_rule

from .models import ContextIssue
from .selectors import review_dates_of_user, review_reminders

RULE = "context.review_due"


def _label(obj: Any) -> str:
    kind = _("issue") if isinstance(obj, ContextIssue) else _("interested party")
    return f"{kind} “{obj}”"


def review_due_rule(today: date) -> Iterator[Reminder]:
    limit = today + timedelta(days=int(settings.CONTEXT_REVIEW_REMINDER_DAYS))
    for obj in review_reminders(limit=limit):
        due = obj.next_review_on
        prefix = "issue" if isinstance(obj, ContextIssue) else "party"
        title = _("Review the context %(what)s by %(date)s") % {
            "what": _label(obj),
            "date": due.isoformat(),
        }
        yield Reminder(
            key=f"context-{prefix}:{obj.pk}:review:{due.isoformat()}",
            recipient=obj.owner,
            organization=obj.organization,
            kind=RULE,
            title=title[:200],
            body=_("Check it still holds, then record the review on its page."),
            url=obj.get_absolute_url(),
        )


def review_dates_source(user: Any) -> Iterator[CalendarItem]:
    """The review dates of the current issues and parties the user owns."""
    host = settings.BASE_URL.split("://", 1)[-1].split("/", 1)[0] or "qms"
    for obj in review_dates_of_user(user=user):
        prefix = "issue" if isinstance(obj, ContextIssue) else "party"
        yield CalendarItem(
            uid=f"context-{prefix}-{obj.pk}-review@{host}",
            title=str(_("Review: %(what)s") % {"what": obj}),
            day=obj.next_review_on,
            url=obj.get_absolute_url(),
            organization_name=obj.organization.name,
        )


def register() -> None:
    register_reminder_rule(RULE, review_due_rule)
    register_calendar_source("context.review_dates", review_dates_source)
