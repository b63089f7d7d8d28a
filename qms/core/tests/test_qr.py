"""QR codes: inline SVG for pages and PDFs, deterministic, level M or higher, no Micro QR."""

from __future__ import annotations

import base64

import pytest

from qms.core.qr import qr_code, qr_data_uri, qr_svg

URL = "https://qms.example.test/registry/verify/C-2026-0042"


def test_the_svg_is_inline_markup_of_the_symbol_size() -> None:
    svg = qr_svg(URL)
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert "<?xml" not in svg
    code = qr_code(URL)
    assert code.designator == "4-M"  # version 4 at level M for this payload
    width, height = code.symbol_size(scale=4)
    assert (width, height) == (33 * 4 + 8 * 4, 33 * 4 + 8 * 4)  # 33 modules + quiet zone
    assert f'width="{width}"' in svg and f'height="{height}"' in svg


def test_the_svg_is_deterministic_and_scales() -> None:
    assert qr_svg(URL) == qr_svg(URL)
    assert qr_svg(URL) != qr_svg(URL + "1")
    assert 'width="82"' in qr_svg(URL, scale=2)


def test_error_correction_is_at_least_m_and_never_micro() -> None:
    for payload in ("1", "A short one", URL, "x" * 500):
        code = qr_code(payload)
        assert code.error in ("M", "Q", "H")
        assert not code.is_micro


def test_a_title_names_the_image() -> None:
    assert "<title>Verification link</title>" in qr_svg(URL, title="Verification link")


def test_the_data_uri_carries_a_standalone_svg() -> None:
    uri = qr_data_uri(URL)
    prefix = "data:image/svg+xml;base64,"
    assert uri.startswith(prefix)
    svg = base64.b64decode(uri[len(prefix) :]).decode()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" ')


@pytest.mark.parametrize(("data", "scale"), [("", 4), ("x", 0)])
def test_bad_input_is_refused(data: str, scale: int) -> None:
    with pytest.raises(ValueError):
        qr_svg(data, scale=scale)
