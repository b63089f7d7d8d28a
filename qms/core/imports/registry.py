"""The importers of the installation, registered by their modules from AppConfig.ready()."""

from __future__ import annotations

import re

from .framework import Importer

_KIND = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_-]*$")
_IMPORTERS: dict[str, type[Importer]] = {}


class UnknownImporter(LookupError):
    """No importer of that kind is registered."""


def register_importer(importer: type[Importer]) -> type[Importer]:
    """Make `importer` available at /imports/<kind>/ and POST /api/v1/imports/<kind>/.

    Registering the same class again (a `ready()` run twice) changes nothing; another class
    under a taken kind is a mistake.
    """
    kind = getattr(importer, "kind", "")
    if not _KIND.match(kind):
        raise ValueError(f"Importer kind {kind!r} must look like 'app_label.things'.")
    for attribute in ("label", "columns", "permission"):
        if not hasattr(importer, attribute):
            raise ValueError(f"Importer {kind} must declare {attribute}.")
    names = importer.column_names()
    if len({name.casefold() for name in names}) != len(names):
        raise ValueError(f"Importer {kind} declares a column twice.")
    files = [importer.files_column] if importer.files_column else []
    for name in [*importer.key_columns, *files]:
        if name not in names:
            raise ValueError(f"Importer {kind} names {name!r}, which is not one of its columns.")
    existing = _IMPORTERS.get(kind)
    if existing is not None and existing is not importer:
        raise ValueError(f"Importer kind {kind!r} is registered twice.")
    _IMPORTERS[kind] = importer
    return importer


def unregister_importer(kind: str) -> type[Importer] | None:
    """Remove an importer (tests that register their own)."""
    return _IMPORTERS.pop(kind, None)


def get_importer(kind: str) -> Importer:
    try:
        return _IMPORTERS[kind]()
    except KeyError:
        raise UnknownImporter(kind) from None


def importers() -> list[type[Importer]]:
    """Every registered importer, by label."""
    return sorted(_IMPORTERS.values(), key=lambda importer: str(importer.label))
