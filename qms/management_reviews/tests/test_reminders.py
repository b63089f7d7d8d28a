"""The chair is reminded once when a review meets within 14 days and its pack is not
compiled; a compiled pack is not reminded; the calendar shows the reviews to hold."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from qms.core.notifications import Notification
from qms.core.reminders import reminders_run
from qms.management_reviews import services
from qms.management_reviews.reminders import PACK_DUE, planned_reviews_source

pytestmark = pytest.mark.django_db

MEETING = dt.date(2026, 3, 10)


def sent(report: Any, rule: str) -> int:
    return next(r.sent for r in report.rules if r.name == rule)


def test_pack_reminder_once_and_not_after_compiling(make_review: Any, quality_manager: Any) -> None:
    review = make_review(planned_on=MEETING)
    assert sent(reminders_run(today=MEETING - dt.timedelta(days=20)), PACK_DUE) == 0
    assert sent(reminders_run(today=MEETING - dt.timedelta(days=14)), PACK_DUE) == 1
    assert sent(reminders_run(today=MEETING - dt.timedelta(days=13)), PACK_DUE) == 0
    mine = Notification.objects.for_recipient(quality_manager).filter(kind=PACK_DUE)
    assert [n.url for n in mine] == [review.get_absolute_url()]
    other = make_review(planned_on=MEETING + dt.timedelta(days=1))
    services.pack_compile(actor=quality_manager, review=other)
    assert sent(reminders_run(today=MEETING - dt.timedelta(days=5)), PACK_DUE) == 0


def test_calendar_lists_reviews_to_hold(
    make_review: Any, quality_manager: Any, viewer: Any, outsider: Any
) -> None:
    review = make_review()
    items = list(planned_reviews_source(viewer))
    assert [(i.day, i.url) for i in items] == [(review.planned_on, review.get_absolute_url())]
    assert list(planned_reviews_source(outsider)) == []
