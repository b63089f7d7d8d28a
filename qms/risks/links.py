"""Records of other modules that point at a risk: each source registers a function and the
risk's detail page shows one panel per source (e.g. "Nonconformities pointing at this risk")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from .models import Risk


@dataclass(frozen=True)
class LinkedRecord:
    label: str
    url: str
    status: str
    on: date | None


@dataclass(frozen=True)
class LinkSource:
    name: str
    title: str | Promise
    fn: Callable[[Risk], list[LinkedRecord]]


_SOURCES: dict[str, LinkSource] = {}


def register_risk_link_source(
    name: str, title: str | Promise, fn: Callable[[Risk], list[LinkedRecord]]
) -> None:
    """Register (or replace, by name) a source of records linked to risks."""
    _SOURCES[name] = LinkSource(name=name, title=title, fn=fn)


def link_sources() -> list[LinkSource]:
    return list(_SOURCES.values())


def linked_panels(risk: Risk) -> list[tuple[str | Promise, list[LinkedRecord]]]:
    """(title, records) per registered source, in registration order."""
    return [(source.title, source.fn(risk)) for source in _SOURCES.values()]
