"""Import pages and API, with the sites importer of qms.organizations.

Every route runs the matrix: anonymous, outsider, member without the importer's permission,
permitted member; an unknown kind is 404.
"""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from qms.core.imports.models import ImportRun
from qms.core.imports.services import (
    PendingFileGone,
    import_confirm,
    import_pending_purge,
    import_run,
    pending_file_exists,
    pending_file_name,
)
from qms.organizations.models import Organization, Site
from qms.organizations.tests.factories import SiteFactory

KIND = "organizations.sites"
PAGE = f"/imports/{KIND}/"
API = f"/api/v1/imports/{KIND}/"
SHEET = b"name,country,is_head_office,employees\nSheffield,GB,yes,40\nLyon,France,no,\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def upload(data: bytes = SHEET, name: str = "sites.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def names(organization: Organization) -> list[str]:
    return sorted(Site.objects.for_organization(organization).values_list("name", flat=True))


@pytest.fixture
def dry_run(organization: Organization, quality_manager: Any) -> ImportRun:
    report = import_run(
        actor=quality_manager,
        organization=organization,
        importer_kind=KIND,
        upload=upload(),
        dry_run=True,
    )
    return ImportRun.objects.for_organization(organization).get(pk=report.run_id)


def _who(request: pytest.FixtureRequest, persona: str | None) -> Any:
    return request.getfixturevalue(persona) if persona else None


# --- Pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "path", "expected"),
    [
        (None, "/imports/", 302),
        (None, PAGE, 302),
        (None, "run", 302),
        ("outsider", "run", 404),
        ("outsider", "confirm", 404),
        ("viewer", PAGE, 403),
        ("viewer", "run", 404),  # not the history's readers, and not their own run
        ("viewer", "/imports/runs/", 403),
        ("auditor", "/imports/runs/", 200),
        ("auditor", "run", 200),  # reads the history, may not import sites
        ("auditor", PAGE, 403),
        ("viewer", f"{PAGE}template.csv", 403),
        ("quality_manager", "/imports/nothing.here/", 404),
        ("viewer", "/imports/", 200),
        ("quality_manager", "/imports/", 200),
        ("quality_manager", PAGE, 200),
        ("quality_manager", "run", 200),
        ("owner", "run", 200),
        ("quality_manager", f"{PAGE}template.csv", 200),
    ],
)
def test_the_pages_follow_the_permission_matrix(
    request: pytest.FixtureRequest,
    client_for: Any,
    dry_run: ImportRun,
    persona: str | None,
    path: str,
    expected: int,
) -> None:
    url = {
        "run": f"/imports/runs/{dry_run.pk}/",
        "confirm": f"/imports/runs/{dry_run.pk}/confirm/",
    }
    client = client_for(_who(request, persona))
    method = client.post if path == "confirm" else client.get
    assert method(url.get(path, path)).status_code == expected


def test_the_index_lists_what_the_role_may_import(
    client_for: Any, quality_manager: Any, viewer: Any
) -> None:
    assert b"organizations.sites" in client_for(quality_manager).get("/imports/").content
    assert b"Nothing to import" in client_for(viewer).get("/imports/").content


def test_upload_dry_run_then_import_for_real(
    client_for: Any,
    organization: Organization,
    quality_manager: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(quality_manager)
    page = client.get(PAGE)
    assert b'name="dry_run"' in page.content and b"checked" in page.content  # dry run by default
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, {"file": upload(), "dry_run": "on"})
    run = ImportRun.objects.for_organization(organization).get()
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    assert names(organization) == []
    assert default_storage.exists(pending_file_name(run))
    detail = client.get(run.get_absolute_url())
    assert b"Import for real" in detail.content
    assert b"Would be created" in detail.content.replace(b"\n", b" ")
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(f"/imports/runs/{run.pk}/confirm/")
    real = ImportRun.objects.for_organization(organization).exclude(pk=run.pk).get()
    assert confirmed["Location"] == real.get_absolute_url()
    assert (real.status, real.dry_run, real.rows_created) == ("succeeded", False, 2)
    assert names(organization) == ["Lyon", "Sheffield"]
    assert not default_storage.exists(pending_file_name(run))  # cleaned after the real run
    # The kept file is gone: confirming again is refused with a clear message.
    again = client.post(f"/imports/runs/{run.pk}/confirm/", follow=True)
    assert b"no longer kept" in again.content
    assert ImportRun.objects.for_organization(organization).count() == 2


def test_only_the_uploader_may_confirm(
    client_for: Any, dry_run: ImportRun, owner: Any, django_capture_on_commit_callbacks: Any
) -> None:
    response = client_for(owner).post(f"/imports/runs/{dry_run.pk}/confirm/", follow=True)
    assert b"Only a successful dry run of yours" in response.content
    assert b"Import for real" not in client_for(owner).get(dry_run.get_absolute_url()).content


def test_a_real_upload_with_errors_shows_them_beside_the_column(
    client_for: Any, organization: Organization, quality_manager: Any
) -> None:
    sheet = b"name,employees,country\nSheffield,-1,Atlantis\n"
    response = client_for(quality_manager).post(PAGE, {"file": upload(sheet)}, follow=True)
    content = response.content.decode()
    assert "Nothing was imported" in content
    assert "<code>employees</code>: Must be at least 0." in content
    assert "<code>country</code>: “Atlantis” is not a country" in content
    assert names(organization) == []


def test_a_missing_or_wrong_file_is_a_form_error(client_for: Any, quality_manager: Any) -> None:
    client = client_for(quality_manager)
    assert client.post(PAGE, {"dry_run": "on"}).status_code == 400
    wrong = client.post(PAGE, {"file": upload(b"x", name="sites.pdf")})
    assert wrong.status_code == 400 and b"Upload a .csv, .xlsx or .zip file." in wrong.content


def test_the_template_names_the_columns(client_for: Any, quality_manager: Any) -> None:
    response = client_for(quality_manager).get(f"{PAGE}template.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content == b"name,address,country,is_head_office,employees\r\n"


def test_the_sites_importer_is_idempotent_and_updates(
    organization: Organization, quality_manager: Any
) -> None:
    SiteFactory(organization=organization, name="Lyon", country="FR", employees=3)

    def run() -> Any:
        return import_run(
            actor=quality_manager,
            organization=organization,
            importer_kind=KIND,
            upload=upload(),
            dry_run=False,
        )

    first = run()
    assert [row.status for row in first.rows] == ["created", "updated"]
    lyon = Site.objects.for_organization(organization).get(name="Lyon")
    assert (lyon.country, lyon.employees) == ("FR", None)
    assert [row.status for row in run().rows] == ["unchanged", "unchanged"]


# --- API ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "method", "target", "expected"),
    [
        (None, "get", "list", 401),
        (None, "post", "list", 401),
        ("outsider", "get", "detail", 404),
        ("viewer", "get", "detail", 404),  # a run of a kind the role may not import
        ("viewer", "get", "all", 403),
        ("auditor", "get", "all", 200),
        ("auditor", "get", "detail", 200),
        ("auditor", "post", "list", 403),  # reads the history, may not import sites
        ("viewer", "get", "list", 403),
        ("viewer", "post", "list", 403),
        ("quality_manager", "get", "unknown", 404),
        ("quality_manager", "get", "list", 200),
        ("quality_manager", "get", "detail", 200),
        ("quality_manager", "post", "list", 200),
    ],
)
def test_the_api_follows_the_permission_matrix(
    request: pytest.FixtureRequest,
    api_client_for: Any,
    dry_run: ImportRun,
    persona: str | None,
    method: str,
    target: str,
    expected: int,
) -> None:
    url = {
        "list": API,
        "all": "/api/v1/imports/",
        "detail": f"/api/v1/imports/runs/{dry_run.pk}/",
        "unknown": "/api/v1/imports/x.y/",
    }
    client = api_client_for(_who(request, persona))
    data = {"file": upload(), "dry_run": "true"} if method == "post" else None
    response = getattr(client, method)(url[target], data, format="multipart" if data else None)
    assert response.status_code == expected, response.content


def test_api_dry_run_and_real_run(
    api_client_for: Any, organization: Organization, quality_manager: Any
) -> None:
    client = api_client_for(quality_manager)
    dry = client.post(API, {"file": upload()}, format="multipart")  # dry run by default
    assert dry.status_code == 200
    body = dry.json()
    assert body["status"] == "dry_run_ok" and body["dry_run"] is True
    assert body["totals"] == {"rows": 2, "created": 2, "updated": 0, "unchanged": 0, "error": 0}
    assert body["rows"][0] == {"row": 2, "status": "created", "key": "Sheffield", "errors": {}}
    assert names(organization) == []
    real = client.post(API, {"file": upload(), "dry_run": "false"}, format="multipart")
    assert real.json()["status"] == "succeeded"
    assert names(organization) == ["Lyon", "Sheffield"]
    runs = client.get(API).json()["results"]
    assert [run["status"] for run in runs] == ["succeeded", "dry_run_ok"]
    detail = client.get(f"/api/v1/imports/runs/{runs[0]['id']}/").json()
    assert detail["report"]["totals"]["created"] == 2
    assert [run["id"] for run in client.get("/api/v1/imports/").json()["results"]] == [
        run["id"] for run in runs
    ]


def test_api_json_upload(
    api_client_for: Any, organization: Organization, quality_manager: Any
) -> None:
    client = api_client_for(quality_manager)
    body = {
        "file_name": "sites.csv",
        "content_base64": base64.b64encode(SHEET).decode(),
        "dry_run": False,
    }
    response = client.post(API, body, format="json")
    assert response.status_code == 200 and response.json()["status"] == "succeeded"
    assert names(organization) == ["Lyon", "Sheffield"]
    bad = client.post(API, {**body, "content_base64": "%%%", "colour": "red"}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"content_base64", "colour"}


def test_the_history_lists_every_run_for_its_readers(
    client_for: Any, dry_run: ImportRun, auditor: Any
) -> None:
    content = client_for(auditor).get("/imports/runs/").content.decode()
    assert dry_run.get_absolute_url() in content and dry_run.file_name in content


def test_api_file_errors_are_400(api_client_for: Any, quality_manager: Any) -> None:
    client = api_client_for(quality_manager)
    response = client.post(API, {"file": upload(b"address\nx\n")}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_file"
    assert body["errors"] == {"file": ["Required column(s) missing from the first row: name."]}
    assert body["report"]["status"] == "dry_run_failed"
    missing = client.post(API, {"dry_run": "true"}, format="multipart")
    assert missing.status_code == 400 and "file" in missing.json()["errors"]


def test_an_expired_dry_run_must_be_uploaded_again(
    organization: Organization,
    quality_manager: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = import_run(
            actor=quality_manager,
            organization=organization,
            importer_kind=KIND,
            upload=upload(),
            dry_run=True,
        )
    run = ImportRun.objects.for_organization(organization).get(pk=report.run_id)
    assert pending_file_exists(run)
    settings.IMPORT_PENDING_HOURS = 0
    assert not pending_file_exists(run)
    with pytest.raises(PendingFileGone, match="Upload it again"):
        import_confirm(actor=quality_manager, organization=organization, run=run)
    assert import_pending_purge(older_than=timedelta(0)) == 1
    assert not default_storage.exists(pending_file_name(run))
    assert names(organization) == []
