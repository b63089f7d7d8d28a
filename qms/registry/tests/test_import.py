"""Bulk import of certificates in the CertSearch field set: row numbers as a person sees them,
all or nothing, idempotent, status words mapped, history through publish_certificates."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from qms.core.audit import AuditEvent
from qms.registry import certsearch as cs
from qms.registry.exchange_models import CertificateAddress
from qms.registry.exchange_services import registry_import
from qms.registry.models import PublicCertificate, Source, StatusChange

from .exchange_helpers import HEADER, certsearch_row, csv_file, other_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def source() -> Source:
    return other_body()


def _import(source: Source, rows: list[dict[str, str]], *, dry_run: bool = False) -> Any:
    return registry_import(source=source, upload=csv_file(rows), dry_run=dry_run, via="test")


def test_a_bad_date_in_row_17_is_reported_as_row_17_and_nothing_is_written(
    source: Source,
) -> None:
    # given 20 rows; the 16th data row (row 17 of the sheet, the header being row 1) is bad
    rows = [certsearch_row(n) for n in range(1, 21)]
    rows[15][cs.EXPIRY_DATE] = "2029-02-30"

    # when it is imported for real
    report = _import(source, rows)

    # then row 17 is reported beside its column, and nothing was written
    assert report.status == "failed"
    assert [row.number for row in report.error_rows] == [17]
    assert report.error_rows[0].errors == {
        cs.EXPIRY_DATE: ["“2029-02-30” is not a date: write YYYYMMDD or YYYY-MM-DD."]
    }
    assert not PublicCertificate.objects.exists()
    assert not StatusChange.objects.exists()
    assert not CertificateAddress.objects.exists()


def test_the_dry_run_reports_the_same_row_and_writes_nothing(source: Source) -> None:
    rows = [certsearch_row(n) for n in range(1, 21)]
    rows[15][cs.ISSUE_DATE] = "1 March"

    report = _import(source, rows, dry_run=True)

    assert report.status == "dry_run_failed"
    assert [row.number for row in report.error_rows] == [17]
    assert not PublicCertificate.objects.exists()


def test_the_same_good_file_twice_creates_no_duplicates(source: Source) -> None:
    rows = [certsearch_row(n) for n in range(1, 21)]

    first = _import(source, rows)
    second = _import(source, rows)

    assert first.status == "succeeded"
    assert first.totals["created"] == 20
    assert second.totals == {
        "rows": 20,
        "created": 0,
        "updated": 0,
        "unchanged": 20,
        "error": 0,
    }
    assert PublicCertificate.objects.filter(source=source).count() == 20
    assert StatusChange.objects.count() == 20  # one "active" entry each, not two


def test_a_changed_status_updates_the_certificate_and_adds_history(source: Source) -> None:
    _import(source, [certsearch_row(1), certsearch_row(2)])

    changed = certsearch_row(
        1,
        **{
            cs.STATUS: "Suspended",
            cs.STATUS_CHANGED_ON: "20261015",
            cs.STATUS_NOTE: "Suspended: client requested (R3)",
        },
    )
    report = _import(source, [changed, certsearch_row(2)])

    assert [row.status for row in report.rows] == ["updated", "unchanged"]
    certificate = PublicCertificate.objects.get(number="NL-00001")
    assert certificate.status == "suspended"
    assert certificate.status_changed_on == datetime.date(2026, 10, 15)
    history = list(certificate.history.order_by("id").values_list("status", "on", "note"))
    assert history == [
        ("active", datetime.date(2026, 3, 1), ""),
        ("suspended", datetime.date(2026, 10, 15), "Suspended: client requested (R3)"),
    ]


def test_a_row_is_read_in_the_certsearch_formats(source: Source) -> None:
    _import(source, [certsearch_row(1, **{cs.COUNTRY: "DEU", cs.SECTORS: "IAF 17 - Basic metals"})])

    certificate = PublicCertificate.objects.get()
    assert certificate.holder_name == "Hügel Feinmechanik 1 GmbH"
    assert certificate.country == "DE"
    assert certificate.original_issue_date == datetime.date(2023, 3, 1)
    assert certificate.issue_date == datetime.date(2026, 3, 1)
    assert certificate.expiry_date == datetime.date(2029, 2, 28)
    assert certificate.standards == ["ISO 9001:2015"]
    assert certificate.iaf_codes == ["17"]
    assert certificate.sites == [
        "Head office — Bergstraße 1, Stuttgart",
        "Plant 2 — Talweg 5, Esslingen",
    ]
    assert certificate.address == "Bergstraße 1, 70173 Stuttgart, Baden-Württemberg"
    assert certificate.status_changed_on == datetime.date(2026, 3, 1)  # a new active: issue date
    assert certificate.listed is True
    parts = CertificateAddress.objects.get(certificate=certificate)
    assert parts.parts() == ("Bergstraße 1", "Stuttgart", "Baden-Württemberg", "70173")


@pytest.mark.parametrize(
    ("word", "expiry", "expected"),
    [
        ("Active", "20290228", "active"),
        ("valid", "20290228", "active"),
        ("Suspended", "20290228", "suspended"),
        ("Withdrawn", "20290228", "withdrawn"),
        ("Revoked", "20290228", "withdrawn"),
        ("Cancelled", "20290228", "cancelled"),
        ("Expired", "20290228", "expired"),
        ("Draft", "20290228", "draft"),
        ("Inactive", "20290228", "cancelled"),  # still within its dates: ended early
        ("Inactive", "20260302", "expired"),  # past its expiry date
    ],
)
def test_certsearch_status_words_map_to_ours(
    source: Source, word: str, expiry: str, expected: str, settings: Any
) -> None:
    report = _import(source, [certsearch_row(1, **{cs.STATUS: word, cs.EXPIRY_DATE: expiry})])

    assert report.status == "succeeded", report.to_json()
    assert PublicCertificate.objects.get().status == expected


def test_superseded_and_unknown_statuses_are_refused_beside_the_column(source: Source) -> None:
    report = _import(
        source,
        [certsearch_row(1, **{cs.STATUS: "Superseded"}), certsearch_row(2, **{cs.STATUS: "ok"})],
    )

    assert [row.number for row in report.error_rows] == [2, 3]
    assert "not rows of their own" in report.error_rows[0].errors[cs.STATUS][0]
    assert "is not a certification status" in report.error_rows[1].errors[cs.STATUS][0]
    assert not PublicCertificate.objects.exists()


def test_cross_column_and_accreditation_errors(source: Source) -> None:
    report = _import(
        source,
        [
            certsearch_row(1, **{cs.EXPIRY_DATE: "20250101"}),
            certsearch_row(2, **{cs.ACCREDITATION: "Unaccredited"}),
            certsearch_row(3, **{cs.COUNTRY: "Atlantis"}),
            certsearch_row(4, **{cs.NUMBER: "NL-00001"}),
        ],
    )

    errors = {row.number: row.errors for row in report.error_rows}
    assert errors[2] == {cs.EXPIRY_DATE: ["The expiry date is before the issue date."]}
    assert "records accreditation per certification body" in errors[3][cs.ACCREDITATION][0]
    assert "is not a country" in errors[4][cs.COUNTRY][0]
    assert errors[5] == {cs.NUMBER: ["The same as row 2: each row must differ."]}
    assert not PublicCertificate.objects.exists()


def test_a_number_twice_in_one_file_names_the_first_row(source: Source) -> None:
    report = _import(source, [certsearch_row(1), certsearch_row(2, **{cs.NUMBER: "NL-00001"})])

    assert report.error_rows[0].number == 3
    assert report.error_rows[0].errors == {cs.NUMBER: ["The same as row 2: each row must differ."]}


def test_a_missing_required_column_is_a_file_error(source: Source) -> None:
    header = [column for column in HEADER if column != cs.EXPIRY_DATE]

    report = registry_import(
        source=source,
        upload=csv_file([certsearch_row(1)], header=header),
        dry_run=False,
        via="test",
    )

    assert report.file_errors == [
        f"Required column(s) missing from the first row: {cs.EXPIRY_DATE}."
    ]
    assert not PublicCertificate.objects.exists()


def test_columns_left_out_keep_what_the_certificate_has(source: Source) -> None:
    _import(source, [certsearch_row(1)])
    header = [column for column in HEADER if column not in (cs.SCOPE, cs.SITES)]

    report = registry_import(
        source=source,
        upload=csv_file([certsearch_row(1, **{cs.STATUS: "Withdrawn"})], header=header),
        dry_run=False,
        via="test",
    )

    assert report.totals["updated"] == 1
    certificate = PublicCertificate.objects.get()
    assert certificate.status == "withdrawn"
    assert certificate.scope == "Machining of precision parts"
    assert len(certificate.sites) == 2


def test_an_xlsx_sheet_with_date_cells(source: Source) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(HEADER))
    row = certsearch_row(1)
    values: list[Any] = [row[column] for column in HEADER]
    values[HEADER.index(cs.ISSUE_DATE)] = datetime.date(2026, 3, 1)
    values[HEADER.index(cs.EXPIRY_DATE)] = 20290228  # a YYYYMMDD typed as a number
    sheet.append(values)
    from io import BytesIO

    from django.core.files.base import ContentFile

    buffer = BytesIO()
    workbook.save(buffer)

    report = registry_import(
        source=source,
        upload=ContentFile(buffer.getvalue(), name="upload.xlsx"),
        dry_run=False,
        via="test",
    )

    assert report.status == "succeeded", report.to_json()
    certificate = PublicCertificate.objects.get()
    assert certificate.issue_date == datetime.date(2026, 3, 1)
    assert certificate.expiry_date == datetime.date(2029, 2, 28)


def test_a_real_import_records_one_audit_event(source: Source) -> None:
    _import(source, [certsearch_row(1), certsearch_row(2)])

    event = AuditEvent.objects.get(event_type="registry_import.run")
    assert event.organization_id is None
    assert event.data["source"] == "cb:nordlicht"
    assert event.data["created"] == 2


def test_the_command_imports_and_fails_with_row_numbers(
    source: Source, tmp_path: Any, capsys: Any
) -> None:
    good = tmp_path / "good.csv"
    good.write_bytes(csv_file([certsearch_row(1)]).read())
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_file([certsearch_row(2, **{cs.ISSUE_DATE: "soon"})]).read())

    call_command("registry", "import", str(good), "--source", "cb:nordlicht", "--dry-run")
    assert not PublicCertificate.objects.exists()
    call_command("registry", "import", str(good), "--source", "cb:nordlicht")
    assert "1 were created" in capsys.readouterr().out.replace("1 rows: ", "")
    with pytest.raises(CommandError) as failed:
        call_command("registry", "import", str(bad), "--source", "cb:nordlicht")
    assert failed.value.returncode == 1
    assert f"row 2: {cs.ISSUE_DATE}: “soon” is not a date" in capsys.readouterr().err
    with pytest.raises(CommandError) as unknown:
        call_command("registry", "import", str(good), "--source", "cb:nobody")
    assert unknown.value.returncode == 2
    assert PublicCertificate.objects.count() == 1


def test_a_certification_body_imports_through_the_import_page(
    organization: Any, owner: Any, client_for: Any
) -> None:
    # given the organization publishes here as org:<id>
    Source.objects.create(key=f"org:{organization.pk}", name="Acme Certification", accredited=True)
    client = client_for(owner)

    # when its owner uploads a sheet on the core import page (a real run)
    response = client.post(
        f"/imports/{'registry.certificates'}/",
        {"file": csv_file([certsearch_row(1)]), "dry_run": ""},
    )

    # then the certificate is published under the organization's source
    assert response.status_code == 302
    certificate = PublicCertificate.objects.get()
    assert certificate.source.key == f"org:{organization.pk}"


def test_an_organization_without_a_source_gets_a_row_error(organization: Any, owner: Any) -> None:
    from django.core.files.base import ContentFile

    from qms.core.imports.services import import_run

    report = import_run(
        actor=owner,
        organization=organization,
        importer_kind="registry.certificates",
        upload=ContentFile(csv_file([certsearch_row(1)]).read(), name="c.csv"),
        dry_run=True,
    )

    assert "does not publish to the registry yet" in report.error_rows[0].errors["row"][0]
