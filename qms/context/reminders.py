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

from .choices import ContextStatus
from .models import ContextIssue, InterestedParty

RULE = "context.review_due"


def _due(limit: date, **filters: Any) -> Iterator[Any]:
    for model in (ContextIssue, InterestedParty):
        yield from (
            model.objects.filter(
                status=ContextStatus.CURRENT,
                next_review_on__isnull=False,
                next_review_on__lte=limit,
                owner__isnull=False,
                **filters,
            )
            .select_related("owner", "organization")
            .order_by("id")
        )


def _label(obj: Any) -> str:
    kind = _("issue") if isinstance(obj, ContextIssue) else _("interested party")
    return f"{kind} “{obj}”"


def review_due_rule(today: date) -> Iterator[Reminder]:
    limit = today + timedelta(days=int(settings.CONTEXT_REVIEW_REMINDER_DAYS))
    for obj in _due(limit):
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
    for model, prefix in ((ContextIssue, "issue"), (InterestedParty, "party")):
        rows = (
            model.objects.filter(
                owner=user,
                status=ContextStatus.CURRENT,
                next_review_on__isnull=False,
                organization_id__in=user.memberships.values("organization_id"),
            )
            .select_related("organization")
            .order_by("next_review_on", "id")
        )
        for obj in rows:
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
