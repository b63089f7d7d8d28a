"""Loading the certification reference data (IAF codes, IAF MD 5 audit-time tables), and
reading it on its pages and in the API."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from qms.accounts.models import User
from qms.standards.loader import FIXTURES, DataFileError, load_files
from qms.standards.models import AuditTimeTable, IafCode

pytestmark = pytest.mark.django_db

SECTOR_FILES = [
    FIXTURES / name
    for name in (
        "iaf-codes.yaml",
        "iaf-md5-qms-1.yaml",
        "iaf-md5-ems-1.yaml",
        "iaf-md5-ohsms-1.yaml",
    )
]


def _rows() -> dict[str, list[tuple[Any, ...]]]:
    return {
        "codes": sorted(IafCode.objects.values_list("pk", "code", "version")),
        "tables": sorted(AuditTimeTable.objects.values_list("pk", "urn", "table_version")),
    }


def test_the_39_iaf_codes_load_with_their_nace_codes() -> None:
    load_files(SECTOR_FILES)
    codes = list(IafCode.objects.order_by("position"))
    assert [code.code for code in codes] == [str(number) for number in range(1, 40)]
    by_code = {code.code: code for code in codes}
    assert by_code["1"].title == "Agriculture, forestry and fishing"
    assert by_code["33"].title == "Information technology"
    assert by_code["33"].nace == ["58.2", "62", "63.1"]
    assert by_code["28"].nace == ["41", "42", "43"]
    assert by_code["38"].nace == ["75", "86", "87", "88"]
    assert "to be confirmed" in by_code["17"].source


def test_the_three_md5_tables_load_as_versioned_data() -> None:
    load_files(SECTOR_FILES)
    tables = {table.name: table for table in AuditTimeTable.objects.all()}
    assert set(tables) == {"QMS 1", "EMS 1", "OH&SMS 1"}
    qms = tables["QMS 1"]
    assert qms.document == "IAF MD 5:2019 Issue 4 Version 3"
    assert qms.table_version == "2023-06-14"
    assert qms.standards == ["ISO 9001"] and qms.categories == ["medium"]
    assert qms.default_category == "medium"
    assert len(qms.rows) == 24
    assert qms.rows[6] == {"min": 66, "max": 85, "days": {"medium": 6}}
    assert qms.rows[0] == {"min": 1, "max": 5, "days": {"medium": 1.5}}
    assert qms.rows[-1] == {"min": 10701, "max": None, "days": None}
    assert tables["EMS 1"].categories == ["high", "medium", "low", "limited"]
    assert tables["OH&SMS 1"].categories == ["high", "medium", "low"]
    assert tables["OH&SMS 1"].standards == ["ISO 45001"]
    assert len(qms.source_sha256) == 64 and qms.source_file == "iaf-md5-qms-1.yaml"


def test_loading_twice_changes_nothing_and_keeps_primary_keys() -> None:
    first = load_files(SECTOR_FILES)
    rows = _rows()
    second = load_files(SECTOR_FILES)
    assert first.created == 39 + 3
    assert (second.created, second.changed) == (0, 0)
    assert _rows() == rows


def test_the_command_loads_everything_and_a_second_run_reports_nothing(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("standards", "load", stdout=out, stderr=io.StringIO())
    assert IafCode.objects.count() == 39 and AuditTimeTable.objects.count() == 3
    out = io.StringIO()
    call_command("standards", "load", stdout=out, stderr=io.StringIO())
    assert out.getvalue().startswith("0 created, 0 changed")


def test_a_new_value_in_a_table_is_one_change_to_that_table(tmp_path: Path) -> None:
    load_files(SECTOR_FILES)
    rows = _rows()
    path = _broken(tmp_path, "iaf-md5-qms-1.yaml", lambda d: _row(d, 6)["days"].update(medium=6.5))
    report = load_files([path])
    assert (report.created, report.changed) == (0, 1)
    table = AuditTimeTable.objects.get(name="QMS 1")
    assert table.rows[6]["days"] == {"medium": 6.5}
    assert table.table_version == "2023-06-14"
    assert [pk for pk, *_rest in _rows()["tables"]] == [pk for pk, *_rest in rows["tables"]]


def test_a_code_left_out_of_the_file_is_kept_with_a_warning(tmp_path: Path) -> None:
    load_files(SECTOR_FILES)
    path = _broken(tmp_path, "iaf-codes.yaml", lambda d: d["codes"].pop())
    report = load_files([path])
    assert IafCode.objects.filter(code="39").exists()
    assert any("IAF code(s) 39 are no longer in the file" in line for line in report.warnings)


def _broken(tmp_path: Path, name: str, change: Any) -> Path:
    data = yaml.safe_load((FIXTURES / name).read_text())
    change(data)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def _row(data: dict[str, Any], index: int) -> dict[str, Any]:
    row: dict[str, Any] = data["rows"][index]
    return row


@pytest.mark.parametrize(
    ("name", "change", "expected"),
    [
        (
            "iaf-md5-qms-1.yaml",
            lambda d: _row(d, 3).update(min=17),
            "rows[3].min: must be 16 (the bands must follow each other)",
        ),
        (
            "iaf-md5-ems-1.yaml",
            lambda d: _row(d, 2)["days"].pop("low"),
            "rows[2].days.low: is required",
        ),
        (
            "iaf-md5-ems-1.yaml",
            lambda d: _row(d, 2)["days"].update(extreme=9),
            "rows[2].days.extreme: unknown key",
        ),
        (
            "iaf-md5-ohsms-1.yaml",
            lambda d: _row(d, 5)["days"].update(high=4),
            "rows[5].days.high: is less than the band before",
        ),
        (
            "iaf-md5-qms-1.yaml",
            lambda d: _row(d, 4).update(max=None),
            "rows[4].max: only the last band may be open",
        ),
        (
            "iaf-md5-qms-1.yaml",
            lambda d: _row(d, 4).update(days=None),
            "rows[4].days: only an open last band may have no days",
        ),
        (
            "iaf-md5-qms-1.yaml",
            lambda d: _row(d, 1)["days"].update(medium="two"),
            "rows[1].days.medium: must be a number of days",
        ),
        (
            "iaf-md5-qms-1.yaml",
            lambda d: d.update(default_category="high"),
            "default_category: must be one of medium",
        ),
        ("iaf-md5-qms-1.yaml", lambda d: d.update(standards=[]), "standards: must be a non-empty"),
        ("iaf-md5-qms-1.yaml", lambda d: d.pop("version"), "file.version: is required"),
        ("iaf-md5-qms-1.yaml", lambda d: d.update(colour="red"), "file.colour: unknown key"),
        (
            "iaf-codes.yaml",
            lambda d: d["codes"][32].update(code=33),
            "codes[32].code: 33 must be a quoted code like '17'",
        ),
        (
            "iaf-codes.yaml",
            lambda d: d["codes"][32].update(code="32"),
            "codes[32] (32).code: duplicate IAF code",
        ),
        (
            "iaf-codes.yaml",
            lambda d: d["codes"][32]["nace"].append("41"),
            "codes[32] (33).nace: 41 is already in IAF code 28",
        ),
        (
            "iaf-codes.yaml",
            lambda d: d["codes"][0]["nace"].append(1),
            "codes[0] (1).nace: 1 must be a quoted NACE code like '24.46'",
        ),
        (
            "iaf-codes.yaml",
            lambda d: d["codes"][3].update(sector="Textiles"),
            "codes[3] (4).sector: unknown key",
        ),
    ],
)
def test_a_bad_file_is_refused_naming_file_and_key_and_nothing_is_written(
    tmp_path: Path, name: str, change: Any, expected: str
) -> None:
    path = _broken(tmp_path, name, change)
    good = [file for file in SECTOR_FILES if file.name != name]
    with pytest.raises(DataFileError) as error:
        load_files([*good, path])
    assert str(error.value).startswith(f"{name}: ")
    assert expected in str(error.value)
    assert not IafCode.objects.exists()
    assert not AuditTimeTable.objects.exists()


def test_two_tables_with_one_urn_are_refused(tmp_path: Path) -> None:
    copy = _broken(tmp_path, "iaf-md5-ems-1.yaml", lambda d: d.update(urn=_qms_urn()))
    with pytest.raises(DataFileError) as error:
        load_files([FIXTURES / "iaf-md5-qms-1.yaml", copy])
    assert str(error.value) == (
        f"iaf-md5-qms-1.yaml: urn: {_qms_urn()} is also the URN of iaf-md5-ems-1.yaml"
    )


def _qms_urn() -> str:
    data = yaml.safe_load((FIXTURES / "iaf-md5-qms-1.yaml").read_text())
    return str(data["urn"])


def test_the_command_exits_2_with_one_line_for_a_bad_table(tmp_path: Path) -> None:
    path = _broken(tmp_path, "iaf-md5-qms-1.yaml", lambda d: _row(d, 3).update(min=17))
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("standards", "load", "--file", str(path), stderr=err, stdout=io.StringIO())
    assert exit_info.value.code == 2
    message = err.getvalue().strip()
    assert "\n" not in message
    assert message == (
        "qms standards load: iaf-md5-qms-1.yaml: rows[3].min: must be 16 "
        "(the bands must follow each other)"
    )


# --- Pages and API -----------------------------------------------------------------------

ClientFor = Callable[[User | None], Client]
ApiFor = Callable[[User | None], APIClient]


def test_every_member_reads_the_iaf_codes_page(
    client_for: ClientFor, viewer: User, django_assert_max_num_queries: Any
) -> None:
    load_files(SECTOR_FILES)
    client = client_for(viewer)
    client.get(reverse("standards:library"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("standards:iaf_codes"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "IAF 33" in html and "Information technology" in html
    assert "58.2, 62, 63.1" in html


def test_every_member_reads_the_audit_time_tables_page(
    client_for: ClientFor, viewer: User, django_assert_max_num_queries: Any
) -> None:
    load_files(SECTOR_FILES)
    client = client_for(viewer)
    client.get(reverse("standards:library"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("standards:audit_time_tables"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Table QMS 1" in html and "Table EMS 1" in html and "Table OH&amp;SMS 1" in html
    assert "66\u201385" in html and "above 10700" in html and "manual value" in html
    assert "IAF MD 5:2019 Issue 4 Version 3, version 2023-06-14" in html


def test_the_pages_say_when_nothing_is_loaded(client_for: ClientFor, viewer: User) -> None:
    client = client_for(viewer)
    assert "qms standards load" in client.get(reverse("standards:iaf_codes")).content.decode()
    page = client.get(reverse("standards:audit_time_tables")).content.decode()
    assert "No audit-time table is loaded yet" in page


def test_the_pages_need_a_login(client_for: ClientFor) -> None:
    assert client_for(None).get(reverse("standards:iaf_codes")).status_code == 302


def test_the_api_lists_iaf_codes_and_audit_time_tables(
    api_client_for: ApiFor, viewer: User, django_assert_max_num_queries: Any
) -> None:
    load_files(SECTOR_FILES)
    api = api_client_for(viewer)
    with django_assert_max_num_queries(8):
        codes = api.get("/api/v1/standards/iaf-codes/", {"page_size": 100}).json()
    assert [row["code"] for row in codes["results"]][:3] == ["1", "2", "3"]
    assert len(codes["results"]) == 39
    assert codes["results"][32] == {
        "id": IafCode.objects.get(code="33").pk,
        "code": "33",
        "position": 33,
        "title": "Information technology",
        "nace": ["58.2", "62", "63.1"],
        "source": "IAF ID 1:2014 Issue 2; NACE Rev. 2 mapping to be confirmed",
    }
    with django_assert_max_num_queries(8):
        tables = api.get("/api/v1/standards/audit-time-tables/").json()["results"]
    assert [table["name"] for table in tables] == ["EMS 1", "OH&SMS 1", "QMS 1"]
    qms = api.get(f"/api/v1/standards/audit-time-tables/{tables[2]['id']}/").json()
    assert qms["rows"][6] == {"min": 66, "max": 85, "days": {"medium": 6}}
    assert qms["standards"] == ["ISO 9001"]


def test_the_api_is_read_only_and_needs_a_login(
    api_client_for: ApiFor, quality_manager: User
) -> None:
    load_files(SECTOR_FILES)
    assert api_client_for(None).get("/api/v1/standards/iaf-codes/").status_code in (401, 403)
    api = api_client_for(quality_manager)
    response = api.post("/api/v1/standards/iaf-codes/", {"code": "40", "title": "Palm oil"})
    assert response.status_code in (403, 405)
    assert not IafCode.objects.filter(code="40").exists()
