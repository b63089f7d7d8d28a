"""List columns shared by the HTML table and the export (core/tables.py), and the CSV/XLSX
files (core/export.py): headers, sorting links, cell text and formula neutralising."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.http import QueryDict
from django.utils import timezone
from openpyxl import load_workbook

from qms.accounts.models import Membership
from qms.core.audit import AuditEvent
from qms.core.export import csv_response, xlsx_response
from qms.core.tables import (
    Column,
    Header,
    Table,
    export_rows,
    querystring,
    raw_value,
    related_paths,
    sortable_fields,
    text_value,
)
from qms.organizations.models import Process, Site
from qms.organizations.tests.factories import ProcessFactory, SiteFactory

UTF8_BOM = "\ufeff".encode()


def csv_text(response):
    return b"".join(response.streaming_content).decode("utf-8")


# --- Columns ----------------------------------------------------------------------------


def test_a_column_header_comes_from_its_label_or_the_field_verbose_name():
    # then
    assert Column("name", "Site name").header(Site) == "Site name"
    assert Column("name").header(Site) == "Name"
    assert Column("is_head_office").header(Site) == "Head office"
    assert Column("site.name").header(Process) == "Site"


def test_a_column_over_a_property_is_headed_by_its_name():
    # then
    assert Column("changed_fields").header(AuditEvent) == "Changed fields"


def test_a_column_sorts_by_its_field_its_path_or_what_it_says():
    # then
    assert Column("name").sort_field(Site) == "name"
    assert Column("site.name").sort_field(Process) == "site__name"
    assert Column("owner", sort="owner__email").sort_field(Process) == "owner__email"
    assert Column("name", sort=False).sort_field(Site) is None
    assert Column("name", sort=None).sort_field(Site) is None
    assert Column("description").sort_field(AuditEvent) is None


def test_sortable_fields_are_those_of_sortable_columns():
    # given
    columns = [Column("name"), Column("address", sort=False), Column("description")]
    # then
    assert sortable_fields(Site, columns) == {"name"}


def test_related_paths_are_the_foreign_keys_the_columns_walk():
    # given
    columns = [
        Column("code"),
        Column("owner"),
        Column("site.name"),
        Column("site.organization.name"),
        Column("name.upper"),
    ]
    # then
    assert related_paths(Process, columns) == ["owner", "site", "site__organization"]
    assert related_paths(Site, [Column("name"), Column("country")]) == []


# --- Cell values ------------------------------------------------------------------------


@pytest.mark.django_db
def test_cell_values_follow_paths_and_use_choice_labels(quality_manager):
    # given
    membership = Membership.objects.get(user=quality_manager)
    process = ProcessFactory(site=None, owner=quality_manager)
    # then
    assert raw_value(membership, "role") == "Quality manager"
    assert raw_value(membership, "organization.name") == "Acme Gauges Ltd"
    assert raw_value(process, "site.name") is None
    assert raw_value(process, "owner.get_short_name") == quality_manager.get_short_name()


def test_cell_text_writes_yes_no_dates_and_blanks():
    # given
    moment = dt.datetime(2026, 3, 4, 5, 6, tzinfo=dt.UTC)
    # then
    assert text_value(None) == ""
    assert text_value("") == ""
    assert text_value(True) == "Yes"
    assert text_value(False) == "No"
    assert text_value(0) == "0"
    assert text_value(dt.date(2026, 3, 4)) == "2026-03-04"
    assert text_value(moment) == timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


# --- The table --------------------------------------------------------------------------

SITE_COLUMNS = (
    Column("name", link=True),
    Column("country"),
    Column("is_head_office"),
    Column("address", sort=False),
)


@pytest.mark.django_db
def test_a_table_has_one_cell_per_column_with_links_and_dashes_for_blanks():
    # given
    site = SiteFactory(name="Sheffield works", country="GB", is_head_office=True, address="")
    # when
    table = Table(
        model=Site, columns=SITE_COLUMNS, rows=Site.objects.all(), params=QueryDict(), sort="name"
    )
    # then
    [row] = table.rows
    assert [cell.text for cell in row] == ["Sheffield works", "United Kingdom", "Yes", "—"]
    assert [cell.url for cell in row] == [site.get_absolute_url(), None, None, None]


def test_the_sorted_column_links_to_the_opposite_direction():
    # given
    params = QueryDict("q=lab&page=3&sort=name")
    # when
    ascending = Table(model=Site, columns=SITE_COLUMNS, rows=[], params=params, sort="name")
    descending = Table(model=Site, columns=SITE_COLUMNS, rows=[], params=params, sort="-name")
    # then
    assert ascending.headers[0] == Header("Name", "?q=lab&sort=-name", "asc")
    assert descending.headers[0] == Header("Name", "?q=lab&sort=name", "desc")


def test_other_columns_link_to_ascending_and_unsortable_ones_do_not_link():
    # given
    params = QueryDict("q=lab&page=3")
    # when
    headers = Table(model=Site, columns=SITE_COLUMNS, rows=[], params=params, sort="-name").headers
    # then
    assert headers[1] == Header("Country", "?q=lab&sort=country", None)
    assert headers[2] == Header("Head office", "?q=lab&sort=is_head_office", None)
    assert headers[3] == Header("Address", None, None)


def test_a_querystring_changes_and_drops_parameters():
    # given
    params = QueryDict("q=lab&country=GB&country=DE&page=3")
    # when
    query = querystring(params, page=4, q=None)
    # then
    assert dict(QueryDict(query.lstrip("?")).lists()) == {"country": ["GB", "DE"], "page": ["4"]}


@pytest.mark.django_db
def test_export_rows_are_the_cell_texts_without_placeholders():
    # given
    SiteFactory(name="Lab", country="", is_head_office=False)
    # when
    rows = list(export_rows(Site.objects.all(), SITE_COLUMNS))
    # then
    assert rows == [["Lab", "", "No", ""]]


# --- CSV and XLSX -----------------------------------------------------------------------

HEADER = ["Name", "Note"]
ROWS = [
    ["Sheffield works", "plain"],
    ["=cmd()", "+1+1"],
    ["-2+3", "@SUM(A1)"],
    ["Zürich", 'a, "quoted" value'],
]


def test_a_csv_export_starts_with_a_bom_and_the_header():
    # when
    response = csv_response("sites", HEADER, iter(ROWS))
    content = b"".join(response.streaming_content)
    # then
    assert content.startswith(UTF8_BOM)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    assert rows[1] == ["Sheffield works", "plain"]
    assert rows[4] == ["Zürich", 'a, "quoted" value']
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="sites-{today}.csv"'


def test_a_csv_export_neutralises_spreadsheet_formulas():
    # when
    rows = list(csv.reader(io.StringIO(csv_text(csv_response("x", HEADER, ROWS)).lstrip("\ufeff"))))
    # then
    assert rows[2] == ["'=cmd()", "'+1+1"]
    assert rows[3] == ["'-2+3", "'@SUM(A1)"]


@pytest.mark.parametrize(
    ("value", "neutralised"),
    [
        (";=1+1", ";'=1+1"),
        (",=1+1", ",'=1+1"),
        ("\t=1", "'\t'=1"),
        ("\uff1d1+1", "'\uff1d1+1"),  # full-width equals sign
        ("\uff0b1", "'\uff0b1"),  # full-width plus
        ("\uff0d1", "'\uff0d1"),  # full-width minus
        ("\uff20x", "'\uff20x"),  # full-width commercial at
        ("Leeds;=HYPERLINK(1)", "Leeds;'=HYPERLINK(1)"),
        ("a, -2+3", "a, '-2+3"),
        ("line one\n@SUM(A1)", "line one\n'@SUM(A1)"),
    ],
)
def test_a_formula_after_a_separator_or_in_full_width_is_neutralised(value, neutralised):
    # when the value is exported as CSV and as XLSX
    text = csv_text(csv_response("x", HEADER, [[value, "plain"]])).lstrip("\ufeff")
    sheet = load_workbook(io.BytesIO(xlsx_response("x", HEADER, [[value, "plain"]]).content))["x"]
    # then every cell a spreadsheet could split off starts with an apostrophe
    assert list(csv.reader(io.StringIO(text)))[1] == [neutralised, "plain"]
    assert sheet["A2"].value == neutralised


def test_a_csv_export_keeps_plain_numbers_as_numbers():
    # given cells that are numbers, negative and signed ones included
    numbers = [["-5", "+3.25"], ["42", "-0.5"], ["-1000", "0"]]
    # when
    text = csv_text(csv_response("x", HEADER, numbers)).lstrip("\ufeff")
    # then
    assert list(csv.reader(io.StringIO(text)))[1:] == numbers


def test_an_xlsx_export_opens_with_the_header_and_the_rows():
    # when
    response = xlsx_response("sites", HEADER, iter(ROWS))
    workbook = load_workbook(io.BytesIO(response.content))
    # then
    sheet = workbook["sites"]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADER
    assert values[1] == ["Sheffield works", "plain"]
    assert values[2] == ["'=cmd()", "'+1+1"]
    assert sheet["A3"].data_type == "s"
    assert sheet["A1"].font.bold
    assert len(values) == 1 + len(ROWS)
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="sites-{today}.xlsx"'


def test_an_xlsx_sheet_name_is_cut_to_excels_limit():
    # when
    response = xlsx_response("a" * 40, HEADER, [])
    # then
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["a" * 31]


# --- Export through a list page ----------------------------------------------------------


def test_the_site_list_exports_the_filtered_sorted_rows_as_csv(
    client_for, quality_manager, organization, other_organization
):
    # given
    SiteFactory(organization=organization, name="Beta lab", country="GB")
    SiteFactory(organization=organization, name="=HYPERLINK(1)", country="GB")
    SiteFactory(organization=organization, name="Alpha lab", country="DE")
    SiteFactory(organization=other_organization, name="Northwind lab", country="GB")
    # when
    response = client_for(quality_manager).get("/organization/sites/?export=csv&sort=-name&q=lab")
    # then
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(csv_text(response).lstrip("\ufeff"))))
    assert rows[0] == ["Name", "Country", "Head office", "Employees"]
    assert [row[0] for row in rows[1:]] == ["Beta lab", "Alpha lab"]


def test_the_site_list_exports_xlsx_with_neutralised_formulas(
    client_for, quality_manager, organization
):
    # given
    SiteFactory(organization=organization, name="=HYPERLINK(1)")
    # when
    response = client_for(quality_manager).get("/organization/sites/?export=xlsx")
    # then
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == ["Name", "'=HYPERLINK(1)"]


def test_the_audit_log_exports_the_organizations_events_only(
    client_for, quality_manager, organization, other_organization
):
    # given
    from qms.organizations import services

    services.site_create(actor=quality_manager, organization=organization, data={"name": "Ours"})
    services.site_create(actor=None, organization=other_organization, data={"name": "Theirs"})
    # when
    response = client_for(quality_manager).get("/audit/?export=csv")
    # then
    assert response.status_code == 200
    text = csv_text(response)
    assert "Ours" in text
    assert "Theirs" not in text
    assert "site.created" in text
