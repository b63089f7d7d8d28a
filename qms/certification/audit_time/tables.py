"""Audit-time tables as the calculator reads them, and the selector that finds one.

`Table` and `Band` are plain frozen dataclasses (no database): the calculator works on
them, and a test can build one by hand. `table_for()` / `tables_for()` read the
`standards.AuditTimeTable` rows loaded by `qms standards load` (IAF MD 5 Tables QMS 1,
EMS 1, OH&SMS 1 as versioned data) and pick the newest version for a standard, or the
version asked for.

Standard names are forgiving: "iso9001", "ISO 9001", "ISO 9001:2015", "9001" and
"iso-9001" are the same standard (`standard_key`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .errors import AuditTimeError

# Standards whose audit time is not in IAF MD 5, and the document that gives it.
OTHER_SCHEMES = {
    "27001": "ISO/IEC 27006-1",
    "22000": "ISO/TS 22003-1",
    "13485": "IAF MD 9",
    "50001": "ISO 50003",
}
_LABELS = {
    "9001": "ISO 9001",
    "14001": "ISO 14001",
    "45001": "ISO 45001",
    "27001": "ISO/IEC 27001",
    "22000": "ISO 22000",
    "13485": "ISO 13485",
    "50001": "ISO 50001",
}
_STANDARD = re.compile(
    r"^(?P<owner>ISO/IEC|ISO/TS|ISO|IEC)?[ -]?(?P<number>[0-9]{3,5}(?:-[0-9]{1,2})?)"
    r"(?::[0-9]{4})?$"
)
NOT_LOADED = "The audit-time tables are not loaded: run `qms standards load`."


def standard_key(value: str) -> tuple[str, str]:
    """(key, label) of a standard name: ("9001", "ISO 9001") for "iso9001" or "ISO 9001:2015".

    Raises AuditTimeError (field "standard") for text that names no standard."""
    text = " ".join(str(value).upper().replace("_", " ").split())
    text = text.replace("ISO / IEC", "ISO/IEC").replace("ISO IEC", "ISO/IEC")
    match = _STANDARD.match(text.replace("ISO ", "ISO").replace("IEC ", "IEC"))
    if match is None:
        raise AuditTimeError(
            f"Unknown standard {value!r}: name it like iso9001, iso14001 or iso45001.",
            field="standard",
        )
    number = match["number"]
    owner = match["owner"] or "ISO"
    return number, _LABELS.get(number, f"{owner} {number}")


@dataclass(frozen=True)
class Band:
    """One personnel band: `days` per category, or None for "no table value" (an open last
    band: a manual value)."""

    min: int
    max: int | None
    days: Mapping[str, Decimal] | None

    @property
    def label(self) -> str:
        if self.max is None:
            return f"above {self.min - 1:,}"
        return f"{self.min:,}\u2013{self.max:,}"

    def contains(self, enp: int) -> bool:
        return enp >= self.min and (self.max is None or enp <= self.max)


@dataclass(frozen=True)
class Table:
    """One version of an audit-time table (e.g. IAF MD 5 Table QMS 1, version 2023-06-14)."""

    name: str
    document: str
    version: str
    urn: str
    categories: tuple[str, ...]
    default_category: str
    rows: tuple[Band, ...]
    standards: tuple[str, ...] = ()

    @property
    def ref(self) -> str:
        """ "IAF MD 5:2019 Issue 4 Version 3, Table QMS 1, version 2023-06-14"."""
        return f"{self.document}, Table {self.name}, version {self.version}"

    @property
    def standard(self) -> str:
        """The (first) standard the table serves, as a label: "ISO 9001"."""
        if not self.standards:
            return f"Table {self.name}"
        try:
            return standard_key(self.standards[0])[1]
        except AuditTimeError:
            return self.standards[0]

    @property
    def last_value_band(self) -> Band:
        return [band for band in self.rows if band.days is not None][-1]

    def serves(self, key: str) -> bool:
        for code in self.standards:
            try:
                if standard_key(code)[0] == key:
                    return True
            except AuditTimeError:
                continue
        return False

    def band_for(self, enp: int) -> Band:
        for band in self.rows:
            if band.contains(enp):
                return band
        first = self.rows[0].min
        if enp < first:
            raise AuditTimeError(
                f"ENP {enp:,} is below the first band of Table {self.name} ({first:,}).",
                field="enp",
            )
        raise AuditTimeError(
            f"ENP {enp:,} is above the last band of Table {self.name}: the table has no "
            "value for it; give a manual value with its justification.",
            field="manual_days",
        )

    def next_band(self, band: Band) -> Band | None:
        index = self.rows.index(band)
        return self.rows[index + 1] if index + 1 < len(self.rows) else None

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Table:
        """A table from a mapping with the fields of `standards.AuditTimeTable` (a model
        instance's values, or a hand-written dict in a test)."""
        rows = tuple(
            Band(
                min=int(row["min"]),
                max=None if row.get("max") is None else int(row["max"]),
                days=None
                if row.get("days") is None
                else {str(name): Decimal(str(value)) for name, value in row["days"].items()},
            )
            for row in data["rows"]
        )
        return cls(
            name=str(data["name"]),
            document=str(data.get("document", "")),
            version=str(data.get("version", "")),
            urn=str(data.get("urn", "")),
            categories=tuple(data["categories"]),
            default_category=str(data["default_category"]),
            rows=rows,
            standards=tuple(data.get("standards") or ()),
        )

    @classmethod
    def from_model(cls, row: Any) -> Table:
        return cls.from_data(
            {
                name: getattr(row, name)
                for name in (
                    "name",
                    "document",
                    "urn",
                    "categories",
                    "default_category",
                    "rows",
                    "standards",
                )
            }
            | {"version": row.table_version}
        )


def _stored_tables() -> list[Any]:
    from django.db.models import F

    from qms.standards.models import AuditTimeTable

    return list(
        AuditTimeTable.objects.order_by(
            F("valid_from").desc(nulls_last=True), "-table_version", "-id"
        )
    )


def _pick(rows: Sequence[Any], standard: str, version: str | None) -> Table:
    key, label = standard_key(standard)
    matching = [row for row in rows if Table.from_model(row).serves(key)]
    if not matching:
        if key in OTHER_SCHEMES:
            message = (
                f"No audit-time table for {label}: it uses {OTHER_SCHEMES[key]}; "
                "load one with `qms standards load`."
            )
        else:
            served = sorted({code for row in rows for code in row.standards})
            message = (
                f"No audit-time table for {label}: the loaded tables serve {', '.join(served)}."
            )
        raise AuditTimeError(message, field="standard")
    if version is not None:
        chosen = [row for row in matching if row.table_version == version]
        if not chosen:
            versions = ", ".join(sorted({row.table_version for row in matching}))
            raise AuditTimeError(
                f"No version {version} of the audit-time table for {label}: loaded versions "
                f"are {versions}.",
                field="version",
            )
        matching = chosen
    return Table.from_model(matching[0])


def table_for(standard_code: str, *, version: str | None = None) -> Table:
    """The audit-time table of a standard ("ISO 9001", "iso9001"): the newest loaded
    version, or `version` ("2023-06-14"). Raises AuditTimeError when none fits."""
    return tables_for([standard_code], version=version)[0]


def tables_for(standard_codes: Iterable[str], *, version: str | None = None) -> list[Table]:
    """The tables of several standards (an integrated audit), in the order given; one query.
    A standard named twice is an error."""
    codes = list(standard_codes)
    if not codes:
        raise AuditTimeError("Name at least one standard.", field="standard")
    keys = [standard_key(code) for code in codes]
    seen: set[str] = set()
    for key, label in keys:
        if key in seen:
            raise AuditTimeError(f"{label} is named twice.", field="standard")
        seen.add(key)
    rows = _stored_tables()
    if not rows:
        raise AuditTimeError(NOT_LOADED, field="standard")
    return [_pick(rows, code, version) for code in codes]
