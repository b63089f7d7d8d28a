"""Importing records from CSV, XLSX or ZIP uploads: the framework modules build on.

A module subclasses `Importer` (framework.py), registers it from its AppConfig.ready() with
`register_importer` (registry.py), and gets the page /imports/<kind>/ and the API route
POST /api/v1/imports/<kind>/. See docs/development/pdf-and-imports.md.
"""

from .framework import (
    ROW,
    Column,
    ImportContext,
    Importer,
    ImportReport,
    RowError,
    RowResult,
    boolean,
    choice,
    date_value,
    decimal_number,
    integer,
    text,
)
from .registry import UnknownImporter, get_importer, importers, register_importer

__all__ = [
    "ROW",
    "Column",
    "ImportContext",
    "ImportReport",
    "Importer",
    "RowError",
    "RowResult",
    "UnknownImporter",
    "boolean",
    "choice",
    "date_value",
    "decimal_number",
    "get_importer",
    "importers",
    "integer",
    "register_importer",
    "text",
]
