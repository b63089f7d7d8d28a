"""Linked clauses: set on the document's page (the standards chooser), shown on its page
with a link to the clause, in the register's column, and as a filter of page and API."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from qms.documents.models import Document
from qms.documents.services.documents import document_create, document_update
from qms.standards.selectors import clauses_for_subject
from qms.standards.tests.factories import ClauseFactory, EditionFactory, OrganizationStandardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clauses(organization: Any) -> list[Any]:
    edition = EditionFactory()
    OrganizationStandardFactory(organization=organization, edition=edition)
    return [
        ClauseFactory(edition=edition, number="7.5", title="Documented information"),
        ClauseFactory(edition=edition, number="8.7", title="Control of nonconforming outputs"),
    ]


def test_clauses_linked_on_creation_show_on_the_page_and_filter_the_register(
    client_for: Any,
    api_client_for: Any,
    quality_manager: Any,
    organization: Any,
    clauses: list[Any],
) -> None:
    client = client_for(quality_manager)
    response = client.post(
        reverse("documents:document_add"),
        {
            "title": "Control of documents",
            "document_type": "procedure",
            "owner": quality_manager.pk,
            "confidentiality": "internal",
            "clauses": [clauses[0].pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    document = Document.objects.for_organization(organization).get()
    assert clauses_for_subject(subject=document) == [clauses[0]]
    html = client.get(document.get_absolute_url()).content.decode()
    assert "7.5 Documented information" in html
    assert clauses[0].get_absolute_url() in html
    other = document_create(
        actor=quality_manager,
        organization=organization,
        data={"title": "Other", "document_type": "form", "owner": quality_manager},
    )
    listing = client.get(reverse("documents:document_list"), {"clause": clauses[0].pk})
    text = listing.content.decode()
    assert document.number in text and other.number not in text
    rows = (
        api_client_for(quality_manager)
        .get(reverse("api:documents-document-list"), {"clause": clauses[0].pk})
        .json()["results"]
    )
    assert [row["id"] for row in rows] == [document.pk]


def test_editing_replaces_the_linked_clauses(
    quality_manager: Any, organization: Any, clauses: list[Any]
) -> None:
    document = document_create(
        actor=quality_manager,
        organization=organization,
        data={
            "title": "Control",
            "document_type": "procedure",
            "owner": quality_manager,
            "clauses": clauses,
        },
    )
    assert len(clauses_for_subject(subject=document)) == 2
    document_update(actor=quality_manager, instance=document, data={"clauses": [clauses[1]]})
    assert clauses_for_subject(subject=document) == [clauses[1]]
