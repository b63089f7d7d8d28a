"""Building blocks of the Word (DOCX) reports, on python-docx: a table whose header row
repeats on every page, and a footer with "Page N of M" as Word fields. Reports of several
modules (internal audits, certification audits) share them."""

from __future__ import annotations

from typing import Any


def docx_table(document: Any, header: list[str], rows: list[list[str]], widths: list[float]) -> Any:
    """A "Table Grid" table: a bold header row that repeats on each page, 8.5 pt text,
    column widths in centimetres."""
    from docx.shared import Cm, Pt

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for index, text in enumerate(header):
        cell = table.rows[0].cells[index]
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(8.5)
    for values in rows:
        cells = table.add_row().cells
        for index, text in enumerate(values):
            cells[index].text = ""
            run = cells[index].paragraphs[0].add_run(str(text))
            run.font.size = Pt(8.5)
    for row in table.rows:
        for index, width in enumerate(widths):
            row.cells[index].width = Cm(width)
    repeat_header(table)
    return table


def repeat_header(table: Any) -> None:
    """Mark the table's first row as a header row Word repeats on every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(marker)


def add_field(paragraph: Any, code: str) -> None:
    """A Word field (e.g. PAGE, NUMPAGES) at the end of the paragraph."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = code
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(end)


def page_number_footer(section: Any, note: str) -> None:
    """The section's footer: the note, then "Page N of M"."""
    paragraph = section.footer.paragraphs[0]
    paragraph.text = f"{note} · Page "
    add_field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    add_field(paragraph, "NUMPAGES")
