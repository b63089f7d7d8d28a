"""Attachments in pages and in the API: upload, download, removal, permissions, budgets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from qms.accounts.tests.factories import MembershipFactory
from qms.core.attachments import Attachment, attachment_add, attachment_list, attachment_remove
from qms.core.audit import AuditEvent
from qms.organizations.tests.factories import SiteFactory

from .factories import AttachmentFactory
from .test_attachments import DOCX, PDF, PNG, stored_files, upload

API = "/api/v1/attachments/"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def site(organization: Any) -> Any:
    return SiteFactory(organization=organization, name="Leeds works")


@pytest.fixture
def theirs(other_organization: Any, outsider: Any) -> Any:
    """A Northwind site with a file."""
    site = SiteFactory(organization=other_organization, name="Northwind foundry")
    return attachment_add(actor=outsider, subject=site, upload=upload("secret.pdf", PDF))


def upload_url(site: Any) -> str:
    return reverse("core:attachment_upload", args=["organizations.site", site.pk])


def download_url(attachment: Any) -> str:
    return reverse("core:attachment_download", args=[attachment.pk])


def remove_url(attachment: Any) -> str:
    return reverse("core:attachment_remove", args=[attachment.pk])


# --- Pages ----------------------------------------------------------------------------------


def test_uploading_from_the_page_attaches_and_goes_back_to_the_record(
    client_for: Any, quality_manager: Any, site: Any
) -> None:
    # when
    response = client_for(quality_manager).post(
        upload_url(site), {"file": upload("plan.pdf", PDF), "description": "Site plan"}
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == site.get_absolute_url()
    attachment = Attachment.objects.for_subject(site).get()
    assert (attachment.name, attachment.description) == ("plan.pdf", "Site plan")


def test_uploading_with_htmx_answers_the_updated_panel(
    client_for: Any, quality_manager: Any, site: Any
) -> None:
    response = client_for(quality_manager).post(
        upload_url(site), {"file": upload("plan.pdf", PDF)}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="attachments-organizations-site-' in html
    assert "plan.pdf" in html
    assert "<html" not in html


def test_a_refused_upload_shows_the_reason_on_the_page_and_stores_nothing(
    client_for: Any, quality_manager: Any, site: Any, media: Path
) -> None:
    # when a PNG named .pdf is uploaded without JavaScript
    response = client_for(quality_manager).post(
        upload_url(site), {"file": upload("report.pdf", PNG)}
    )
    # then the page says why, and nothing is kept
    assert response.status_code == 400
    assert "report.pdf is a PNG image, not a PDF document." in response.content.decode()
    assert stored_files(media) == []
    assert not Attachment.objects.for_subject(site).exists()

    # and with htmx the panel comes back with the same message (htmx swaps 2xx only)
    response = client_for(quality_manager).post(
        upload_url(site), {"file": upload("report.pdf", PNG)}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "report.pdf is a PNG image, not a PDF document." in response.content.decode()


def test_the_upload_page_works_without_javascript(
    client_for: Any, quality_manager: Any, site: Any
) -> None:
    response = client_for(quality_manager).get(upload_url(site))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'type="file"' in html


def test_who_may_upload_from_pages(
    client_for: Any, employee: Any, outsider: Any, site: Any, media: Path
) -> None:
    data = {"file": upload("a.pdf", PDF)}
    # anonymous: to the log-in page
    assert client_for(None).post(upload_url(site), data).status_code == 302
    # a member who may view the site but not change it: 403
    data = {"file": upload("a.pdf", PDF)}
    assert client_for(employee).post(upload_url(site), data).status_code == 403
    # another organization's quality manager: the site does not exist for them
    data = {"file": upload("a.pdf", PDF)}
    assert client_for(outsider).post(upload_url(site), data).status_code == 404
    # an unknown record type or a model that is not a record of an organization: 404
    for url in (
        reverse("core:attachment_upload", args=["nope.thing", 1]),
        reverse("core:attachment_upload", args=["accounts.user", employee.pk]),
    ):
        assert client_for(employee).get(url).status_code == 404
    assert stored_files(media) == []


def test_download_sends_the_original_name_as_an_attachment_with_nosniff(
    client_for: Any, owner: Any, viewer: Any, site: Any
) -> None:
    # given
    attachment = attachment_add(actor=owner, subject=site, upload=upload("Plan (v2).pdf", PDF))
    # when a viewer downloads it
    response = client_for(viewer).get(download_url(attachment))
    # then
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="Plan (v2).pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_only_pdf_and_images_may_open_inline(client_for: Any, owner: Any, site: Any) -> None:
    pdf = attachment_add(actor=owner, subject=site, upload=upload("a.pdf", PDF))
    docx = attachment_add(actor=owner, subject=site, upload=upload("b.docx", DOCX))
    text = attachment_add(actor=owner, subject=site, upload=upload("c.txt", b"<b>hi</b>"))
    client = client_for(owner)
    assert client.get(download_url(pdf) + "?inline=1")["Content-Disposition"].startswith("inline")
    assert client.get(download_url(docx) + "?inline=1")["Content-Disposition"].startswith(
        "attachment"
    )
    response = client.get(download_url(text) + "?inline=1")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_a_tampered_file_is_refused_and_logged(
    client_for: Any, owner: Any, site: Any, media: Path
) -> None:
    # given the stored file was changed after upload
    attachment = attachment_add(actor=owner, subject=site, upload=upload("a.pdf", PDF))
    (media / attachment.file.name).write_bytes(b"%PDF-1.7 forged")
    # when
    response = client_for(owner).get(download_url(attachment))
    # then it is not served, the page says why, and the audit trail has it
    assert response.status_code == 409
    html = response.content.decode()
    assert "forged" not in html
    assert 'data-integrity="changed"' in html
    event = AuditEvent.objects.for_subject(attachment).get()
    assert event.event_type == "attachment.integrity_failed"
    assert event.data["expected_sha256"] == attachment.sha256


def test_outsiders_and_anonymous_cannot_download(
    client_for: Any, outsider: Any, owner: Any, site: Any, theirs: Any
) -> None:
    ours = attachment_add(actor=owner, subject=site, upload=upload("a.pdf", PDF))
    assert client_for(outsider).get(download_url(ours)).status_code == 404
    assert client_for(owner).get(download_url(theirs)).status_code == 404
    assert client_for(None).get(download_url(ours)).status_code == 302


def test_removing_from_the_page_needs_a_reason_and_keeps_the_file(
    client_for: Any, owner: Any, employee: Any, site: Any, media: Path
) -> None:
    attachment = attachment_add(actor=owner, subject=site, upload=upload("a.pdf", PDF))
    client = client_for(owner)
    # the confirmation page asks for the reason
    assert client.get(remove_url(attachment)).status_code == 200
    # without a reason: refused
    response = client.post(remove_url(attachment), {"reason": ""})
    assert response.status_code == 400
    # an employee may not remove
    assert client_for(employee).post(remove_url(attachment), {"reason": "x"}).status_code == 403
    # with a reason: removed from the list, file kept
    response = client.post(remove_url(attachment), {"reason": "Duplicate", "version": "1"})
    assert response.status_code == 302
    attachment.refresh_from_db()
    assert attachment.removal_reason == "Duplicate"
    assert (media / attachment.file.name).exists()
    # removing it again is a conflict
    assert client.post(remove_url(attachment), {"reason": "again"}).status_code == 409


def test_the_panel_lists_files_offers_upload_and_removal_to_those_who_may_change(
    owner: Any, viewer: Any, site: Any
) -> None:
    # given one present and one removed file
    kept = attachment_add(actor=owner, subject=site, upload=upload("kept.pdf", PDF))
    gone = attachment_add(actor=owner, subject=site, upload=upload("gone.png", PNG))
    attachment_remove(actor=owner, attachment=gone, reason="Blurred photo")
    template = Template("{% load qms_attachments %}{% attachments_panel subject %}")

    def render(user: Any) -> str:
        request = RequestFactory().get(site.get_absolute_url())
        request.user = user
        request.organization = site.organization
        return template.render(Context({"request": request, "subject": site}))

    # then the owner sees both lists, the upload form and the removal form
    html = render(owner)
    assert "kept.pdf" in html and download_url(kept) in html
    assert "Blurred photo" in html
    assert upload_url(site) in html and 'hx-encoding="multipart/form-data"' in html
    assert remove_url(kept) in html
    # and a viewer sees the files but no form
    html = render(viewer)
    assert "kept.pdf" in html
    assert upload_url(site) not in html and remove_url(kept) not in html


# --- The register of files -------------------------------------------------------------------


def test_the_register_lists_only_files_of_records_the_user_may_view(
    owner: Any, employee: Any, organization: Any, site: Any, theirs: Any
) -> None:
    # given a file on a site (everyone may view sites) and one on a membership (employees
    # may not view memberships), and Northwind's file
    on_site = attachment_add(actor=owner, subject=site, upload=upload("a.pdf", PDF))
    on_membership = AttachmentFactory(subject=MembershipFactory(organization=organization))
    # then
    assert set(attachment_list(user=owner, organization=organization)) == {
        on_site,
        on_membership,
    }
    assert list(attachment_list(user=employee, organization=organization)) == [on_site]


def test_register_and_detail_pages(
    client_for: Any, owner: Any, employee: Any, site: Any, theirs: Any
) -> None:
    attachment = attachment_add(actor=owner, subject=site, upload=upload("plan.pdf", PDF))
    # the list shows our file, not Northwind's
    response = client_for(employee).get(reverse("core:attachment_list"))
    assert response.status_code == 200
    assert b"plan.pdf" in response.content and b"secret.pdf" not in response.content
    # the page of the file links its record and the download; removal only for who may change
    html = client_for(owner).get(attachment.get_absolute_url()).content.decode()
    assert site.get_absolute_url() in html and attachment.download_url in html
    assert attachment.sha256 in html
    assert remove_url(attachment) in html
    html = client_for(employee).get(attachment.get_absolute_url()).content.decode()
    assert remove_url(attachment) not in html
    assert client_for(owner).get(theirs.get_absolute_url()).status_code == 404


# --- API ------------------------------------------------------------------------------------


def test_api_upload_then_list_read_download_and_remove(
    api_client_for: Any, quality_manager: Any, site: Any
) -> None:
    api = api_client_for(quality_manager)
    # upload
    response = api.post(
        API,
        {"subject_type": "organizations.site", "subject_id": site.pk, "file": upload("a.pdf", PDF)},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "a.pdf"
    assert body["subject_type"] == "organizations.site"
    assert body["subject_id"] == site.pk
    assert body["removed"] is False
    pk = body["id"]
    # list
    listed = api.get(API, {"subject_type": "organizations.site", "subject_id": site.pk}).json()
    assert [row["id"] for row in listed["results"]] == [pk]
    # read
    assert api.get(f"{API}{pk}/").json()["sha256"] == body["sha256"]
    # download
    response = api.get(f"{API}{pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    # remove
    response = api.post(f"{API}{pk}/remove/", {"reason": "Wrong file"}, format="json")
    assert response.status_code == 200
    assert response.json()["removed"] is True
    listed = api.get(API, {"subject_type": "organizations.site", "subject_id": site.pk}).json()
    assert listed["results"] == []
    listed = api.get(
        API,
        {"subject_type": "organizations.site", "subject_id": site.pk, "include_removed": "true"},
    ).json()
    assert [row["id"] for row in listed["results"]] == [pk]


def test_api_refused_file_is_a_400_beside_file(
    api_client_for: Any, quality_manager: Any, site: Any, media: Path
) -> None:
    api = api_client_for(quality_manager)
    response = api.post(
        API,
        {
            "subject_type": "organizations.site",
            "subject_id": site.pk,
            "file": upload("x.exe", b"MZ"),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["file"] == [
        "x.exe cannot be attached: .exe files can run code or scripts."
    ]
    response = api.post(API, {"subject_type": "organizations.site"}, format="multipart")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"subject_id", "file"}
    assert stored_files(media) == []


def test_api_list_names_a_record_with_both_fields_and_removal_needs_a_reason(
    api_client_for: Any, owner: Any, site: Any
) -> None:
    api = api_client_for(owner)
    response = api.get(API, {"subject_type": "organizations.site"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"subject_id"}
    response = api.get(API, {"subject_type": "nope.nothing", "subject_id": 1})
    assert response.status_code == 404
    attachment = attachment_add(actor=owner, subject=site, upload=upload("a.pdf", PDF))
    response = api.post(f"{API}{attachment.pk}/remove/", {}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()["errors"]


def test_api_permissions_follow_the_record(
    api_client_for: Any, employee: Any, outsider: Any, owner: Any, site: Any, theirs: Any
) -> None:
    ours = attachment_add(actor=owner, subject=site, upload=upload("a.pdf", PDF))
    data = {"subject_type": "organizations.site", "subject_id": site.pk}
    # an employee may read and download but not upload or remove
    api = api_client_for(employee)
    assert api.get(API, data).status_code == 200
    assert api.get(f"{API}{ours.pk}/download/").status_code == 200
    response = api.post(API, {**data, "file": upload("a.pdf", PDF)}, format="multipart")
    assert response.status_code == 403
    assert api.post(f"{API}{ours.pk}/remove/", {"reason": "x"}, format="json").status_code == 403
    # another organization's file or record does not exist
    assert api.get(f"{API}{theirs.pk}/").status_code == 404
    assert api.get(f"{API}{theirs.pk}/download/").status_code == 404
    outsider_api = api_client_for(outsider)
    assert outsider_api.get(API, data).status_code == 404
    assert outsider_api.get(f"{API}{ours.pk}/").status_code == 404
    assert api_client_for(None).get(API, data).status_code in (401, 403)


def test_api_download_of_a_tampered_file_is_a_409(
    api_client_for: Any, owner: Any, site: Any, media: Path
) -> None:
    attachment = attachment_add(actor=owner, subject=site, upload=upload("a.pdf", PDF))
    (media / attachment.file.name).write_bytes(b"changed")
    response = api_client_for(owner).get(f"{API}{attachment.pk}/download/")
    assert response.status_code == 409
    assert "no longer matches" in response.json()["message"]


def test_api_list_has_a_fixed_query_budget(
    api_client_for: Any, owner: Any, site: Any, django_assert_max_num_queries: Any
) -> None:
    # given many files on one site
    for index in range(12):
        attachment_add(actor=owner, subject=site, upload=upload(f"f{index}.txt", b"x"))
    api = api_client_for(owner)
    data = {"subject_type": "organizations.site", "subject_id": site.pk}
    # when / then: token, membership, the site, the count and the page, whatever the rows
    with django_assert_max_num_queries(8):
        response = api.get(API, data)
    assert len(response.json()["results"]) == 12


# --- Markdown preview ------------------------------------------------------------------------


def test_markdown_preview_returns_sanitised_html(client_for: Any, viewer: Any) -> None:
    url = reverse("core:markdown_preview")
    response = client_for(viewer).post(url, {"text": "**bold** <script>alert(1)</script>"})
    assert response.status_code == 200
    assert response.content.decode() == (
        "<p><strong>bold</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )
    assert client_for(viewer).get(url).status_code == 405
    assert client_for(None).post(url, {"text": "x"}).status_code == 302


def test_markdown_preview_needs_the_csrf_token(viewer: Any) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(viewer)
    assert client.post(reverse("core:markdown_preview"), {"text": "x"}).status_code == 403


def test_the_register_follows_a_conditional_view_grant(
    owner: Any, employee: Any, organization: Any
) -> None:
    # given employees may view only the processes they own (for this test)
    from qms.core.permissions import (
        Role,
        grant,
        owner_is,
        register_permissions,
        unregister_permissions,
    )
    from qms.organizations.tests.factories import ProcessFactory

    mine = ProcessFactory(organization=organization, owner=employee)
    other = ProcessFactory(organization=organization)
    on_mine = AttachmentFactory(subject=mine)
    AttachmentFactory(subject=other)
    saved = unregister_permissions("organizations.process")
    assert saved is not None
    try:
        narrowed = {**saved, "view": {**grant({Role.OWNER}), Role.EMPLOYEE: owner_is("owner")}}
        register_permissions("organizations.process", narrowed)
        # then the employee's register holds the file of their own process only
        assert list(attachment_list(user=employee, organization=organization)) == [on_mine]
        assert attachment_list(user=owner, organization=organization).count() == 2
    finally:
        unregister_permissions("organizations.process")
        register_permissions("organizations.process", saved)


def test_a_large_upload_spooled_to_disk_is_stored_whole(
    client_for: Any, quality_manager: Any, site: Any, media: Path
) -> None:
    # given a 3 MB PDF (Django spools uploads over 2.5 MB to a temporary file)
    content = PDF + b"%" + b"0" * (3 * 1024 * 1024)
    # when
    response = client_for(quality_manager).post(
        upload_url(site), {"file": upload("big.pdf", content)}
    )
    # then the stored file is the upload, byte for byte
    assert response.status_code == 302
    attachment = Attachment.objects.for_subject(site).get()
    assert attachment.size == len(content)
    assert (media / attachment.file.name).read_bytes() == content
