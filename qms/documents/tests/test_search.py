"""Full-text search over the register: number, title and the native text of the effective
(or, before the first approval, the latest) revision; other organizations never match."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from qms.accounts.tests.factories import PASSWORD
from qms.core.search import search_reindex
from qms.core.workflow import model_transition
from qms.documents.models import Document, DocumentRevision
from qms.documents.selectors.register import document_list
from qms.documents.services.documents import document_create
from qms.documents.services.revisions import revision_create, revision_sign_review, revision_update

pytestmark = pytest.mark.django_db


class Request:
    def __init__(self, organization: Any) -> None:
        self.organization = organization
        self.user = AnonymousUser()


def found(user: Any, organization: Any, query: str) -> list[str]:
    rows = document_list(
        user=user, organization=organization, filters={"q": query}, request=Request(organization)
    )
    return [document.number for document in rows]


@pytest.fixture
def documents(organization: Any, quality_manager: Any) -> list[Document]:
    def make(title: str, kind: str, body: str) -> Document:
        return document_create(
            actor=quality_manager,
            organization=organization,
            data={"title": title, "document_type": kind, "owner": quality_manager, "body": body},
        )

    return [
        make("Control of nonconforming output", "procedure", "Segregate and tag the part."),
        make("Calibration of gauges", "work_instruction", "Check the micrometer monthly."),
    ]


def test_search_finds_by_number_title_and_body(
    quality_manager: Any, organization: Any, documents: list[Document]
) -> None:
    assert found(quality_manager, organization, "QP-001") == ["QP-001"]
    assert found(quality_manager, organization, "qp 001") == ["QP-001"]
    assert found(quality_manager, organization, "calibration") == ["WI-001"]
    assert found(quality_manager, organization, "micrometer monthly") == ["WI-001"]
    assert found(quality_manager, organization, "segreg") == ["QP-001"]
    assert found(quality_manager, organization, "") == ["QP-001", "WI-001"]


def test_another_organizations_documents_never_match(
    outsider: Any, other_organization: Any, documents: list[Document]
) -> None:
    assert found(outsider, other_organization, "calibration") == []


def test_the_index_follows_the_effective_revision_and_reindexing_rebuilds_it(
    quality_manager: Any, employee: Any, owner: Any, organization: Any, documents: list[Document]
) -> None:
    document = documents[1]
    revision = DocumentRevision.objects.for_organization(organization).get(document=document)
    revision = revision_update(
        actor=quality_manager,
        instance=revision,
        data={"reviewers": [employee], "approvers": [owner]},
    )
    model_transition(actor=quality_manager, instance=revision, transition="submit")
    revision_sign_review(actor=employee, revision=revision, password=PASSWORD)
    model_transition(actor=owner, instance=revision, transition="approve", password=PASSWORD)
    draft = revision_create(actor=quality_manager, document=document)
    revision_update(actor=quality_manager, instance=draft, data={"body": "Use the laser gauge."})
    # the effective text stays searchable while revision 2 is a draft
    assert found(quality_manager, organization, "micrometer") == ["WI-001"]
    assert found(quality_manager, organization, "laser") == []
    written = search_reindex(label="documents.document")
    assert written == {"documents.document": 2}
    assert found(quality_manager, organization, "micrometer") == ["WI-001"]
