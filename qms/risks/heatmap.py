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

CELL = 64
LEFT = 118
TOP = 30
BOTTOM = 64


@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    consequence: int
    count: int
    score: int
    band_label: str
    colour: str
    url: str


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
) -> HeatMap:
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
        svg=_svg(title, which, likelihood_labels, consequence_labels, rows, total),
    )


def _svg(
    title: str,
    which: str,
    lik_labels: Sequence[str],
    con_labels: Sequence[str],
    rows: Sequence[Sequence[HeatCell]],
    total: int,
) -> SafeString:
    width = LEFT + CELL * len(con_labels) + 8
    height = TOP + CELL * len(lik_labels) + BOTTOM
    ident = f"heat-{which}"
    desc = (
        f"{total} open risks by likelihood (rows, {len(lik_labels)} levels) and consequence "
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
            f'<text x="{LEFT - 6}" y="{y + CELL / 2 + 4}" text-anchor="end" font-size="11">'
            f"{escape(_clip(label))}</text>"
        )
        for c, cell in enumerate(row):
            x = LEFT + c * CELL
            name = (
                f"Likelihood {cell.likelihood} ({lik_labels[cell.likelihood - 1]}), consequence "
                f"{cell.consequence} ({con_labels[cell.consequence - 1]}): {cell.count} risks, "
                f"{cell.band_label}"
            )
            parts.append(
                f'<a href="{escape(cell.url)}" aria-label="{escape(name)}">'
                f'<rect x="{x + 1}" y="{y + 1}" width="{CELL - 2}" height="{CELL - 2}" '
                f'fill="{escape(cell.colour)}" stroke="#fff"><title>{escape(name)}</title></rect>'
                f'<text x="{x + CELL / 2}" y="{y + CELL / 2 + 6}" text-anchor="middle" '
                f'font-size="18" font-weight="bold" fill="{_text_colour(cell.colour)}">'
                f"{cell.count if cell.count else ''}</text></a>"
            )
    base = TOP + CELL * len(rows)
    for c, label in enumerate(con_labels):
        middle = LEFT + c * CELL + CELL / 2
        parts.append(
            f'<text x="{middle}" y="{base + 16}" text-anchor="middle" font-size="10">'
            f"{escape(_clip(label, 11))}</text>"
        )
    parts.append(
        f'<text x="{LEFT + CELL * len(con_labels) / 2}" y="{base + 40}" text-anchor="middle" '
        'font-size="12" font-weight="bold">Consequence →</text>'
        f'<text x="12" y="{TOP - 10}" font-size="12" font-weight="bold">Likelihood ↑</text>'
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
