"""Reading an uploaded sheet: CSV, XLSX, or a ZIP of an index sheet plus the files it names.

Everything here treats the upload as hostile. A problem with the file as a whole (not a
sheet we can read, a ZIP that unpacks outside its folder or to an absurd size, no header)
raises `FileError` with one sentence for the user; problems with single rows are for the
importer to report.

Limits (settings, each with a QMS_* variable of the same name):
- IMPORT_MAX_UPLOAD_BYTES (50 MB): the uploaded file;
- IMPORT_MAX_ROWS (20,000): data rows of a sheet;
- IMPORT_MAX_ZIP_MEMBERS (2,000), IMPORT_MAX_UNCOMPRESSED_BYTES (500 MB) and
  IMPORT_MAX_COMPRESSION_RATIO (200): a ZIP (an XLSX is a ZIP too), against zip bombs.
"""

from __future__ import annotations

import csv
import datetime
import io
import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile

SHEET_SUFFIXES = (".csv", ".xlsx")
INDEX_NAMES = ("index.csv", "index.xlsx")


class FileError(ValueError):
    """The upload as a whole cannot be imported; the message says why, for the user."""


def limit(name: str) -> int:
    defaults = {
        "IMPORT_MAX_UPLOAD_BYTES": 50 * 1024 * 1024,
        "IMPORT_MAX_ROWS": 20_000,
        "IMPORT_MAX_ZIP_MEMBERS": 2_000,
        "IMPORT_MAX_UNCOMPRESSED_BYTES": 500 * 1024 * 1024,
        "IMPORT_MAX_COMPRESSION_RATIO": 200,
    }
    return int(getattr(settings, name, defaults[name]))


@dataclass
class Sheet:
    """The header and the data rows of a sheet; rows are (row number, cells as text)."""

    header: list[str]
    rows: list[tuple[int, list[str]]]
    archive: ZipArchive | None = None
    index: str = ""  # the index sheet's name inside a ZIP


# --- ZIP ------------------------------------------------------------------------------------


def _safe_member_name(name: str) -> str:
    """The member's path inside the archive, or FileError for one that would unpack
    elsewhere (zip slip): absolute, with a drive letter, with `..`, or with backslashes."""
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":") or "\0" in name:
        raise FileError(f"The ZIP contains an unsafe path ({name!r}); nothing was imported.")
    parts = name.split("/")
    if any(part == ".." for part in parts):
        raise FileError(f"The ZIP contains an unsafe path ({name!r}); nothing was imported.")
    return posixpath.normpath(name)


class ZipArchive:
    """A checked ZIP: every member's name is safe, none is encrypted, and the sizes fit the
    limits. Members are read with a byte budget, so a forged size in the header does not
    let a member unpack further than declared."""

    def __init__(self, data: bytes, *, what: str = "ZIP") -> None:
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError):
            raise FileError(f"The file is not a readable {what}.") from None
        if len(infos) > limit("IMPORT_MAX_ZIP_MEMBERS"):
            raise FileError(
                f"The {what} holds {len(infos)} files; at most "
                f"{limit('IMPORT_MAX_ZIP_MEMBERS')} are accepted."
            )
        total = 0
        ratio = limit("IMPORT_MAX_COMPRESSION_RATIO")
        self._members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = _safe_member_name(info.filename)
            if info.flag_bits & 0x1:
                raise FileError(f"{info.filename} in the {what} is encrypted; upload it unlocked.")
            total += info.file_size
            if info.file_size > max(info.compress_size, 1) * ratio and info.file_size > 1_000_000:
                raise FileError(
                    f"{info.filename} in the {what} is compressed suspiciously well "
                    f"(more than {ratio}:1); it was refused as a possible zip bomb."
                )
            if not info.is_dir():
                self._members[name.casefold()] = info
        if total > limit("IMPORT_MAX_UNCOMPRESSED_BYTES"):
            raise FileError(
                f"The {what} unpacks to {total // (1024 * 1024)} MB; at most "
                f"{limit('IMPORT_MAX_UNCOMPRESSED_BYTES') // (1024 * 1024)} MB are accepted."
            )
        self.names = sorted(info.filename for info in self._members.values())

    def has(self, name: str) -> bool:
        return self.key(name) in self._members

    def key(self, name: str) -> str:
        """How a row's file name is matched to a member: path separators and case ignored."""
        return posixpath.normpath(name.strip().replace("\\", "/").lstrip("./")).casefold()

    def read(self, name: str) -> bytes:
        info = self._members.get(self.key(name))
        if info is None:
            raise KeyError(name)
        budget = info.file_size
        chunks: list[bytes] = []
        read = 0
        try:
            with self._zip.open(info) as member:
                while chunk := member.read(64 * 1024):
                    read += len(chunk)
                    if read > budget:
                        raise FileError(f"{info.filename} unpacks beyond its declared size.")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError):
            raise FileError(f"{info.filename} in the ZIP is damaged.") from None
        return b"".join(chunks)

    def open(self, name: str) -> ContentFile[bytes]:
        """The member as an uploaded-file object named by its base name."""
        return ContentFile(self.read(name), name=posixpath.basename(self._key_name(name)))

    def _key_name(self, name: str) -> str:
        return self._members[self.key(name)].filename

    def index_name(self) -> str:
        """The sheet that lists the rows: index.csv / index.xlsx at the top level, or else
        the only CSV or XLSX at the top level."""
        top = [info.filename for info in self._members.values() if "/" not in info.filename]
        index = [name for name in top if name.casefold() in INDEX_NAMES]
        if len(index) > 1:
            raise FileError("The ZIP has both index.csv and index.xlsx; keep only one.")
        if index:
            return index[0]
        sheets = [name for name in top if name.casefold().endswith(SHEET_SUFFIXES)]
        if len(sheets) == 1:
            return sheets[0]
        if not sheets:
            raise FileError(
                "The ZIP has no index file: put index.csv or index.xlsx at its top level, "
                "listing one row per record and naming its file."
            )
        raise FileError(
            f"The ZIP has several sheets at its top level ({', '.join(sorted(sheets))}); "
            "name the one that lists the records index.csv or index.xlsx."
        )


# --- Sheets ---------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileError(
            "The CSV file is not UTF-8 text. Save it as “CSV UTF-8” (Excel) or choose "
            "UTF-8 as the encoding, and upload it again."
        ) from None


def _delimiter(text: str) -> str:
    """`,` or `;` (spreadsheets in many European locales write `;`): the one that splits
    the header line into more cells."""
    first = text.splitlines()[0] if text else ""
    counts = {
        delimiter: len(next(csv.reader([first], delimiter=delimiter), []))
        for delimiter in (",", ";")
    }
    return ";" if counts[";"] > counts[","] else ","


def read_csv(data: bytes) -> tuple[list[str], Iterator[list[str]]]:
    text = _decode(data)
    if "\0" in text:
        raise FileError("The file is not a CSV sheet (it holds binary data).")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=False)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise FileError(f"The CSV file cannot be read: {error}.") from None
    if header is None:
        raise FileError("The file is empty: the first row must name the columns.")

    def rows() -> Iterator[list[str]]:
        try:
            yield from reader
        except csv.Error as error:
            raise FileError(f"The CSV file cannot be read: {error}.") from None

    return header, rows()


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a user would have typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date | datetime.time | Decimal | int):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    return str(value)


def read_xlsx(data: bytes) -> tuple[list[str], Iterator[list[str]]]:
    from openpyxl import load_workbook

    ZipArchive(data, what="workbook")  # the size and ratio limits, before openpyxl unpacks it
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        first = next(values, None)
    except FileError:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        raise FileError("The file is not a readable Excel workbook (.xlsx).") from None
    if first is None:
        raise FileError("The first sheet of the workbook is empty.")

    def rows() -> Iterator[list[str]]:
        try:
            for row in values:
                yield [cell_text(value) for value in row]
        except Exception:
            raise FileError("The workbook is damaged; save it again and upload it.") from None
        finally:
            workbook.close()

    return [cell_text(value) for value in first], rows()


def _sheet(name: str, data: bytes) -> tuple[list[str], Iterator[list[str]]]:
    lowered = name.casefold()
    if lowered.endswith(".csv"):
        return read_csv(data)
    if lowered.endswith(".xlsx"):
        return read_xlsx(data)
    raise FileError("Upload a .csv or .xlsx sheet, or a .zip with an index sheet and its files.")


def read_sheet(name: str, data: bytes) -> Sheet:
    """The sheet of an upload named `name`: a CSV, an XLSX, or the index of a ZIP."""
    archive: ZipArchive | None = None
    index = ""
    if name.casefold().endswith(".zip"):
        archive = ZipArchive(data)
        index = archive.index_name()
        name, data = index, archive.read(index)
    header, rows = _sheet(name, data)
    header = [cell.strip() for cell in header]
    if not any(header):
        raise FileError("The first row must name the columns; it is empty.")
    max_rows = limit("IMPORT_MAX_ROWS")
    kept: list[tuple[int, list[str]]] = []
    for number, cells in enumerate(rows, start=2):
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue  # blank lines between records are not records
        if len(kept) >= max_rows:
            raise FileError(
                f"The sheet has more than {max_rows} rows; split it into smaller files."
            )
        kept.append((number, cells))
    return Sheet(header=header, rows=kept, archive=archive, index=index)
