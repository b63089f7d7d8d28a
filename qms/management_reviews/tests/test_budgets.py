"""Query budgets: the review list page, its export, the API list, the detail page with its
pack and the PDF context cost the same for few and for many records."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qms.management_reviews import services
from qms.management_reviews.pdf import review_context
from qms.management_reviews.tests.factories import (
    AttendanceFactory,
    ManagementReviewFactory,
    OutputFactory,
)

pytestmark = pytest.mark.django_db


def _reviews(organization: Any, chair: Any, n: int) -> None:
    for review in ManagementReviewFactory.create_batch(n, organization=organization, chair=chair):
        AttendanceFactory(organization=organization, review=review)


def _same_cost(make: Any, fn: Any) -> None:
    make(3)
    fn()  # warm caches (session, permissions, content types)
    with CaptureQueriesContext(connection) as few:
        fn()
    make(30)
    with CaptureQueriesContext(connection) as many:
        fn()
    assert len(many.captured_queries) <= len(few.captured_queries)


def test_list_page_export_and_api(
    organization: Any, quality_manager: Any, client_for: Any, api_client_for: Any
) -> None:
    client = client_for(quality_manager)
    api = api_client_for(quality_manager)

    def read() -> None:
        assert client.get("/management-reviews/?per_page=200").status_code == 200
        export = client.get("/management-reviews/?export=csv")
        assert export.status_code == 200
        b"".join(export.streaming_content)
        assert api.get(reverse("api:management_reviews-managementreview-list")).status_code == 200
        assert client.get("/management-reviews/decisions/?per_page=200").status_code == 200
        assert client.get("/management-reviews/attendance/?per_page=200").status_code == 200

    def make(n: int) -> None:
        _reviews(organization, quality_manager, n)
        for _ in range(n):
            OutputFactory(organization=organization)

    _same_cost(make, read)


def test_detail_page_and_pdf_context(
    organization: Any, quality_manager: Any, client_for: Any
) -> None:
    review = ManagementReviewFactory(organization=organization, chair=quality_manager)
    services.pack_compile(actor=quality_manager, review=review)
    client = client_for(quality_manager)

    def read() -> None:
        assert client.get(review.get_absolute_url()).status_code == 200
        review_context(review=review)

    def make(n: int) -> None:
        for _ in range(n):
            AttendanceFactory(organization=organization, review=review)
            OutputFactory(organization=organization, review=review)

    _same_cost(make, read)
