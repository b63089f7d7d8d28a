"""Export in the CertSearch field set: only the source's listed certificates, drafts on request,
statuses in CertSearch's words, and a file that imports back unchanged."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from qms.registry import certsearch as cs
from qms.registry.exchange_services import registry_import
from qms.registry.exports import HEADER, export_rows
from qms.registry.models import PublicCertificate, Source
from qms.registry.services import publish_certificates

from .exchange_helpers import certsearch_row, csv_file, other_body
from .factories import published

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 28)


def _rows(source: Source, **options: Any) -> list[dict[str, str]]:
    return [
        dict(zip(HEADER, row, strict=True))
        for row in export_rows(source=source, today=TODAY, **options)
    ]


def test_only_the_sources_listed_certificates_drafts_on_request() -> None:
    # given certificates of this installation's body (one-line address) and another's
    base = published(source_key="org:1")
    publish_certificates(
        [
            base,
            dataclasses.replace(base, number="MC-2", status="draft"),
            dataclasses.replace(base, number="MC-3", listed=False),
            dataclasses.replace(base, number="MC-4", status="withdrawn"),
            dataclasses.replace(base, number="OT-1", source_key="cb:other", source_name="Other"),
        ]
    )
    source = Source.objects.get(key="org:1")

    numbers = [row[cs.NUMBER] for row in _rows(source)]
    with_drafts = [row[cs.NUMBER] for row in _rows(source, include_drafts=True)]

    assert numbers == ["MC-2026-0001", "MC-4"]
    assert with_drafts == ["MC-2", "MC-2026-0001", "MC-4"]


def test_a_row_in_certsearch_words_and_formats() -> None:
    publish_certificates(
        [
            published(confidential=True),
            published(
                number="MC-OLD",
                issue_date=datetime.date(2023, 2, 1),
                expiry_date=datetime.date(2026, 1, 31),
            ),
        ]
    )
    source = Source.objects.get(key="org:1")

    rows = {row[cs.NUMBER]: row for row in _rows(source)}

    row = rows["MC-2026-0001"]
    assert row[cs.ENTITY_ID] == "CLIENT-7"
    assert row[cs.ENTITY_NAME] == "Müller Präzisionstechnik GmbH"
    assert row[cs.COUNTRY] == "Germany"
    assert row[cs.STREET] == "Hauptstraße 1, 70173 Stuttgart"  # one line: all in Street
    assert row[cs.CITY] == ""
    assert row[cs.STATUS] == "Active"
    assert row[cs.ACCREDITATION] == "Accredited"
    assert row[cs.STANDARDS] == "ISO 9001:2015"
    assert row[cs.ORIGINAL_ISSUE_DATE] == "20230301"
    assert row[cs.ISSUE_DATE] == "20260301"
    assert row[cs.EXPIRY_DATE] == "20290228"
    assert row[cs.SECTORS] == "17; 18"
    assert row[cs.CONFIDENTIAL] == "Yes"
    assert rows["MC-OLD"][cs.STATUS] == "Expired"  # active past its expiry date


def test_an_exported_file_imports_back_unchanged(tmp_path: Any) -> None:
    # given certificates imported with address parts
    source = other_body()
    rows = [certsearch_row(n) for n in range(1, 6)]
    rows[2][cs.STATUS] = "Suspended"
    report = registry_import(source=source, upload=csv_file(rows), dry_run=False, via="test")
    assert report.status == "succeeded"

    # when they are exported on the command line and the file imported again
    output = tmp_path / "certsearch.csv"
    call_command("registry", "export", "--source", source.key, "--output", str(output))
    exported = list(csv.reader(io.StringIO(output.read_text(encoding="utf-8-sig"))))
    again = registry_import(
        source=source,
        upload=csv_file([dict(zip(exported[0], line, strict=True)) for line in exported[1:]]),
        dry_run=False,
        via="test",
    )

    # then the parts came back and nothing changed
    assert exported[0] == list(cs.CERTSEARCH_COLUMNS)
    assert exported[1][HEADER.index(cs.CITY)] == "Stuttgart"
    assert exported[3][HEADER.index(cs.STATUS)] == "Suspended"
    assert again.totals["unchanged"] == 5, again.to_json()
    assert PublicCertificate.objects.count() == 5


def test_the_command_writes_xlsx_and_refuses_an_unknown_source(tmp_path: Any) -> None:
    publish_certificates([published()])
    output = tmp_path / "certsearch.xlsx"

    call_command(
        "registry", "export", "--source", "org:1", "--format", "xlsx", "--output", str(output)
    )

    sheet = load_workbook(output, read_only=True).worksheets[0]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == list(cs.CERTSEARCH_COLUMNS)
    assert values[1][HEADER.index(cs.NUMBER)] == "MC-2026-0001"
    with pytest.raises(CommandError) as unknown:
        call_command("registry", "export", "--source", "cb:nobody")
    assert unknown.value.returncode == 2
    with pytest.raises(CommandError):
        call_command("registry", "export", "--source", "org:1", "--format", "xlsx")


def test_the_export_reads_in_a_constant_number_of_queries(
    django_assert_max_num_queries: Any,
) -> None:
    base = published()
    publish_certificates([dataclasses.replace(base, number=f"MC-{n}") for n in range(30)])
    source = Source.objects.get(key="org:1")

    with django_assert_max_num_queries(2):
        assert len(list(export_rows(source=source, today=TODAY))) == 30


@pytest.mark.urls("qms.registry.tests.urls_exchange")
def test_the_body_downloads_its_own_certificates(
    organization: Any, owner: Any, quality_manager: Any, client_for: Any
) -> None:
    key = f"org:{organization.pk}"
    base = published(source_key=key)
    publish_certificates([base, dataclasses.replace(base, number="OT-1", source_key="cb:x")])
    url = "/registry/exchange/certsearch-export/"

    csv_answer = client_for(owner).get(url)
    xlsx_answer = client_for(owner).get(url, {"format": "xlsx"})

    assert csv_answer.status_code == 200
    text = b"".join(csv_answer.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == list(cs.CERTSEARCH_COLUMNS)
    assert [line[HEADER.index(cs.NUMBER)] for line in lines[1:]] == ["MC-2026-0001"]
    assert xlsx_answer.status_code == 200
    assert client_for(owner).get(url, {"format": "pdf"}).status_code == 400
    assert client_for(quality_manager).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 302


@pytest.mark.urls("qms.registry.tests.urls_exchange")
def test_an_organization_publishing_nothing_gets_404(owner: Any, client_for: Any) -> None:
    assert client_for(owner).get("/registry/exchange/certsearch-export/").status_code == 404
