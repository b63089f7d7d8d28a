"""CSV and XLSX export of a list, streamed so a large register never sits in memory."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

# A spreadsheet treats a cell as a formula when it starts with one of these, in ASCII or in
# the full-width forms some spreadsheet programs also accept (U+FF1D, FF0B, FF0D, FF20).
_FORMULA_CHARS = "=+\\-@\t\r\uff1d\uff0b\uff0d\uff20"
# A cell starts at the beginning of the value, or after any separator a program may split
# on when it guesses the delimiter (comma, semicolon, tab, line break).
_CELL_START = re.compile(f"(^|[,;\t\r\n][ ]*)(?=[{_FORMULA_CHARS}])")
_NUMBER = re.compile(r"^[+-]?[0-9]+(\.[0-9]+)?$")


def _safe(value: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection): an apostrophe goes before every
    formula start, at the beginning of the value and after each separator, so `=1+1`,
    `;=1+1` and `a;=1+1` all stay text whichever delimiter the program picks.
    Plain numbers, negative ones included, stay numbers."""
    if _NUMBER.match(value):
        return value
    return _CELL_START.sub(r"\1'", value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _filename(stem: str, extension: str) -> str:
    return f"{stem}-{timezone.localdate().isoformat()}.{extension}"


def csv_response(stem: str, header: list[str], rows: Iterable[list[str]]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"  # lets spreadsheet programs detect UTF-8
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([_safe(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "csv")}"'
    return response


def xlsx_response(stem: str, header: list[str], rows: Iterable[list[str]]) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=stem[:31])
    bold = Font(bold=True)
    header_cells = []
    for label in header:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_safe(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "xlsx")}"'
    return response
