from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from qms.accounts.tests.factories import PASSWORD  # noqa: F401  (re-exported)
from qms.management_reviews import services
from qms.management_reviews.models import ManagementReview


@pytest.fixture
def make_review(organization: Any, quality_manager: Any) -> Any:
    """A planned review created through the service."""

    def make(**data: Any) -> ManagementReview:
        values = {
            "title": "Annual management review",
            "planned_on": dt.date(2026, 3, 10),
            "period_start": dt.date(2025, 3, 1),
            "period_end": dt.date(2026, 2, 28),
            "chair": quality_manager,
            **data,
        }
        return services.review_create(actor=quality_manager, organization=organization, data=values)

    return make


@pytest.fixture
def held_review(make_review: Any, quality_manager: Any) -> ManagementReview:
    """A review with its pack compiled, one person present, recorded as held."""
    from qms.core.workflow import model_transition

    review = make_review()
    review = services.pack_compile(actor=quality_manager, review=review)
    services.attendance_add(
        actor=quality_manager,
        review=review,
        data={"user": quality_manager, "role": "Quality manager", "status": "present"},
    )
    return model_transition(actor=quality_manager, instance=review, transition="hold")
