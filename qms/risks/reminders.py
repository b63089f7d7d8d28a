"""Reminder rules of the risk register, delivered by `qms remind` (qms/core/reminders.py):

- "risks.review_due": the owner of each open entry, RISKS_REVIEW_REMINDER_DAYS before its next
  review date (one reminder per entry and review date).
- "risks.review_overdue": the owner of each open entry whose review date has passed (one
  reminder per entry and review date: a new review date makes a new key).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from qms.core.calendar import CalendarItem, register_calendar_source
from qms.core.reminders import Reminder, register_reminder_rule

from .selectors import reviews_of_user, risks_review_due, risks_review_overdue

DUE = "risks.review_due"
OVERDUE = "risks.review_overdue"


def review_due_rule(today: date) -> Iterator[Reminder]:
    days = int(settings.RISKS_REVIEW_REMINDER_DAYS)
    for risk in risks_review_due(first=today, last=today + timedelta(days=days)):
        due = risk.next_review_on
        if due is None:
            continue
        yield Reminder(
            key=f"risk:{risk.pk}:review:{due.isoformat()}:due",
            recipient=risk.owner,
            organization=risk.organization,
            kind=DUE,
            title=(_("Review %(risk)s by %(date)s") % {"risk": risk, "date": due.isoformat()})[
                :200
            ],
            body=_("Its next review is due on %(date)s.") % {"date": due.isoformat()},
            url=risk.get_absolute_url(),
        )


def review_overdue_rule(today: date) -> Iterator[Reminder]:
    for risk in risks_review_overdue(today=today):
        due = risk.next_review_on
        if due is None:
            continue
        yield Reminder(
            key=f"risk:{risk.pk}:review:{due.isoformat()}:overdue",
            recipient=risk.owner,
            organization=risk.organization,
            kind=OVERDUE,
            title=(_("Review of %(risk)s is overdue") % {"risk": risk})[:200],
            body=_("Its review was due on %(date)s.") % {"date": due.isoformat()},
            url=risk.get_absolute_url(),
        )


def review_dates_source(user: object) -> Iterator[CalendarItem]:
    host = settings.BASE_URL.split("://", 1)[-1].split("/", 1)[0] or "qms"
    for risk in reviews_of_user(user=user):
        if risk.next_review_on is None:
            continue
        yield CalendarItem(
            uid=f"risk-review-{risk.pk}@{host}",
            title=_("Review %(risk)s") % {"risk": f"{risk.number} {risk.title}"},
            day=risk.next_review_on,
            url=risk.get_absolute_url(),
            description=_("Periodic review of a risk or opportunity you own."),
            organization_name=risk.organization.name,
        )


def register() -> None:
    register_reminder_rule(DUE, review_due_rule)
    register_reminder_rule(OVERDUE, review_overdue_rule)
    register_calendar_source("risks.review_dates", review_dates_source)
