"""The API list's fast filter path on the document register: the same rows and the same
400 errors as django-filter's path (the NC register has its own test)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from qms.documents.filtersets import DocumentFilterSet
from qms.documents.tests.factories import DocumentFactory

from .helpers_fast_filters import assert_same_answers

pytestmark = pytest.mark.django_db

DOCS = reverse("api:documents-document-list")

QUERIES: list[dict[str, Any]] = [
    {"status": "draft"},
    {"document_type": "procedure", "confidentiality": "internal"},
    {"document_type": "form"},
    {"document_type": ""},
    {"document_type": ["form", "procedure"]},
    {"document_type": "Procedure"},  # 400
    {"status": "nope", "document_type": "procedure"},  # 400
    {"review": "overdue"},  # a method filter the FilterSet does not declare simple
    {"review": "bogus"},  # 400 from django-filter
    {"document_type": "procedure", "q": "procedure"},
    {"document_type": "procedure", "owner": "abc"},  # 400 from django-filter
]


@pytest.fixture
def register(organization: Any, quality_manager: Any) -> None:
    for n in range(8):
        DocumentFactory(
            organization=organization,
            owner=quality_manager,
            document_type=("procedure", "form")[n % 2],
        )


def test_the_document_register_has_simple_filters() -> None:
    from qms.core.api.lists import simple_filters_of

    assert set(simple_filters_of(DocumentFilterSet)) == {
        "document_type",
        "status",
        "confidentiality",
    }


@pytest.mark.parametrize("params", QUERIES, ids=[str(query) for query in QUERIES])
def test_the_fast_path_answers_as_django_filter_does(
    register: None, api_client_for: Any, employee: Any, params: dict[str, Any], monkeypatch: Any
) -> None:
    assert_same_answers(api_client_for(employee), DOCS, params, monkeypatch)
