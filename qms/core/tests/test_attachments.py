"""Attachments: the upload check, the services and the selectors (qms/core/attachments)."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from qms.core.attachments import (
    Attachment,
    AttachmentIntegrityError,
    UploadRefused,
    attachment_add,
    attachment_open,
    attachment_remove,
    attachments_for,
    attachments_for_many,
    validate_upload,
)
from qms.core.attachments.validation import clean_name
from qms.core.audit import AuditEvent
from qms.core.errors import Conflict, StaleVersion
from qms.organizations.tests.factories import SiteFactory

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 60
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 60
GIF = b"GIF89a" + b"\x00" * 60
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 60


def zipped(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
PPTX = zipped({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>"})
ODT = zipped({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
ODS = zipped({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"})


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def site(organization: Any) -> Any:
    return SiteFactory(organization=organization, name="Leeds works")


# --- The check of one file ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("photo.png", PNG, "image/png"),
        ("photo.JPG", JPEG, "image/jpeg"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        ("anim.gif", GIF, "image/gif"),
        ("shot.webp", WEBP, "image/webp"),
        ("procedure.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),  # noqa: E501
        ("figures.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("slides.pptx", PPTX, "application/vnd.openxmlformats-officedocument.presentationml.presentation"),  # noqa: E501
        ("minutes.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("budget.ods", ODS, "application/vnd.oasis.opendocument.spreadsheet"),
        ("notes.txt", "Prüfprotokoll ✓\n".encode(), "text/plain"),
        ("data.csv", b"a,b\n1,2\n", "text/csv"),
        ("readme.md", b"# Title\n\n*text*\n", "text/markdown"),
    ],
)  # fmt: skip
def test_accepted_types_are_recognised_by_their_content(
    name: str, content: bytes, mime: str
) -> None:
    # when
    checked = validate_upload(upload(name, content))
    # then
    assert checked.mime_type == mime
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        ("report.pdf", PNG, "content_mismatch", "report.pdf is a PNG image, not a PDF document."),
        ("scan.jpg", PNG, "content_mismatch", "scan.jpg is a PNG image, not a JPEG image."),
        ("form.docx", zipped({"a.txt": "x"}), "content_mismatch", "form.docx is a ZIP archive, not a Word document (DOCX)."),  # noqa: E501
        ("sheet.xlsx", DOCX, "content_mismatch", "sheet.xlsx is a Word document (DOCX), not an Excel workbook (XLSX)."),  # noqa: E501
        ("image.png", b"just some text", "content_mismatch", "image.png is plain text, not a PNG image."),  # noqa: E501
        ("notes.txt", b"a\x00b", "content_mismatch", "notes.txt is binary data, not a plain text file."),  # noqa: E501
        ("data.csv", b"\xff\xfe\x00", "content_mismatch", "data.csv is binary data, not a CSV file."),  # noqa: E501
        ("run.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 20, "executable", "run.pdf is an ELF program; programs and scripts cannot be attached."),  # noqa: E501
        ("setup.pdf", b"MZ\x90\x00" + b"\x00" * 20, "executable", "setup.pdf is a Windows program"),
        ("tool.png", b"\xcf\xfa\xed\xfe" + b"\x00" * 20, "executable", "tool.png is a Mach-O program"),  # noqa: E501
        ("notes.txt", b"#!/bin/sh\nrm -rf /\n", "executable", "notes.txt is a script"),
        ("setup.exe", b"MZ", "blocked_type", "setup.exe cannot be attached: .exe files can run code"),  # noqa: E501
        ("run.bat", b"echo", "blocked_type", ".bat files can run code"),
        ("app.js", b"alert(1)", "blocked_type", ".js files"),
        ("page.html", b"<p>x</p>", "blocked_type", ".html files"),
        ("logo.svg", b"<svg/>", "blocked_type", ".svg files"),
        ("macro.docm", DOCX, "blocked_type", ".docm files"),
        ("archive.zip", zipped({"a": "b"}), "type_not_allowed", "archive.zip cannot be attached: .zip files are not accepted"),  # noqa: E501
        ("README", b"text", "type_not_allowed", "files without an extension are not accepted"),
        ("page.txt", b"<!DOCTYPE html><script>x</script>", "content_mismatch", "contains a web page"),  # noqa: E501
        ("macros.docx", zipped({"[Content_Types].xml": "x", "word/document.xml": "x", "word/vbaProject.bin": "x"}), "executable", "contains macros"),  # noqa: E501
        ("empty.pdf", b"", "empty", "empty.pdf is empty."),
    ],
)  # fmt: skip
def test_refused_files_say_which_file_and_why(
    name: str, content: bytes, code: str, message: str
) -> None:
    # when
    with pytest.raises(UploadRefused) as refused:
        validate_upload(upload(name, content))
    # then
    assert refused.value.code == code
    assert message in refused.value.message


def test_a_file_declared_larger_than_the_limit_is_refused_before_it_is_read(settings: Any) -> None:
    # given an upload that says it is larger than the limit, and counts how much is read
    settings.ATTACHMENT_MAX_BYTES = 1000

    class Declared(io.BytesIO):
        size = 5000
        name = "big.pdf"
        reads = 0

        def read(self, *args: Any) -> bytes:
            Declared.reads += 1
            return super().read(*args)

    # when
    with pytest.raises(UploadRefused) as refused:
        validate_upload(Declared(PDF))
    # then nothing was read, and the message names the file and the limit
    assert refused.value.code == "too_large"
    assert refused.value.message == "big.pdf is larger than the limit of 1000 bytes."
    assert Declared.reads == 0


def test_a_file_that_understates_its_size_is_refused_while_streaming(settings: Any) -> None:
    # given an upload that claims 10 bytes but holds more than the limit
    settings.ATTACHMENT_MAX_BYTES = 1000
    lying = upload("big.pdf", PDF + b"x" * 2000)
    lying.size = 10
    # when / then
    with pytest.raises(UploadRefused, match="larger than the limit"):
        validate_upload(lying)


def test_the_allowed_types_can_be_narrowed_in_settings(settings: Any) -> None:
    settings.ATTACHMENT_TYPES = ["pdf"]
    assert validate_upload(upload("a.pdf", PDF)).mime_type == "application/pdf"
    with pytest.raises(UploadRefused, match=r"\.png files are not accepted \(accepted: PDF\)"):
        validate_upload(upload("a.png", PNG))


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\me\\report.pdf", "report.pdf"),
        ("in\u202efdp.exe.txt", "infdp.exe.txt"),
        ("a\x00b\x1f.pdf", "ab.pdf"),
        ("  spaced   name .pdf ", "spaced name .pdf"),
        ("", "file"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_file_names_are_cleaned_for_display(raw: str, clean: str) -> None:
    assert clean_name(raw) == clean


# --- Adding ---------------------------------------------------------------------------------


def test_adding_stores_the_file_under_the_tenant_path_with_its_hash_and_an_event(
    owner: Any, organization: Any, site: Any, media: Path
) -> None:
    # when the owner attaches a PDF to a site
    attachment = attachment_add(
        actor=owner, subject=site, upload=upload("Audit report.pdf", PDF), description="Q3"
    )

    # then the row describes the file
    assert attachment.subject == site
    assert attachment.organization_id == organization.pk
    assert (attachment.name, attachment.mime_type, attachment.size) == (
        "Audit report.pdf",
        "application/pdf",
        len(PDF),
    )
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.uploaded_by == owner
    assert attachment.description == "Q3"
    # and the file is stored per tenant, under a random name with the detected extension
    assert re.fullmatch(
        rf"org-{organization.pk}/organizations/\d{{4}}/[0-9a-f]{{32}}\.pdf", attachment.file.name
    )
    assert "Audit" not in attachment.file.name
    assert (media / attachment.file.name).read_bytes() == PDF
    # and the site's history says so, with name, size and hash
    event = AuditEvent.objects.for_subject(site).get(event_type="attachment.added")
    assert event.organization_id == organization.pk
    assert event.actor == owner
    assert event.data["attachment"] == attachment.pk
    assert event.data["name"] == "Audit report.pdf"
    assert event.data["size"] == len(PDF)
    assert event.data["sha256"] == attachment.sha256


@pytest.mark.parametrize(
    ("name", "content"),
    [("tool.exe", b"MZ\x90\x00"), ("report.pdf", PNG), ("big.pdf", PDF + b"x" * 5000)],
)
def test_a_refused_file_leaves_no_row_no_file_and_no_event(
    name: str, content: bytes, owner: Any, site: Any, media: Path, settings: Any
) -> None:
    # given a limit of 4 KiB
    settings.ATTACHMENT_MAX_BYTES = 4096
    # when
    with pytest.raises(ValidationError) as refused:
        attachment_add(actor=owner, subject=site, upload=upload(name, content))
    # then the reason is beside `file`, and nothing was kept anywhere
    assert list(refused.value.message_dict) == ["file"]
    assert name in refused.value.message_dict["file"][0]
    assert not Attachment.objects.for_subject(site).exists()
    assert stored_files(media) == []
    assert not AuditEvent.objects.for_subject(site).filter(event_type="attachment.added").exists()


def test_when_saving_the_row_fails_the_stored_file_is_deleted(
    owner: Any, site: Any, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given the audit event cannot be written
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("database is gone")

    monkeypatch.setattr("qms.core.attachments.services.record_event", broken)
    # when
    with pytest.raises(RuntimeError):
        attachment_add(actor=owner, subject=site, upload=upload("a.pdf", PDF))
    # then no file stays in storage and no row was saved
    assert stored_files(media) == []
    assert not Attachment.objects.for_subject(site).exists()


def test_adding_needs_the_change_permission_on_the_record(
    employee: Any, site: Any, media: Path
) -> None:
    # given an employee, who may view sites but not change them
    # when / then
    with pytest.raises(PermissionDenied):
        attachment_add(actor=employee, subject=site, upload=upload("a.pdf", PDF))
    assert stored_files(media) == []


def test_a_member_of_another_organization_cannot_attach(outsider: Any, site: Any) -> None:
    with pytest.raises(PermissionDenied):
        attachment_add(actor=outsider, subject=site, upload=upload("a.pdf", PDF))


def test_only_a_saved_record_of_an_organization_takes_attachments(
    owner: Any, organization: Any
) -> None:
    with pytest.raises(TypeError):
        attachment_add(actor=owner, subject=organization, upload=upload("a.pdf", PDF))


# --- Removing -------------------------------------------------------------------------------


def test_removal_needs_a_reason(owner: Any, site: Any) -> None:
    attachment = attachment_add(actor=owner, subject=site, upload=upload("a.pdf", PDF))
    with pytest.raises(ValidationError) as refused:
        attachment_remove(actor=owner, attachment=attachment, reason="  ")
    assert list(refused.value.message_dict) == ["reason"]


def test_removal_hides_the_attachment_but_keeps_the_file_and_the_row(
    owner: Any, site: Any, media: Path
) -> None:
    # given
    attachment = attachment_add(actor=owner, subject=site, upload=upload("a.pdf", PDF))
    # when
    removed = attachment_remove(
        actor=owner, attachment=attachment, reason="Uploaded to the wrong site", version=1
    )
    # then it is gone from the list but kept, with who, when and why
    assert list(attachments_for(subject=site)) == []
    assert list(attachments_for(subject=site, include_removed=True)) == [removed]
    assert removed.removed_by == owner
    assert removed.removed_at is not None
    assert removed.removal_reason == "Uploaded to the wrong site"
    assert removed.version == 2
    assert (media / removed.file.name).read_bytes() == PDF
    event = AuditEvent.objects.for_subject(site).get(event_type="attachment.removed")
    assert event.data["reason"] == "Uploaded to the wrong site"
    assert event.data["attachment"] == attachment.pk


def test_removing_twice_or_from_an_old_version_is_a_conflict(owner: Any, site: Any) -> None:
    attachment = attachment_add(actor=owner, subject=site, upload=upload("a.pdf", PDF))
    with pytest.raises(StaleVersion):
        attachment_remove(actor=owner, attachment=attachment, reason="x", version=7)
    attachment_remove(actor=owner, attachment=attachment, reason="x")
    with pytest.raises(Conflict, match="already removed"):
        attachment_remove(actor=owner, attachment=attachment, reason="again")


def test_removal_needs_the_change_permission_on_the_record(
    owner: Any, employee: Any, site: Any
) -> None:
    attachment = attachment_add(actor=owner, subject=site, upload=upload("a.pdf", PDF))
    with pytest.raises(PermissionDenied):
        attachment_remove(actor=employee, attachment=attachment, reason="no")


# --- Reading --------------------------------------------------------------------------------


def test_opening_checks_the_hash_and_refuses_a_changed_file(
    owner: Any, site: Any, media: Path
) -> None:
    # given an attachment whose stored file was changed behind our back
    attachment = attachment_add(actor=owner, subject=site, upload=upload("a.pdf", PDF))
    with attachment_open(attachment=attachment) as content:
        assert content.read() == PDF
    (media / attachment.file.name).write_bytes(PDF.replace(b"Catalog", b"Catalag"))
    # when / then
    with pytest.raises(AttachmentIntegrityError) as refused:
        attachment_open(attachment=attachment)
    assert refused.value.problem == "changed"
    assert (
        refused.value.found_sha256
        == hashlib.sha256(PDF.replace(b"Catalog", b"Catalag")).hexdigest()
    )


def test_opening_a_missing_file_is_reported(owner: Any, site: Any, media: Path) -> None:
    attachment = attachment_add(actor=owner, subject=site, upload=upload("a.pdf", PDF))
    (media / attachment.file.name).unlink()
    with pytest.raises(AttachmentIntegrityError) as refused:
        attachment_open(attachment=attachment)
    assert refused.value.problem == "missing"


def test_a_records_attachments_stay_within_its_organization(
    owner: Any, site: Any, other_organization: Any
) -> None:
    # given an attachment of a Northwind site with the same id space
    attachment_add(actor=owner, subject=site, upload=upload("ours.pdf", PDF))
    theirs = SiteFactory(organization=other_organization)
    # then
    assert list(attachments_for(subject=theirs)) == []
    assert [a.name for a in attachments_for(subject=site)] == ["ours.pdf"]


def test_many_records_attachments_are_read_in_one_query(
    owner: Any, organization: Any, django_assert_num_queries: Any
) -> None:
    # given three sites, two with files
    sites = [SiteFactory(organization=organization) for _ in range(3)]
    attachment_add(actor=owner, subject=sites[0], upload=upload("a.pdf", PDF))
    attachment_add(actor=owner, subject=sites[0], upload=upload("b.png", PNG))
    attachment_add(actor=owner, subject=sites[2], upload=upload("c.txt", b"c"))
    # when
    with django_assert_num_queries(1):
        found = attachments_for_many(subjects=sites)
        names = {site.pk: [a.name for a in found[site]] for site in sites}
    # then each site has its own, newest first
    assert names == {sites[0].pk: ["b.png", "a.pdf"], sites[1].pk: [], sites[2].pk: ["c.txt"]}


def test_attachments_are_never_deleted(owner: Any, site: Any) -> None:
    attachment = attachment_add(actor=owner, subject=site, upload=upload("a.pdf", PDF))
    with pytest.raises(RuntimeError), transaction.atomic():
        attachment.delete()
