"""The import framework: parsing CSV/XLSX/ZIP, dry run, all-or-nothing, idempotence, limits.

The importers here are the tests' own: sites of qms.organizations written through its
services, the second one taking each site's plan from a file of a ZIP upload.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from openpyxl import Workbook

from qms.core.audit import AuditEvent
from qms.core.imports import (
    Column,
    ImportContext,
    Importer,
    RowError,
    UnknownImporter,
    boolean,
    integer,
    register_importer,
    text,
)
from qms.core.imports.framework import Outcome
from qms.core.imports.models import ImportRun, ImportStatus
from qms.core.imports.registry import unregister_importer
from qms.core.imports.services import import_run
from qms.organizations import services as site_services
from qms.organizations.models import Organization, Site
from qms.organizations.tests.factories import SiteFactory


class SiteRows(Importer):
    kind = "tests.sites"
    label = "Test sites"
    permission = ("organizations.site", "add")
    columns: tuple[Column, ...] = (
        Column("name", required=True, parse=text(max_length=200)),
        Column("address", default=""),
        Column("head_office", parse=boolean(), default=False),
        Column("employees", parse=integer(minimum=0)),
    )
    key_columns: tuple[str, ...] = ("name",)
    field_columns = {"is_head_office": "head_office"}

    def validate_row(self, row: dict[str, Any], *, context: ImportContext) -> dict[str, Any]:
        if row.get("employees") == 13:
            raise RowError({"employees": "Thirteen is refused by this test importer."})
        return row

    def apply_row(self, cleaned: dict[str, Any], *, context: ImportContext) -> Outcome:
        data = {
            "name": cleaned["name"],
            **({"address": cleaned["address"]} if "address" in cleaned else {}),
            **({"is_head_office": cleaned["head_office"]} if "head_office" in cleaned else {}),
            **({"employees": cleaned["employees"]} if "employees" in cleaned else {}),
        }
        site = (
            Site.objects.for_organization(context.organization)
            .filter(name__iexact=cleaned["name"])
            .first()
        )
        if site is None:
            site_services.site_create(
                actor=context.actor, organization=context.organization, data=data
            )
            return "created"
        changed = {k: v for k, v in data.items() if k != "name" and getattr(site, k) != v}
        if not changed:
            return "unchanged"
        site_services.site_update(actor=context.actor, instance=site, data=changed)
        return "updated"


class SitePlans(SiteRows):
    """Sites whose address is taken from a file of the ZIP (to prove the files arrive)."""

    kind = "tests.site_plans"
    columns: tuple[Column, ...] = (Column("name", required=True), Column("plan", required=True))
    files_column = "plan"

    def apply_row(self, cleaned: dict[str, Any], *, context: ImportContext) -> Outcome:
        plan = context.file(cleaned["plan"])
        address = f"{plan.name}: {plan.read().decode()}"
        return super().apply_row({"name": cleaned["name"], "address": address}, context=context)


@pytest.fixture(autouse=True)
def _importers() -> Iterator[None]:
    register_importer(SiteRows)
    register_importer(SitePlans)
    yield
    unregister_importer(SiteRows.kind)
    unregister_importer(SitePlans.kind)


def csv_file(text_: str, *, name: str = "sites.csv", bom: bool = False) -> ContentFile[bytes]:
    data = text_.encode("utf-8")
    return ContentFile((b"\xef\xbb\xbf" if bom else b"") + data, name=name)


def xlsx_file(rows: list[list[Any]], *, name: str = "sites.xlsx") -> ContentFile[bytes]:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return ContentFile(buffer.getvalue(), name=name)


def zip_file(members: dict[str, bytes], *, name: str = "sites.zip") -> ContentFile[bytes]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return ContentFile(buffer.getvalue(), name=name)


def run(
    actor: Any, organization: Organization, upload: Any, *, dry_run: bool, kind: str = "tests.sites"
) -> Any:
    return import_run(
        actor=actor, organization=organization, importer_kind=kind, upload=upload, dry_run=dry_run
    )


def site_names(organization: Organization) -> list[str]:
    return sorted(Site.objects.for_organization(organization).values_list("name", flat=True))


GOOD = "name,address,head_office,employees\nSheffield,1 Steel St,yes,40\nLeeds,,no,\n"
BAD = (
    "Name,Employees,Colour\n"
    "Sheffield,40,red\n"
    ",3,blue\n"  # name missing
    "Leeds,many,\n"  # not a number
    "sheffield,5,\n"  # the same key as row 2
    "York,13,\n"  # refused by validate_row
)


# --- Dry run --------------------------------------------------------------------------------


def test_a_dry_run_reports_every_row_and_writes_nothing(
    organization: Organization, quality_manager: Any
) -> None:
    report = run(quality_manager, organization, csv_file(BAD), dry_run=True)
    assert report.status == ImportStatus.DRY_RUN_FAILED
    rows = {row.number: row for row in report.rows}
    assert rows[2].status == "created"
    assert rows[3].errors == {"name": ["A value is required."]}
    assert rows[4].errors == {"employees": ["“many” is not a whole number."]}
    assert rows[5].errors == {"name": ["The same as row 2: each row must differ."]}
    assert rows[6].errors == {"employees": ["Thirteen is refused by this test importer."]}
    assert report.totals == {"rows": 5, "created": 1, "updated": 0, "unchanged": 0, "error": 4}
    assert report.warnings == [
        "Unknown column(s) ignored: Colour. Expected: name, address, head_office, employees."
    ]
    assert site_names(organization) == []
    stored = ImportRun.objects.for_organization(organization).get()
    assert (stored.status, stored.dry_run, stored.rows_error) == ("dry_run_failed", True, 4)
    assert stored.report["rows"][1]["errors"] == {"name": ["A value is required."]}
    # Only the run itself is recorded: the sites' events were rolled back with them.
    events = list(AuditEvent.objects.order_by("id"))
    assert {event.event_type for event in events} == {"audit.chain_opened", "import.run"}
    assert events[-1].after["rows_error"] == 4 and "report" not in events[-1].after


def test_a_clean_dry_run_is_ready_and_still_writes_nothing(
    organization: Organization, quality_manager: Any
) -> None:
    report = run(quality_manager, organization, csv_file(GOOD), dry_run=True)
    assert report.status == ImportStatus.DRY_RUN_OK
    assert [row.status for row in report.rows] == ["created", "created"]
    assert site_names(organization) == []


def test_a_duplicate_the_database_refuses_is_caught_by_the_dry_run(
    organization: Organization, quality_manager: Any
) -> None:
    """Rows are applied for real inside the rolled-back transaction, so a clash with a record
    created by an earlier row shows exactly as it would in the real run."""

    class Clashing(SiteRows):
        kind = "tests.clashing"
        key_columns = ()  # the framework does not see the duplicate: the database must

        def apply_row(self, cleaned: dict[str, Any], *, context: ImportContext) -> Outcome:
            site_services.site_create(
                actor=context.actor, organization=context.organization, data=cleaned
            )
            return "created"

    register_importer(Clashing)
    try:
        report = run(
            quality_manager,
            organization,
            csv_file("name,address\nHull,\nHULL,\n"),
            dry_run=True,
            kind="tests.clashing",
        )
    finally:
        unregister_importer("tests.clashing")
    assert [row.status for row in report.rows] == ["created", "error"]
    assert report.rows[1].errors == {"name": ["A site with this name already exists."]}


# --- The real run ---------------------------------------------------------------------------


def test_a_real_run_imports_every_row(organization: Organization, quality_manager: Any) -> None:
    report = run(quality_manager, organization, csv_file(GOOD), dry_run=False)
    assert report.status == ImportStatus.SUCCEEDED
    assert site_names(organization) == ["Leeds", "Sheffield"]
    sheffield = Site.objects.for_organization(organization).get(name="Sheffield")
    assert (sheffield.address, sheffield.is_head_office, sheffield.employees) == (
        "1 Steel St",
        True,
        40,
    )
    types = list(
        AuditEvent.objects.filter(organization=organization).values_list("event_type", flat=True)
    )
    assert types.count("site.created") == 2 and types.count("import.run") == 1


def test_a_real_run_with_one_bad_row_writes_nothing(
    organization: Organization, quality_manager: Any
) -> None:
    report = run(quality_manager, organization, csv_file(BAD), dry_run=False)
    assert report.status == ImportStatus.FAILED
    assert report.rows[0].status == "created"  # would have been, had every row been good
    assert site_names(organization) == []
    assert ImportRun.objects.for_organization(organization).get().status == "failed"


def test_importing_the_same_file_again_changes_nothing(
    organization: Organization, quality_manager: Any
) -> None:
    run(quality_manager, organization, csv_file(GOOD), dry_run=False)
    again = run(quality_manager, organization, csv_file(GOOD), dry_run=False)
    assert again.status == ImportStatus.SUCCEEDED
    assert [row.status for row in again.rows] == ["unchanged", "unchanged"]
    assert site_names(organization) == ["Leeds", "Sheffield"]
    changed = run(
        quality_manager, organization, csv_file("name,employees\nleeds,12\n"), dry_run=False
    )
    assert [row.status for row in changed.rows] == ["updated"]
    leeds = Site.objects.for_organization(organization).get(name="Leeds")
    assert leeds.employees == 12 and leeds.address == ""  # a column left out is kept


def test_a_service_error_is_shown_beside_its_column(
    organization: Organization, quality_manager: Any
) -> None:
    SiteFactory(organization=organization, name="Hull")
    report = run(
        quality_manager,
        organization,
        csv_file("name,address\n" + "x" * 201 + ",\n"),
        dry_run=True,
    )
    assert report.rows[0].errors == {"name": ["At most 200 characters (this has 201)."]}


# --- File formats ---------------------------------------------------------------------------


def test_csv_with_bom_and_semicolons(organization: Organization, quality_manager: Any) -> None:
    upload = csv_file('NAME;Address\r\nKöln;"Hauptstr. 1; Hof"\r\n', bom=True)
    report = run(quality_manager, organization, upload, dry_run=False)
    assert report.status == ImportStatus.SUCCEEDED, report.to_json()
    site = Site.objects.for_organization(organization).get()
    assert (site.name, site.address) == ("Köln", "Hauptstr. 1; Hof")


def test_xlsx_first_sheet_with_numbers_and_blank_lines(
    organization: Organization, quality_manager: Any
) -> None:
    upload = xlsx_file(
        [
            ["Name", "Employees", "Head_Office"],
            ["Sheffield", 40, True],
            [None, None, None],
            ["Leeds", 12.0, "no"],
        ]
    )
    report = run(quality_manager, organization, upload, dry_run=False)
    assert report.status == ImportStatus.SUCCEEDED, report.to_json()
    assert [row.number for row in report.rows] == [2, 4]  # the sheet's own row numbers
    employees = dict(Site.objects.for_organization(organization).values_list("name", "employees"))
    assert employees == {"Sheffield": 40, "Leeds": 12}


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (csv_file("name\n", name="sites.txt"), "Upload a .csv or .xlsx sheet"),
        (csv_file(""), "The file is empty."),
        (csv_file("address\nsomewhere\n"), "Required column(s) missing from the first row: name."),
        (csv_file("name,Name\nA,B\n"), "The column “Name” appears twice in the first row."),
        (ContentFile("name\nMünchen\n".encode("latin-1"), name="s.csv"), "is not UTF-8 text"),
        (ContentFile(b"PK\x03\x04 not really", name="s.xlsx"), "not a readable workbook"),
        (ContentFile(b"not a zip", name="s.zip"), "The file is not a readable ZIP."),
    ],
)
def test_unreadable_files_are_refused_with_one_clear_sentence(
    organization: Organization, quality_manager: Any, upload: Any, message: str
) -> None:
    report = run(quality_manager, organization, upload, dry_run=True)
    assert report.status == ImportStatus.DRY_RUN_FAILED
    assert len(report.file_errors) == 1 and message in report.file_errors[0], report.file_errors
    assert report.rows == []


def test_the_row_limit(organization: Organization, quality_manager: Any, settings: Any) -> None:
    settings.IMPORT_MAX_ROWS = 3
    upload = csv_file("name\n" + "".join(f"Site {n}\n" for n in range(4)))
    report = run(quality_manager, organization, upload, dry_run=True)
    assert report.file_errors == ["The sheet has more than 3 rows; split it into smaller files."]


def test_the_upload_size_limit(
    organization: Organization, quality_manager: Any, settings: Any
) -> None:
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024 * 1024
    upload = csv_file("name\n" + "x" * (1024 * 1024))
    report = run(quality_manager, organization, upload, dry_run=True)
    assert report.file_errors == ["The file is larger than 1 MB; split it."]


# --- ZIP ------------------------------------------------------------------------------------


def test_a_zip_with_its_files(organization: Organization, quality_manager: Any) -> None:
    upload = zip_file(
        {
            "index.csv": b"name,plan\nSheffield,plans/sheffield.txt\nLeeds,LEEDS.TXT\n",
            "plans/sheffield.txt": b"north gate",
            "leeds.txt": b"east wing",
            "unused.pdf": b"%PDF",
        }
    )
    report = run(quality_manager, organization, upload, dry_run=False, kind="tests.site_plans")
    assert report.status == ImportStatus.SUCCEEDED, report.to_json()
    addresses = dict(Site.objects.for_organization(organization).values_list("name", "address"))
    assert addresses == {"Sheffield": "sheffield.txt: north gate", "Leeds": "leeds.txt: east wing"}
    assert report.warnings == [
        "1 file(s) in the ZIP are not named by any row and were ignored: unused.pdf"
    ]


def test_a_zip_row_naming_a_missing_file(organization: Organization, quality_manager: Any) -> None:
    upload = zip_file({"sites.xlsx": xlsx_file([["name", "plan"], ["Hull", "hull.txt"]]).read()})
    report = run(quality_manager, organization, upload, dry_run=True, kind="tests.site_plans")
    assert report.rows[0].errors == {"plan": ["No file named “hull.txt” in this ZIP."]}


def test_files_need_a_zip(organization: Organization, quality_manager: Any) -> None:
    report = run(
        quality_manager,
        organization,
        csv_file("name,plan\nHull,hull.txt\n"),
        dry_run=True,
        kind="tests.site_plans",
    )
    assert report.rows[0].errors == {"plan": ["No file named “hull.txt” in a ZIP upload."]}


def _zip_with_raw_name(name: str) -> ContentFile[bytes]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.csv", b"name,plan\nA,a.txt\n")
        info = zipfile.ZipInfo("placeholder")
        archive.writestr(info, b"x")
    raw = buffer.getvalue().replace(b"placeholder", name.encode().ljust(11, b"/")[:11])
    return ContentFile(raw, name="evil.zip")


@pytest.mark.parametrize("member", ["../evil.txt", "/etc/passwd", "a/../../b.txt", "C:\\x.txt"])
def test_zip_slip_is_refused(organization: Organization, quality_manager: Any, member: str) -> None:
    upload = zip_file({"index.csv": b"name,plan\nA,a.txt\n", member: b"x"})
    report = run(quality_manager, organization, upload, dry_run=True, kind="tests.site_plans")
    assert len(report.file_errors) == 1
    assert "unsafe path" in report.file_errors[0]


def test_a_zip_bomb_is_refused(organization: Organization, quality_manager: Any) -> None:
    upload = zip_file({"index.csv": b"name,plan\nA,a.txt\n", "a.txt": b"\0" * (20 * 1024 * 1024)})
    report = run(quality_manager, organization, upload, dry_run=True, kind="tests.site_plans")
    assert len(report.file_errors) == 1
    assert "possible zip bomb" in report.file_errors[0]


def test_zip_size_and_count_limits(
    organization: Organization, quality_manager: Any, settings: Any
) -> None:
    members = {"index.csv": b"name,plan\n", **{f"f{n}.txt": b"x" * 600 for n in range(5)}}
    settings.IMPORT_MAX_ZIP_MEMBERS = 4
    report = run(quality_manager, organization, zip_file(members), dry_run=True)
    assert report.file_errors == ["The ZIP holds 6 files; at most 4 are accepted."]
    settings.IMPORT_MAX_ZIP_MEMBERS = 100
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024
    members["big.bin"] = random.Random(0).randbytes(3 * 1024 * 1024)  # incompressible
    report = run(quality_manager, organization, zip_file(members), dry_run=True)
    assert report.file_errors == ["The ZIP unpacks to 3 MB; at most 2 MB are accepted."]


def test_an_encrypted_member_is_refused(organization: Organization, quality_manager: Any) -> None:
    upload = zip_file({"index.csv": b"name,plan\nA,a.txt\n", "a.txt": b"secret"})
    raw = bytearray(upload.read())
    # Set the "encrypted" flag of every entry (local headers and central directory).
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (found := raw.find(signature, start)) != -1:
            raw[found + offset] |= 0x1
            start = found + 4
    report = run(
        quality_manager,
        organization,
        ContentFile(bytes(raw), name="locked.zip"),
        dry_run=True,
        kind="tests.site_plans",
    )
    assert len(report.file_errors) == 1 and "is encrypted" in report.file_errors[0]


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"plans/a.txt": b"x"}, "The ZIP has no index file"),
        (
            {"a.csv": b"name\n", "b.csv": b"name\n"},
            "several sheets at its top level (a.csv, b.csv)",
        ),
        ({"index.csv": b"name\n", "index.xlsx": b"x"}, "both index.csv and index.xlsx"),
    ],
)
def test_a_zip_needs_exactly_one_index(
    organization: Organization, quality_manager: Any, members: dict[str, bytes], message: str
) -> None:
    report = run(quality_manager, organization, zip_file(members), dry_run=True)
    assert len(report.file_errors) == 1 and message in report.file_errors[0], report.file_errors


# --- Who may import -------------------------------------------------------------------------


def test_the_importer_permission_is_required(organization: Organization, viewer: Any) -> None:
    with pytest.raises(PermissionDenied):
        run(viewer, organization, csv_file(GOOD), dry_run=True)


def test_an_unknown_kind(organization: Organization, quality_manager: Any) -> None:
    with pytest.raises(UnknownImporter):
        run(quality_manager, organization, csv_file(GOOD), dry_run=True, kind="tests.nothing")
