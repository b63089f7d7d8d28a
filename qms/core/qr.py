"""QR codes as inline SVG, for pages and PDF reports (a record's verification link, say).

segno draws the symbol; we fix the choices that matter for a printed record: a full QR code
(never a Micro QR, which phone cameras read poorly), error correction level M at least (a
creased or stamped sheet still scans; segno may raise the level when it costs no size) and
the standard four-module quiet zone. The same payload always gives the same SVG.
"""

from __future__ import annotations

import base64

import segno

ERROR_CORRECTION = "m"


def qr_code(data: str) -> segno.QRCode:
    """The QR symbol for `data` (level M or higher, never Micro QR)."""
    if not data:
        raise ValueError("A QR code needs some data to encode.")
    return segno.make(data, error=ERROR_CORRECTION, micro=False, boost_error=True)


def qr_svg(data: str, *, scale: int = 4, title: str = "") -> str:
    """An inline `<svg>` element (no XML declaration) that encodes `data`.

    `scale` is the size of one module in CSS pixels; the symbol is
    `qr_code(data).symbol_size(scale=scale)` pixels square, quiet zone included. `title`
    gives the image an accessible name (otherwise mark the surrounding figure yourself).
    """
    if scale < 1:
        raise ValueError("The scale of a QR code must be at least 1.")
    options: dict[str, object] = {"scale": scale, "svgclass": "qr", "lineclass": None}
    if title:
        options["title"] = title
    return str(qr_code(data).svg_inline(**options))


def qr_data_uri(data: str, *, scale: int = 4) -> str:
    """The QR code as a `data:image/svg+xml;base64,…` URI, for `<img src>` and CSS."""
    svg = qr_svg(data, scale=scale)
    svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"
