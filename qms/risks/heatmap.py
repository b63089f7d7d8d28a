"""The heat map: an accessible server-rendered SVG grid of likelihood x consequence, cells
coloured by band, the number of open risks per cell, each cell a link to the register filtered
to it; with a table fallback (the same figures) for screen readers and print."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import rules

CELL = 76
LEFT = 112
TOP = 34
BOTTOM = 78
# Text sizes in user units at the SVG's natural width (about 500): never below LABEL_FONT, so
# the labels stay readable when the map is scaled down on a phone or in the PDF.
LABEL_FONT = 13
AXIS_FONT = 14
COUNT_FONT = 20
LINE = 15  # line height of a wrapped label


@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    consequence: int
    count: int
    score: int
    band_label: str
    colour: str
    url: str

    @property
    def text_colour(self) -> str:
        return _text_colour(self.colour)


@dataclass(frozen=True)
class HeatMap:
    title: str
    which: str
    likelihood_labels: Sequence[str]
    consequence_labels: Sequence[str]
    rows: Sequence[Sequence[HeatCell]]  # highest likelihood first
    total: int
    svg: SafeString


def _text_colour(colour: str) -> str:
    try:
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    except ValueError:
        return "#000"
    return "#000" if (0.299 * r + 0.587 * g + 0.114 * b) > 150 else "#fff"


def _clip(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _wrap(text: str, limit: int, lines: int = 2) -> list[str]:
    """Word-wrap a level label to at most `lines` lines of `limit` characters; a word or a
    last line too long is shortened with an ellipsis (the full label is in the cell titles
    and the table)."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= limit:
            line += " " + words.pop(0)
        out.append(line)
    if words:
        out[-1] = out[-1] + " " + " ".join(words)
    return [_clip(line, limit) for line in out] or [""]


def _tspans(lines: list[str], x: float) -> str:
    """The lines as <tspan>s centred around the text's y (the first one moves up)."""
    first = -(len(lines) - 1) * LINE / 2
    return "".join(
        f'<tspan x="{x}" dy="{first if i == 0 else LINE}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )


def build_heatmap(
    *,
    title: str,
    which: str,
    likelihood_labels: Sequence[str],
    consequence_labels: Sequence[str],
    bands: Sequence[Mapping[str, Any]],
    counts: Mapping[tuple[int, int], int],
    base_url: str,
    params: Mapping[str, str] | None = None,
    scores: bool = False,
) -> HeatMap:
    """`scores`: a preview of the matrix itself (each cell shows its score, no links) instead
    of the number of risks per cell."""
    rows: list[list[HeatCell]] = []
    for lik in range(len(likelihood_labels), 0, -1):
        row = []
        for con in range(1, len(consequence_labels) + 1):
            score = lik * con
            band = rules.band_for(score, bands) or {}
            query = {**(params or {}), "cell": f"{which}-{lik}-{con}"}
            row.append(
                HeatCell(
                    likelihood=lik,
                    consequence=con,
                    count=counts.get((lik, con), 0),
                    score=score,
                    band_label=str(band.get("label", "")),
                    colour=str(band.get("colour", "#cccccc")),
                    url=f"{base_url}?{urlencode(query)}",
                )
            )
        rows.append(row)
    total = sum(counts.values())
    return HeatMap(
        title=title,
        which=which,
        likelihood_labels=likelihood_labels,
        consequence_labels=consequence_labels,
        rows=rows,
        total=total,
        svg=_svg(title, which, likelihood_labels, consequence_labels, rows, total, scores=scores),
    )


def _svg(
    title: str,
    which: str,
    lik_labels: Sequence[str],
    con_labels: Sequence[str],
    rows: Sequence[Sequence[HeatCell]],
    total: int,
    *,
    scores: bool = False,
) -> SafeString:
    width = LEFT + CELL * len(con_labels) + 8
    height = TOP + CELL * len(lik_labels) + BOTTOM
    ident = f"heat-{which}"
    desc = (
        f"The score of each cell, likelihood (rows, {len(lik_labels)} levels) times consequence "
        f"(columns, {len(con_labels)} levels), coloured by its band. The table below gives the "
        "same figures."
        if scores
        else f"{total} open risks by likelihood (rows, {len(lik_labels)} levels) and consequence "
        f"(columns, {len(con_labels)} levels). The table below gives the same figures."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="risk-heatmap" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
    ]
    for r, row in enumerate(rows):
        y = TOP + r * CELL
        label = lik_labels[row[0].likelihood - 1]
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + CELL / 2 + 5}" text-anchor="end" '
            f'font-size="{LABEL_FONT}">{_tspans(_wrap(label, 14), LEFT - 6)}</text>'
        )
        for c, cell in enumerate(row):
            x = LEFT + c * CELL
            shown = cell.score if scores else cell.count
            name = (
                f"Likelihood {cell.likelihood} ({lik_labels[cell.likelihood - 1]}), consequence "
                f"{cell.consequence} ({con_labels[cell.consequence - 1]}): "
                + (f"score {cell.score}" if scores else f"{cell.count} risks")
                + f", {cell.band_label}"
            )
            opening = (
                f'<g data-score="{cell.score}" data-band="{escape(cell.band_label)}">'
                if scores
                else f'<a href="{escape(cell.url)}" aria-label="{escape(name)}">'
            )
            parts.append(
                opening + f'<rect x="{x + 1}" y="{y + 1}" width="{CELL - 2}" height="{CELL - 2}" '
                f'fill="{escape(cell.colour)}" stroke="#fff"><title>{escape(name)}</title></rect>'
                f'<text x="{x + CELL / 2}" y="{y + CELL / 2 + 7}" text-anchor="middle" '
                f'font-size="{COUNT_FONT}" font-weight="bold" fill="{_text_colour(cell.colour)}">'
                f"{shown if shown else ''}</text>" + ("</g>" if scores else "</a>")
            )
    base = TOP + CELL * len(rows)
    for c, label in enumerate(con_labels):
        middle = LEFT + c * CELL + CELL / 2
        lines = _wrap(label, 10)
        parts.append(
            f'<text x="{middle}" y="{base + 18}" text-anchor="middle" font-size="{LABEL_FONT}">'
            + "".join(
                f'<tspan x="{middle}" dy="{0 if i == 0 else LINE}">{escape(line)}</tspan>'
                for i, line in enumerate(lines)
            )
            + "</text>"
        )
    parts.append(
        f'<text x="{LEFT + CELL * len(con_labels) / 2}" y="{base + 56}" text-anchor="middle" '
        f'font-size="{AXIS_FONT}" font-weight="bold">Consequence →</text>'
        f'<text x="8" y="{TOP - 12}" font-size="{AXIS_FONT}" font-weight="bold">'
        "Likelihood ↑</text>"
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text above is escaped)


def parse_cell(value: str) -> tuple[str, int, int] | None:
    """ "inherent-3-4" -> ("inherent", 3, 4); None when malformed."""
    try:
        which, lik, con = value.split("-")
        if which not in ("inherent", "residual"):
            return None
        return which, int(lik), int(con)
    except (ValueError, AttributeError):
        return None
