"""The register's API: documents (narrow list rows, filters, full-text q), revisions (filter
by document, workflow steps, review signing, file content, diff), numbering schemes; field
errors 400, stale or refused 409, another organization's records 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qms.accounts.tests.factories import PASSWORD
from qms.core.signatures import Signature
from qms.documents.choices import RevisionStatus
from qms.documents.models import Document, DocumentRevision
from qms.documents.services.documents import document_create

pytestmark = pytest.mark.django_db

DOCS = reverse("api:documents-document-list")
REVS = reverse("api:documents-documentrevision-list")

# The smallest PDF that PDF readers and content sniffing accept.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def revision_url(revision: Any, action: str = "detail", *args: Any) -> str:
    return reverse(f"api:documents-documentrevision-{action}", args=[revision.pk, *args])


@pytest.fixture
def document(organization: Any, quality_manager: Any) -> Document:
    return document_create(
        actor=quality_manager,
        organization=organization,
        data={
            "title": "Handling of complaints",
            "document_type": "procedure",
            "owner": quality_manager,
            "body": "Complaints are logged within a day.",
        },
    )


def first(document: Document) -> DocumentRevision:
    return DocumentRevision.objects.for_organization(document.organization_id).get(
        document=document, number=1
    )


def test_the_list_rows_are_narrow_and_searchable(
    api_client_for: Any, employee: Any, document: Document
) -> None:
    client = api_client_for(employee)
    rows = client.get(DOCS).json()["results"]
    assert [row["number"] for row in rows] == ["QP-001"]
    assert "description" not in rows[0]
    assert rows[0]["owner_email"] == "quality@acme.test"
    assert client.get(DOCS, {"q": "complaints logged"}).json()["results"][0]["id"] == document.pk
    assert client.get(DOCS, {"q": "nothing-like-this"}).json()["results"] == []
    assert client.get(DOCS, {"document_type": "policy"}).json()["results"] == []
    assert client.get(DOCS, {"document_type": "bogus"}).status_code == 400


def test_creating_takes_the_next_number_and_a_duplicate_is_a_409(
    api_client_for: Any, quality_manager: Any, document: Document
) -> None:
    client = api_client_for(quality_manager)
    created = client.post(
        DOCS,
        {
            "title": "Work in the lab",
            "document_type": "work_instruction",
            "owner": quality_manager.pk,
            "body": "Wear gloves.",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["number"] == "WI-001"
    duplicate = client.post(
        DOCS,
        {
            "number": "qp-001",
            "title": "x",
            "document_type": "procedure",
            "owner": quality_manager.pk,
        },
        format="json",
    )
    assert duplicate.status_code == 409
    assert "already exists" in duplicate.json()["message"]
    missing = client.post(DOCS, {"document_type": "procedure"}, format="json")
    assert missing.status_code == 400
    assert "title" in missing.json()["errors"]


def test_a_stale_edit_is_a_409(
    api_client_for: Any, quality_manager: Any, document: Document
) -> None:
    url = reverse("api:documents-document-detail", args=[document.pk])
    client = api_client_for(quality_manager)
    assert (
        client.patch(url, {"title": "New"}, format="json", HTTP_IF_MATCH='"1"').status_code == 200
    )
    stale = client.patch(url, {"title": "Newer"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale"


def test_the_whole_workflow_through_the_api(
    api_client_for: Any, quality_manager: Any, employee: Any, owner: Any, document: Document
) -> None:
    author, reviewer, approver = (api_client_for(u) for u in (quality_manager, employee, owner))
    revision = first(document)
    patched = author.patch(
        revision_url(revision), {"reviewers": [employee.pk], "approvers": [owner.pk]}, format="json"
    )
    assert patched.status_code == 200, patched.json()
    assert (
        author.post(revision_url(revision, "transition", "submit"), {}, format="json").status_code
        == 200
    )
    # editing in review is a 409
    assert author.patch(revision_url(revision), {"body": "x"}, format="json").status_code == 409
    # a wrong password is a 409 and signs nothing
    wrong = reviewer.post(revision_url(revision, "sign-review"), {"password": "no"}, format="json")
    assert wrong.status_code == 409
    assert not Signature.objects.for_organization(document.organization_id).exists()
    signed = reviewer.post(
        revision_url(revision, "sign-review"), {"password": PASSWORD}, format="json"
    )
    assert signed.status_code == 200
    approved = approver.post(
        revision_url(revision, "transition", "approve"), {"password": PASSWORD}, format="json"
    )
    assert approved.status_code == 200, approved.json()
    assert approved.json()["status"] == RevisionStatus.EFFECTIVE
    detail = author.get(reverse("api:documents-document-detail", args=[document.pk])).json()
    assert detail["current_revision"] == revision.pk
    # a new revision through the API, filtered by document, and its diff
    created = author.post(REVS, {"document": document.pk, "change_summary": "More"}, format="json")
    assert created.status_code == 201, created.json()
    new = created.json()
    author.patch(
        reverse("api:documents-documentrevision-detail", args=[new["id"]]),
        {"body": "Complaints are logged within an hour."},
        format="json",
    )
    listed = author.get(REVS, {"document": document.pk}).json()["results"]
    assert {row["number"] for row in listed} == {1, 2}
    diff = author.get(
        reverse("api:documents-documentrevision-diff", args=[new["id"]]), {"against": 1}
    ).json()
    assert (diff["old"], diff["new"], diff["added"], diff["removed"]) == (1, 2, 1, 1)
    assert {line["marker"] for line in diff["lines"]} == {"+", "-"}
    # only one open revision at a time
    again = author.post(REVS, {"document": document.pk}, format="json")
    assert again.status_code == 409


def test_self_approval_through_the_api_is_refused_with_the_message(
    api_client_for: Any, quality_manager: Any, document: Document
) -> None:
    client = api_client_for(quality_manager)
    revision = first(document)
    client.patch(revision_url(revision), {"approvers": [quality_manager.pk]}, format="json")
    client.post(revision_url(revision, "transition", "submit"), {}, format="json")
    refused = client.post(
        revision_url(revision, "transition", "approve"), {"password": PASSWORD}, format="json"
    )
    assert refused.status_code == 409
    assert "You wrote this revision" in refused.json()["message"]


def test_a_revision_with_a_pdf_follows_the_same_rules(
    api_client_for: Any, quality_manager: Any, employee: Any, owner: Any, document: Document
) -> None:
    client = api_client_for(quality_manager)
    revision = first(document)
    upload = SimpleUploadedFile("procedure.pdf", PDF, content_type="application/pdf")
    response = client.post(revision_url(revision, "file"), {"file": upload}, format="multipart")
    assert response.status_code == 200, response.json()
    stored = first(document)
    assert stored.content_format == "file"
    assert stored.content_sha256 == stored.file.sha256
    # a program is refused with a clear message and stores nothing
    exe = SimpleUploadedFile("setup.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    refused = client.post(revision_url(revision, "file"), {"file": exe}, format="multipart")
    assert refused.status_code == 400
    assert first(document).file_id == stored.file_id
    # review and approval work as for written content
    client.patch(
        revision_url(revision), {"reviewers": [employee.pk], "approvers": [owner.pk]}, format="json"
    )
    client.post(revision_url(revision, "transition", "submit"), {}, format="json")
    api_client_for(employee).post(
        revision_url(revision, "sign-review"), {"password": PASSWORD}, format="json"
    )
    approved = api_client_for(owner).post(
        revision_url(revision, "transition", "approve"), {"password": PASSWORD}, format="json"
    )
    assert approved.status_code == 200, approved.json()
    # uploading to an effective revision is refused
    again = SimpleUploadedFile("v2.pdf", PDF, content_type="application/pdf")
    assert (
        client.post(revision_url(revision, "file"), {"file": again}, format="multipart").status_code
        == 409
    )


def test_another_organizations_records_are_404(
    api_client_for: Any, outsider: Any, document: Document
) -> None:
    client = api_client_for(outsider)
    assert (
        client.get(reverse("api:documents-document-detail", args=[document.pk])).status_code == 404
    )
    assert client.get(revision_url(first(document))).status_code == 404
    assert (
        client.post(
            revision_url(first(document), "sign-review"), {"password": PASSWORD}, format="json"
        ).status_code
        == 404
    )
    assert client.get(DOCS).json()["results"] == []


@pytest.mark.parametrize(
    ("persona", "list_status", "create_status"),
    [
        ("viewer", 200, 403),
        ("employee", 200, 403),
        ("auditor", 200, 403),
        ("process_owner", 200, 400),
        ("quality_manager", 200, 400),
        ("owner", 200, 400),
    ],
)
def test_permission_matrix_of_the_documents_api(
    request: pytest.FixtureRequest,
    api_client_for: Any,
    persona: str,
    list_status: int,
    create_status: int,
) -> None:
    client = api_client_for(request.getfixturevalue(persona))
    assert client.get(DOCS).status_code == list_status
    assert client.post(DOCS, {}, format="json").status_code == create_status
