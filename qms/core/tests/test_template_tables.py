"""Every data table reads on a phone: below 40rem the stylesheet shows each row as a card
whose cells carry their column's name (`data-label`), so a table cell without one shows an
empty label column. A row that stands for "nothing here" is `class="empty"` instead."""

from __future__ import annotations

import re
from pathlib import Path

import qms

ROOT = Path(qms.__file__).parent
TABLE = re.compile(r'<table class="table[^"]*".*?</table>', re.S)
CELL = re.compile(r"<td\b[^>]*>")

# Tables that are not rows of records, with the reason.
NOT_RECORD_TABLES = {
    # a line-by-line comparison of two revisions: its cells are the lines' numbers and text
    "documents/templates/documents/revision_diff.html",
    # a person-by-document matrix: its columns are documents, not fields of a record
    "documents/templates/documents/reading/matrix.html",
}


def test_every_table_cell_names_its_column_for_phones() -> None:
    unlabeled: dict[str, list[str]] = {}
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        name = path.relative_to(ROOT).as_posix()
        if name in NOT_RECORD_TABLES:
            continue
        for table in TABLE.findall(path.read_text(encoding="utf-8")):
            for cell in CELL.findall(table):
                if "data-label" not in cell and "empty" not in cell:
                    unlabeled.setdefault(name, []).append(cell)
    assert unlabeled == {}


def test_the_exceptions_still_exist() -> None:
    assert all((ROOT / name).exists() for name in NOT_RECORD_TABLES)
