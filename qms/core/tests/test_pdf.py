"""PDF reports: the shared page (header, footer, "Page X of Y"), offline rendering, responses."""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.utils.safestring import mark_safe

from qms.core.pdf import (
    css_string,
    local_static_path,
    pdf_document,
    pdf_response,
    render_pdf,
    safe_filename,
)
from qms.core.qr import qr_svg

SAMPLE = "core/pdf/sample.html"


def _context(**extra: Any) -> dict[str, Any]:
    return {
        "status": "Approved",
        "metadata": [("Number", "QP-07"), ("Owner", "Ann Quality"), ("Review", None)],
        "paragraphs": ["Scope of the procedure. " * 40] * 12,
        "signatures": [
            {
                "signer_name": "Ann Quality",
                "signer_email": "ann@acme.test",
                "meaning": "Approved",
                "reason": "Fit for use",
                "content_hash": "ab" * 32,
            }
        ],
        **extra,
    }


def _document(**extra: Any) -> Any:
    return pdf_document(
        template_name=SAMPLE,
        context=_context(**extra),
        title="Control of documented information",
        organization_name="Acme Gauges Ltd",
        header_right="QP-07 rev. C",
        footer_note="Uncontrolled when printed",
    )


def _texts(box: Any) -> Iterator[str]:
    text = getattr(box, "text", None)
    if isinstance(text, str):
        yield text
    for child in getattr(box, "children", ()):
        yield from _texts(child)


def _margin_text(page: Any) -> str:
    """The text of a page's header and footer (its margin boxes)."""
    boxes = [child for child in page._page_box.children if type(child).__name__ == "MarginBox"]
    return " | ".join(" ".join(_texts(box)) for box in boxes)


def test_the_report_is_a4_with_running_header_and_footer() -> None:
    document = _document()
    assert len(document.pages) >= 2
    first = document.pages[0]
    assert (round(first.width * 25.4 / 96), round(first.height * 25.4 / 96)) == (210, 297)
    total = len(document.pages)
    for number, page in enumerate(document.pages, start=1):
        margins = _margin_text(page)
        assert "Acme Gauges Ltd" in margins
        assert "QP-07 rev. C" in margins
        assert "Uncontrolled when printed" in margins
        assert "Printed " in margins
        assert f"Page {number} of {total}" in margins
    # The title runs in the header from the second page (the first shows it as its heading).
    assert "Control of documented information" in _margin_text(document.pages[1])


def test_the_pdf_is_written_with_the_dejavu_fonts() -> None:
    pdf = render_pdf(
        template_name=SAMPLE, context=_context(), title="Fonts", organization_name="Acme"
    )
    assert pdf.startswith(b"%PDF-")
    plain = _document().write_pdf(uncompressed_pdf=True)
    fonts = set(re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([A-Za-z-]+)", plain))
    assert {b"DejaVu-Sans", b"DejaVu-Serif-Bold"} <= fonts, fonts


def test_header_text_cannot_break_out_of_the_style_sheet() -> None:
    hostile = '"; } body { display: none } </style><script>x</script>'
    document = pdf_document(
        template_name=SAMPLE, context=_context(), title=hostile, organization_name=hostile
    )
    header = "".join(_margin_text(document.pages[0]).split())
    assert "".join(hostile.split()) in header  # printed as text, not read as CSS
    assert "</" not in css_string(hostile) and "<script" not in css_string(hostile)
    assert css_string('a"b') == '"a\\22 b"'


def test_a_remote_image_is_never_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[Any] = []
    monkeypatch.setattr(
        urllib.request.OpenerDirector, "open", lambda self, *a, **k: opened.append(a)
    )
    pdf = render_pdf(
        template_name=SAMPLE,
        context=_context(image_url="http://example.com/x.png"),
        title="Remote",
    )
    assert pdf.startswith(b"%PDF-")
    assert opened == []


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.png",
        "https://example.com/static/qms/favicon.svg",
        "ftp://example.com/x.png",
        "file:///etc/passwd",
        f"{settings.BASE_URL}/static/../settings.py",
        f"{settings.BASE_URL}/media/secret.pdf",
    ],
)
def test_the_fetcher_refuses_anything_but_our_static_files(url: str) -> None:
    assert local_static_path(url) is None


def test_the_fetcher_serves_our_static_files_and_data_uris() -> None:
    path = local_static_path(f"{settings.BASE_URL}/static/qms/favicon.svg")
    assert path is not None and path.name == "favicon.svg"
    assert local_static_path(path.as_uri()) == path
    other_host = "https://qms.example.test/static/qms/favicon.svg"
    assert local_static_path(other_host) is None
    assert local_static_path(other_host, base_url="https://qms.example.test/") == path
    document = _document(qr=mark_safe(qr_svg("https://qms.example.test/v/1")))  # noqa: S308
    assert len(document.pages) >= 1


def test_pdf_response_headers() -> None:
    response = pdf_response(pdf=b"%PDF-1.7 x", filename='../QP-07 "rev C".pdf')
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="QP-07 -rev C-.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Length"] == "10"
    download = pdf_response(pdf=b"%PDF", filename="Prüfplan", inline=False)
    assert download["Content-Disposition"].startswith(
        "attachment; filename*=utf-8''Pr%C3%BCfplan.pdf"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("report", "report.pdf"),
        ("a/b\\c.pdf", "a-b-c.pdf"),
        ("\r\n", "report.pdf"),
        ("..", "report.pdf"),
    ],
)
def test_safe_filename(name: str, expected: str) -> None:
    assert safe_filename(name) == expected
