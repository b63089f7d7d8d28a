"""Query budget: the register page and the API list issue the same number of queries per
page with 20 documents as with 10,000 (bounded count, no query per row)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.documents.models import Document

pytestmark = pytest.mark.django_db


def add_documents(organization: Any, owner: Any, start: int, count: int) -> None:
    rows = [
        Document(
            organization=organization,
            number=f"D-{index:05d}",
            title=f"Document {index}",
            document_type="procedure",
            owner=owner,
        )
        for index in range(start, start + count)
    ]
    with allow_unaudited_writes():
        Document.objects.bulk_create(rows, batch_size=1000)


def queries(client: Any, url: str, params: dict[str, Any] | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_register_page_and_api_list_cost_the_same_with_10000_documents(
    client_for: Any, api_client_for: Any, quality_manager: Any, organization: Any
) -> None:
    page = client_for(quality_manager)
    api = api_client_for(quality_manager)
    page_url = reverse("documents:document_list")
    api_url = reverse("api:documents-document-list")
    add_documents(organization, quality_manager, 0, 20)
    queries(page, page_url)  # warm caches (content types, sessions)
    queries(api, api_url)
    small = (
        queries(page, page_url),
        queries(api, api_url),
        queries(page, page_url, {"page": 2, "per_page": 10}),
    )

    add_documents(organization, quality_manager, 20, 9_980)
    large = (
        queries(page, page_url),
        queries(api, api_url),
        queries(page, page_url, {"page": 2, "per_page": 10}),
    )

    assert large == small, (small, large)
    assert max(large) <= 15
