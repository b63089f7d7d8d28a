"""Reminder and calendar entries of management reviews (qms/core/reminders.py, calendar.py):

- "management_reviews.pack_due": the chair of a review planned within
  settings.MANAGEMENT_REVIEWS_PACK_REMINDER_DAYS (env QMS_MANAGEMENT_REVIEWS_PACK_REMINDER_DAYS,
  14) days whose input pack is not compiled yet (one reminder per review and planned date).
- calendar source "management_reviews.planned": reviews still to be held, on their date.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from qms.core.calendar import CalendarItem, register_calendar_source
from qms.core.reminders import Reminder, register_reminder_rule

from .selectors import planned_reviews_of_user, reviews_to_compile

PACK_DUE = "management_reviews.pack_due"


def pack_due_rule(today: date) -> Iterator[Reminder]:
    days = int(settings.MANAGEMENT_REVIEWS_PACK_REMINDER_DAYS)
    for review in reviews_to_compile(first=today, last=today + timedelta(days=days)):
        yield Reminder(
            key=f"management-review:{review.pk}:pack:{review.planned_on.isoformat()}",
            recipient=review.chair,
            organization=review.organization,
            kind=PACK_DUE,
            title=(
                _("Compile the input pack of %(review)s (meeting on %(date)s)")
                % {"review": review, "date": review.planned_on.isoformat()}
            )[:200],
            body=_("The review meets on %(date)s and its input pack is not compiled yet.")
            % {"date": review.planned_on.isoformat()},
            url=review.get_absolute_url(),
        )


def planned_reviews_source(user: Any) -> Iterator[CalendarItem]:
    host = settings.BASE_URL.split("://", 1)[-1].split("/", 1)[0] or "qms"
    for review in planned_reviews_of_user(user=user):
        yield CalendarItem(
            uid=f"management-review-{review.pk}@{host}",
            title=_("Management review %(review)s") % {"review": review},
            day=review.planned_on,
            url=review.get_absolute_url(),
            description=_("Management review meeting (ISO 9001 9.3)."),
            organization_name=review.organization.name,
        )


def register() -> None:
    register_reminder_rule(PACK_DUE, pack_due_rule)
    register_calendar_source("management_reviews.planned", planned_reviews_source)
