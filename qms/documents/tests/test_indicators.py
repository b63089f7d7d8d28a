"""The document register's indicator: overdue periodic reviews at the period's end, the
same filter as the register's "Review overdue" (selectors.reviews.review_overdue_on)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from qms.core.indicators import get_indicator, indicator_value

from .factories import DocumentFactory

pytestmark = pytest.mark.django_db

DOCS = reverse("api:documents-document-list")


def test_overdue_reviews_at_the_period_end(organization, other_organization):
    end, long_ago = dt.date(2026, 3, 31), dt.date(2026, 1, 1)
    for day in (end - dt.timedelta(days=1), end, None):
        DocumentFactory(organization=organization, status="active", next_review_on=day)
    DocumentFactory(organization=organization, status="draft", next_review_on=long_ago)
    DocumentFactory(
        organization=organization, status="obsolete", next_review_on=dt.date(2026, 1, 1)
    )
    DocumentFactory(
        organization=other_organization, status="active", next_review_on=dt.date(2026, 1, 1)
    )

    assert get_indicator("documents.overdue_reviews").better == "lower"
    # Only the one due the day before the end: due on the last day is not overdue yet.
    assert (
        indicator_value("documents.overdue_reviews", organization.pk, dt.date(2026, 3, 1), end) == 1
    )


def test_today_equals_the_registers_review_overdue_filter(
    organization, api_client_for, quality_manager
):
    today = timezone.localdate()
    for back in (-3, -1, 0, 5):
        DocumentFactory(
            organization=organization,
            status="active",
            next_review_on=today + dt.timedelta(days=back),
        )
    figure = indicator_value("documents.overdue_reviews", organization.pk, today, today)
    response = api_client_for(quality_manager).get(DOCS, {"review": "overdue", "count": "true"})
    assert response.status_code == 200
    assert figure == response.json()["count"] == 2
