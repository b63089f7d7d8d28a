"""The register's pages: list (filters, search, badges, bounded queries), detail (content,
revisions, signatures, clauses), create and edit, revision pages (edit with preview, sign
review, upload, compare), and the permission matrix and tenancy rules on them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from qms.accounts.tests.factories import PASSWORD
from qms.core.signatures import Signature
from qms.core.workflow import model_transition
from qms.documents.choices import RevisionStatus
from qms.documents.models import Document, DocumentRevision
from qms.documents.services.documents import document_create
from qms.documents.services.revisions import revision_update
from qms.documents.tests.factories import DocumentFactory, DocumentRevisionFactory

pytestmark = pytest.mark.django_db

LIST = reverse("documents:document_list")


@pytest.fixture
def document(organization: Any, quality_manager: Any) -> Document:
    return document_create(
        actor=quality_manager,
        organization=organization,
        data={
            "title": "Control of documented information",
            "document_type": "procedure",
            "owner": quality_manager,
            "body": "# Purpose\n\nHow <script>alert(1)</script> documents are controlled.",
        },
    )


def revision_of(document: Document, number: int = 1) -> DocumentRevision:
    return DocumentRevision.objects.for_organization(document.organization_id).get(
        document=document, number=number
    )


def test_the_register_lists_documents_with_their_columns(
    client_for: Any, employee: Any, document: Document
) -> None:
    response = client_for(employee).get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "QP-001" in html
    assert "Control of documented information" in html
    assert document.get_absolute_url() in html
    assert "none effective" in html


def test_the_register_shows_due_and_overdue_review_badges_in_words(
    client_for: Any, employee: Any, organization: Any
) -> None:
    today = timezone.localdate()
    DocumentFactory(
        organization=organization, number="A-1", next_review_on=today - timedelta(days=1)
    )
    DocumentFactory(
        organization=organization, number="A-2", next_review_on=today + timedelta(days=5)
    )
    DocumentFactory(
        organization=organization, number="A-3", next_review_on=today + timedelta(days=90)
    )
    html = client_for(employee).get(LIST).content.decode()
    assert html.count('data-review="overdue">Overdue<') == 1
    assert html.count('data-review="due">Due soon<') == 1
    overdue = client_for(employee).get(LIST, {"review": "overdue"}).content.decode()
    assert "A-1" in overdue and "A-2" not in overdue and "A-3" not in overdue
    due = client_for(employee).get(LIST, {"review": "due"}).content.decode()
    assert "A-2" in due and "A-1" not in due


def test_the_search_box_finds_by_number_title_and_text(
    client_for: Any, employee: Any, document: Document, organization: Any, quality_manager: Any
) -> None:
    document_create(
        actor=quality_manager,
        organization=organization,
        data={
            "title": "Calibration",
            "document_type": "work_instruction",
            "owner": quality_manager,
            "body": "Gauges are checked monthly.",
        },
    )
    client = client_for(employee)
    for query in ("QP-001", "documented", "controlled"):
        html = client.get(LIST, {"q": query}).content.decode()
        assert "QP-001" in html, query
        assert "WI-001" not in html, query
    html = client.get(LIST, {"q": "gauges monthly"}).content.decode()
    assert "WI-001" in html and "QP-001" not in html


def test_the_detail_page_renders_the_content_inert_and_the_revision_history(
    client_for: Any, employee: Any, document: Document
) -> None:
    response = client_for(employee).get(document.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Purpose</h1>" in html
    assert "<script>alert(1)</script>" not in html
    assert 'id="revisions-heading"' in html
    assert revision_of(document).get_absolute_url() in html


def test_the_add_page_creates_a_document_with_the_next_number(
    client_for: Any, quality_manager: Any, organization: Any
) -> None:
    client = client_for(quality_manager)
    assert client.get(reverse("documents:document_add")).status_code == 200
    response = client.post(
        reverse("documents:document_add"),
        {
            "title": "Quality policy",
            "document_type": "policy",
            "owner": quality_manager.pk,
            "confidentiality": "internal",
            "body": "We deliver.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Document.objects.for_organization(organization).get(title="Quality policy")
    assert created.number == "POL-001"
    assert revision_of(created).body == "We deliver."


def test_a_number_typed_twice_in_another_case_is_a_field_error(
    client_for: Any, quality_manager: Any, document: Document
) -> None:
    response = client_for(quality_manager).post(
        reverse("documents:document_add"),
        {
            "number": "qp-001",
            "title": "Copy",
            "document_type": "procedure",
            "owner": quality_manager.pk,
            "confidentiality": "internal",
        },
    )
    assert response.status_code == 400
    assert "A document numbered qp-001 already exists." in response.content.decode()


def test_the_owner_choices_are_members_of_this_organization_only(
    client_for: Any, quality_manager: Any, outsider: Any
) -> None:
    html = client_for(quality_manager).get(reverse("documents:document_add")).content.decode()
    assert quality_manager.email in html or str(quality_manager) in html
    assert outsider.email not in html


def test_editing_a_draft_revision_and_previewing_it(
    client_for: Any, quality_manager: Any, document: Document
) -> None:
    revision = revision_of(document)
    client = client_for(quality_manager)
    url = reverse("documents:documentrevision_edit", args=[revision.pk])
    assert client.get(url).status_code == 200
    # a preview renders the text and saves nothing (no JavaScript: the whole page)
    preview = client.post(
        url,
        {
            "body": "**bold** <img src=x onerror=alert(1)>",
            "preview": "1",
            "content_format": "markdown",
            "version": revision.version,
        },
    )
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "<strong>bold</strong>" in html
    assert "<img" not in html.split('id="preview"')[1]
    assert revision_of(document).body == revision.body
    # with htmx only the preview panel comes back
    partial = client.post(url, {"body": "*x*", "preview": "1"}, HTTP_HX_REQUEST="true")
    assert partial.content.decode().strip().startswith('<section id="preview"')
    # saving changes the body and its hash
    saved = client.post(
        url,
        {
            "body": "New text",
            "content_format": "markdown",
            "change_summary": "",
            "version": revision.version,
        },
    )
    assert saved.status_code == 302
    stored = revision_of(document)
    assert stored.body == "New text"
    assert stored.content_sha256 != revision.content_sha256


def test_editing_a_revision_in_review_is_refused_on_the_page(
    client_for: Any, quality_manager: Any, owner: Any, document: Document
) -> None:
    revision = revision_update(
        actor=quality_manager, instance=revision_of(document), data={"approvers": [owner]}
    )
    model_transition(actor=quality_manager, instance=revision, transition="submit")
    client = client_for(quality_manager)
    url = reverse("documents:documentrevision_edit", args=[revision.pk])
    response = client.get(url)
    assert response.status_code == 302
    response = client.post(url, {"body": "Sneaky", "content_format": "markdown"}, follow=True)
    assert "Only a draft revision can be edited" in response.content.decode()
    assert revision_of(document).body != "Sneaky"


def test_the_reviewer_signs_on_the_page_and_a_wrong_password_changes_nothing(
    client_for: Any, quality_manager: Any, employee: Any, owner: Any, document: Document
) -> None:
    revision = revision_update(
        actor=quality_manager,
        instance=revision_of(document),
        data={"approvers": [owner], "reviewers": [employee]},
    )
    model_transition(actor=quality_manager, instance=revision, transition="submit")
    client = client_for(employee)
    detail = client.get(revision.get_absolute_url()).content.decode()
    assert "Sign as reviewer" in detail
    url = reverse("documents:documentrevision_sign_review", args=[revision.pk])
    wrong = client.post(url, {"password": "nope"})
    assert wrong.status_code == 409
    assert "The password is not correct" in wrong.content.decode()
    assert not Signature.objects.for_organization(revision.organization_id).exists()
    ok = client.post(url, {"password": PASSWORD})
    assert ok.status_code == 302
    assert Signature.objects.for_organization(revision.organization_id).get().meaning == "reviewed"


def test_self_approval_on_the_page_shows_the_message_and_changes_nothing(
    client_for: Any, quality_manager: Any, document: Document
) -> None:
    revision = revision_update(
        actor=quality_manager, instance=revision_of(document), data={"approvers": [quality_manager]}
    )
    model_transition(actor=quality_manager, instance=revision, transition="submit")
    client = client_for(quality_manager)
    url = reverse("documents:documentrevision_transition", args=[revision.pk, "approve"])
    response = client.post(url, {"password": PASSWORD, "version": revision_of(document).version})
    assert response.status_code == 409
    assert "You wrote this revision, so you cannot approve it" in response.content.decode()
    assert revision_of(document).status == RevisionStatus.IN_REVIEW


def test_the_compare_page_marks_lines_with_signs_and_words(
    client_for: Any, employee: Any, organization: Any, document: Document
) -> None:
    old = revision_of(document)
    new = DocumentRevisionFactory(
        organization=organization, document=document, number=2, body="# Purpose\n\nA new line."
    )
    url = reverse("documents:documentrevision_diff", args=[new.pk])
    response = client_for(employee).get(url, {"against": old.number})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<tr data-diff="added">' in html
    assert "<ins>A new line.</ins>" in html
    assert '<span class="visually-hidden">removed</span>' in html
    assert client_for(employee).get(url, {"against": 99}).status_code == 404


def test_another_organizations_document_is_404(
    client_for: Any, outsider: Any, document: Document
) -> None:
    client = client_for(outsider)
    for url in (
        document.get_absolute_url(),
        reverse("documents:document_edit", args=[document.pk]),
        revision_of(document).get_absolute_url(),
        reverse("documents:documentrevision_edit", args=[revision_of(document).pk]),
        reverse("documents:documentrevision_sign_review", args=[revision_of(document).pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert b"QP-001" not in client.get(LIST).content


@pytest.mark.parametrize(
    ("persona", "list_status", "add_status", "edit_status"),
    [
        (None, 302, 302, 302),
        ("stranger", 403, 403, 404),
        ("viewer", 200, 403, 403),
        ("employee", 200, 403, 403),
        ("auditor", 200, 403, 403),
        ("process_owner", 200, 200, 403),
        ("quality_manager", 200, 200, 200),
        ("owner", 200, 200, 200),
    ],
)
def test_permission_matrix_of_the_register_pages(
    request: pytest.FixtureRequest,
    client_for: Any,
    document: Document,
    persona: str | None,
    list_status: int,
    add_status: int,
    edit_status: int,
) -> None:
    user = request.getfixturevalue(persona) if persona else None
    client = client_for(user)
    assert client.get(LIST).status_code == list_status
    assert client.get(reverse("documents:document_add")).status_code == add_status
    assert (
        client.get(reverse("documents:document_edit", args=[document.pk])).status_code
        == edit_status
    )


def test_starting_a_revision_on_the_page_and_refusing_a_second_one(
    client_for: Any, quality_manager: Any, employee: Any, owner: Any, document: Document
) -> None:
    from qms.documents.services.revisions import revision_sign_review

    revision = revision_update(
        actor=quality_manager,
        instance=revision_of(document),
        data={"approvers": [owner], "reviewers": [employee]},
    )
    model_transition(actor=quality_manager, instance=revision, transition="submit")
    revision_sign_review(actor=employee, revision=revision, password=PASSWORD)
    model_transition(
        actor=owner, instance=revision_of(document), transition="approve", password=PASSWORD
    )
    client = client_for(quality_manager)
    start = reverse("documents:revision_start", args=[document.pk])
    assert "Start a new revision" in client.get(document.get_absolute_url()).content.decode()
    response = client.post(start, {"change_summary": "Update the scope"})
    second = revision_of(document, 2)
    assert response["Location"] == reverse("documents:documentrevision_edit", args=[second.pk])
    assert second.change_summary == "Update the scope"
    refused = client.post(start, {}, follow=True)
    assert "Revision 2 is still draft" in refused.content.decode()
    assert client_for(employee).post(start, {}).status_code == 403


def test_uploading_a_file_on_the_page_and_a_refused_file(
    client_for: Any, quality_manager: Any, document: Document
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qms.documents.tests.test_api_register import PDF

    revision = revision_of(document)
    client = client_for(quality_manager)
    url = reverse("documents:documentrevision_file", args=[revision.pk])
    bad = client.post(url, {"file": SimpleUploadedFile("x.pdf", b"MZ" + b"\0" * 100)}, follow=True)
    assert revision_of(document).file_id is None
    assert "message-error" in bad.content.decode()
    client.post(url, {"file": SimpleUploadedFile("p.pdf", PDF, content_type="application/pdf")})
    stored = revision_of(document)
    assert stored.content_format == "file"
    html = client.get(stored.get_absolute_url()).content.decode()
    assert "data-file-link" in html and "p.pdf" in html


def test_the_revision_list_shows_revisions_of_this_organization(
    client_for: Any, employee: Any, document: Document
) -> None:
    response = client_for(employee).get(reverse("documents:documentrevision_list"))
    assert response.status_code == 200
    assert revision_of(document).get_absolute_url() in response.content.decode()
