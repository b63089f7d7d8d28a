"""Review reminders of issues and parties, and their calendar entries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from qms.context.reminders import review_dates_source, review_due_rule
from qms.context.tests.factories import ContextIssueFactory, InterestedPartyFactory
from qms.core.notifications import Notification
from qms.core.reminders import reminders_run

pytestmark = pytest.mark.django_db


def test_the_owner_is_reminded_of_reviews_falling_due(
    organization: Any, quality_manager: Any, settings: Any
) -> None:
    settings.CONTEXT_REVIEW_REMINDER_DAYS = 14
    today = timezone.localdate()
    due = ContextIssueFactory(
        organization=organization, owner=quality_manager, next_review_on=today + dt.timedelta(10)
    )
    late = InterestedPartyFactory(
        organization=organization, owner=quality_manager, next_review_on=today - dt.timedelta(3)
    )
    ContextIssueFactory(
        organization=organization, owner=quality_manager, next_review_on=today + dt.timedelta(30)
    )
    ContextIssueFactory(
        organization=organization,
        owner=quality_manager,
        next_review_on=today,
        status="retired",
    )
    ContextIssueFactory(organization=organization, owner=None, next_review_on=today)
    reminders = list(review_due_rule(today))
    assert sorted(r.url for r in reminders) == sorted(
        [due.get_absolute_url(), late.get_absolute_url()]
    )
    assert all(r.recipient == quality_manager for r in reminders)
    assert len({r.key for r in reminders}) == 2
    assert {r.key for r in review_due_rule(today)} == {r.key for r in reminders}
    reminders_run(today=today)
    reminders_run(today=today)  # idempotent by key
    sent = Notification.objects.filter(recipient=quality_manager, kind="context.review_due")
    assert sent.count() == 2


def test_the_calendar_shows_the_review_dates_of_ones_own_records(
    organization: Any, quality_manager: Any, viewer: Any
) -> None:
    day = timezone.localdate() + dt.timedelta(days=40)
    issue = ContextIssueFactory(
        organization=organization, owner=quality_manager, next_review_on=day
    )
    items = list(review_dates_source(quality_manager))
    assert [(item.day, item.url) for item in items] == [(day, issue.get_absolute_url())]
    assert list(review_dates_source(viewer)) == []
