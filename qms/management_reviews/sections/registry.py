"""The sections of a management review pack: one per ISO 9001 §9.3.2 input.

A section is data: its key, title, clause reference and a builder
`(organization, start, end) -> SectionData` that reads live records of the period in a
constant number of queries. Adding an input later is one `register_section()` call; the
compile service, the page, the PDF and the API read the registry.

A figure is `{"label": str, "value": number | str}`; a row (a link to a record) is
`{"number": str, "title": str, "url": str, "detail": str}`; a series (drawn as a bar chart)
is `{"title": str, "unit": str, "labels": [...], "values": [...]}`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass
class SectionData:
    figures: list[dict[str, Any]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    no_data: bool = False
    note: str = ""
    series: dict[str, Any] | None = None


Builder = Callable[[Any, date, date], SectionData]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    clause: str
    builder: Builder | None = None  # None: a manual section (text written at the meeting)
    manual_note: str = ""


SECTIONS: list[Section] = []


def register_section(section: Section, *, position: int | None = None) -> Section:
    if any(existing.key == section.key for existing in SECTIONS):
        raise ValueError(f"Section {section.key!r} is registered twice.")
    if position is None:
        SECTIONS.append(section)
    else:
        SECTIONS.insert(position, section)
    return section


def section_for(key: str) -> Section | None:
    return next((s for s in SECTIONS if s.key == key), None)


def figure(label: str, value: Any) -> dict[str, Any]:
    return {"label": label, "value": value}


def link(obj: Any, *, number: str = "", title: str = "", detail: str = "") -> dict[str, Any]:
    return {
        "number": number or str(getattr(obj, "number", "") or ""),
        "title": title or str(getattr(obj, "title", "") or obj),
        "url": obj.get_absolute_url(),
        "detail": detail,
    }
