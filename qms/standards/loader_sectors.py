"""Loading the certification reference data: IAF codes and audit-time tables.

Two kinds of data file, besides those of loader.py, told apart by their `kind` key:

- `iaf_codes`: the technical sectors of accreditation scopes (IAF ID 1), each with its
  NACE Rev. 2 codes (the most specific code wins, so "24.46" is IAF 11 inside division 24);
- `audit_time_table`: one version of an audit-time table (IAF MD 5 Table QMS 1, EMS 1,
  OH&SMS 1): contiguous personnel bands, one value per complexity category, an open last
  band (`max: null`) whose `days: null` means "no table value: a manual value".

`parse()` validates a whole file into plain values before anything is written (called by
`loader.load_files` for every file first); `write()` upserts them, IAF codes by `code` and
tables by `urn`, so a second run reports "0 created, 0 changed". Errors are loader's
`DataFileError` naming the file and the key.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from .loader import DataFileError, LoadReport, _date, _File, _keys, _upsert
from .models import AuditTimeTable, IafCode, Standard

_CODE_KEYS = {"code", "title", "nace", "position", "source"}
_ROW_KEYS = {"min", "max", "days"}
_IAF_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.]{0,7}$")
_NACE = re.compile(r"^[0-9]{2}(\.[0-9]{1,2})?$")
_CATEGORY = re.compile(r"^[a-z][a-z_]{0,19}$")


@dataclass
class Parsed:
    """A validated file: the rows to upsert, as model values."""

    kind: str
    rows: list[dict[str, Any]]


def _error(path: Path, key: str, message: str) -> DataFileError:
    return DataFileError(path, key, message)


def _text(path: Path, where: str, value: Any, max_length: int, *, required: bool = False) -> str:
    if value is None or value == "":
        if required:
            raise _error(path, where, "is required")
        return ""
    if not isinstance(value, str):
        raise _error(path, where, "must be text (quote it)")
    text = " ".join(value.split())
    if len(text) > max_length:
        raise _error(path, where, f"is longer than {max_length} characters")
    return text


def _integer(path: Path, where: str, value: Any, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _error(path, where, "must be a whole number")
    if value < minimum:
        raise _error(path, where, f"must be at least {minimum}")
    return int(value)


def _days(path: Path, where: str, value: Any) -> int | float:
    """A positive number of days, stored as an int when whole (6, not 6.0)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _error(path, where, "must be a number of days")
    number = Decimal(str(value))
    if number <= 0:
        raise _error(path, where, "must be more than 0")
    return int(number) if number == number.to_integral_value() else float(number)


def parse(file: _File) -> Parsed:
    """Validate a whole `iaf_codes` or `audit_time_table` file (nothing is written)."""
    if file.kind == "iaf_codes":
        return Parsed(kind=file.kind, rows=_parse_codes(file.path, file.data))
    return Parsed(kind=file.kind, rows=[_parse_table(file)])


# --- IAF codes ---------------------------------------------------------------------------


def _parse_codes(path: Path, data: dict[str, Any]) -> list[dict[str, Any]]:
    items = data["codes"]
    if not isinstance(items, list) or not items:
        raise _error(path, "codes", "must be a non-empty list")
    source = _text(path, "source", data.get("source"), 120)
    _text(path, "note", data.get("note"), 10_000)
    codes: dict[str, dict[str, Any]] = {}
    nace_owner: dict[str, str] = {}
    for index, item in enumerate(items):
        where = f"codes[{index}]"
        if isinstance(item, dict) and isinstance(item.get("code"), str):
            where = f"codes[{index}] ({item['code']})"
        _keys(path, where, item, _CODE_KEYS, ("code", "title"))
        code = item["code"]
        if not isinstance(code, str) or not _IAF_CODE.match(code):
            raise _error(path, f"{where}.code", f"{code!r} must be a quoted code like '17'")
        if code in codes:
            raise _error(path, f"{where}.code", "duplicate IAF code")
        nace = item.get("nace") or []
        if not isinstance(nace, list):
            raise _error(path, f"{where}.nace", "must be a list of quoted NACE codes")
        for number in nace:
            if not isinstance(number, str) or not _NACE.match(number):
                raise _error(
                    path, f"{where}.nace", f"{number!r} must be a quoted NACE code like '24.46'"
                )
            if number in nace_owner:
                raise _error(
                    path, f"{where}.nace", f"{number} is already in IAF code {nace_owner[number]}"
                )
            nace_owner[number] = code
        position = item.get("position", index + 1)
        codes[code] = {
            "code": code,
            "title": _text(path, f"{where}.title", item["title"], 255, required=True),
            "nace": list(nace),
            "position": _integer(path, f"{where}.position", position, minimum=0),
            "source": _text(path, f"{where}.source", item.get("source"), 120) or source,
        }
    return list(codes.values())


# --- Audit-time tables -------------------------------------------------------------------


def _parse_table(file: _File) -> dict[str, Any]:
    path, data = file.path, file.data
    urn = _text(path, "urn", data["urn"], 120, required=True)
    if not urn.startswith("urn:"):
        raise _error(path, "urn", "must start with urn:")
    version = data["version"]
    if isinstance(version, datetime.date):
        version = version.isoformat()
    standards = data["standards"]
    if not isinstance(standards, list) or not standards:
        raise _error(path, "standards", "must be a non-empty list of standard codes")
    for index, code in enumerate(standards):
        _text(path, f"standards[{index}]", code, 40, required=True)
    categories = data["categories"]
    if not isinstance(categories, list) or not categories:
        raise _error(path, "categories", "must be a non-empty list of category names")
    for index, category in enumerate(categories):
        if not isinstance(category, str) or not _CATEGORY.match(category):
            raise _error(path, f"categories[{index}]", f"{category!r} must be a name like 'medium'")
    if len(set(categories)) != len(categories):
        raise _error(path, "categories", "a category is listed twice")
    default = data["default_category"]
    if default not in categories:
        raise _error(path, "default_category", f"must be one of {', '.join(categories)}")
    return {
        "urn": urn,
        "name": _text(path, "name", data["name"], 40, required=True),
        "document": _text(path, "document", data["document"], 120, required=True),
        "table_version": _text(path, "version", version, 40, required=True),
        "valid_from": _date(path, "valid_from", data.get("valid_from")),
        "standards": [" ".join(code.split()) for code in standards],
        "categories": list(categories),
        "default_category": default,
        "rows": _parse_rows(path, data["rows"], categories),
        "note": _text(path, "note", data.get("note"), 10_000),
        "source_file": path.name,
        "source_sha256": file.sha256,
    }


def _parse_rows(path: Path, items: Any, categories: list[str]) -> list[dict[str, Any]]:
    """Contiguous bands (each `min` is the previous `max` + 1), values that do not fall as
    personnel rise, an open (`max: null`) band only at the end."""
    if not isinstance(items, list) or not items:
        raise _error(path, "rows", "must be a non-empty list of bands")
    rows: list[dict[str, Any]] = []
    previous: dict[str, Any] | None = None
    for index, item in enumerate(items):
        where = f"rows[{index}]"
        _keys(path, where, item, _ROW_KEYS, ("min",))
        low = _integer(path, f"{where}.min", item["min"], minimum=1)
        high = item.get("max")
        if high is not None:
            high = _integer(path, f"{where}.max", high, minimum=low)
        elif index != len(items) - 1:
            raise _error(path, f"{where}.max", "only the last band may be open (max: null)")
        if previous is not None and low != previous["max"] + 1:
            raise _error(
                path,
                f"{where}.min",
                f"must be {previous['max'] + 1} (the bands must follow each other)",
            )
        days = item.get("days")
        values: dict[str, int | float] | None = None
        if days is None:
            if high is not None:
                raise _error(path, f"{where}.days", "only an open last band may have no days")
        else:
            _keys(path, f"{where}.days", days, set(categories), tuple(categories))
            values = {
                category: _days(path, f"{where}.days.{category}", days[category])
                for category in categories
            }
            if previous is not None and previous["days"] is not None:
                for category in categories:
                    if values[category] < previous["days"][category]:
                        raise _error(
                            path,
                            f"{where}.days.{category}",
                            "is less than the band before (the time must not fall as "
                            "personnel rise)",
                        )
        row = {"min": low, "max": high, "days": values}
        rows.append(row)
        previous = row
    return rows


# --- Writing ------------------------------------------------------------------------------


def write(file: _File, parsed: Parsed, report: LoadReport) -> None:
    if parsed.kind == "iaf_codes":
        stored = {row.code: row for row in IafCode.objects.all()}
        for values in parsed.rows:
            code = values["code"]
            _obj, created, changed = _upsert(
                IafCode,
                {"code": code},
                {name: value for name, value in values.items() if name != "code"},
                stored,
            )
            report.count(created, changed)
        missing = sorted(set(stored) - {values["code"] for values in parsed.rows})
        if missing:
            report.warnings.append(
                f"{file.path.name}: IAF code(s) {', '.join(missing)} are no longer in the file "
                "(kept, since scopes and qualifications may point at them)"
            )
        return
    (values,) = parsed.rows
    _obj, created, changed = _upsert(
        AuditTimeTable,
        {"urn": values["urn"]},
        {name: value for name, value in values.items() if name != "urn"},
    )
    report.count(created, changed)


def check_standards(files: list[tuple[_File, Parsed]], report: LoadReport) -> None:
    """Warn about a table serving a standard the library does not know (after loading)."""
    known = set(Standard.objects.values_list("code", flat=True))
    for file, parsed in files:
        if parsed.kind != "audit_time_table":
            continue
        for code in parsed.rows[0]["standards"]:
            if code not in known:
                report.warnings.append(
                    f"{file.path.name}: standards: {code} is not in the standards library"
                )


def check_unique(files: list[tuple[_File, Parsed]]) -> None:
    """Two table files with the same URN would overwrite each other."""
    seen: dict[str, Path] = {}
    for file, parsed in files:
        if parsed.kind != "audit_time_table":
            continue
        urn = parsed.rows[0]["urn"]
        if urn in seen:
            raise _error(file.path, "urn", f"{urn} is also the URN of {seen[urn].name}")
        seen[urn] = file.path
