"""The declarative importer every module subclasses, its columns, row errors and report.

A module declares what a sheet looks like and implements two hooks:

    class SiteImporter(Importer):
        kind = "organizations.sites"
        label = _("Sites")
        permission = ("organizations.site", "add")
        columns = (
            Column("name", required=True, help=_("Unique within the organization."),
                   parse=text(max_length=200)),
            Column("employees", parse=integer(minimum=0)),
        )
        key_columns = ("name",)

        def validate_row(self, row, *, context):   # cross-column rules; RowError({...})
            return row

        def apply_row(self, cleaned, *, context):  # calls the module's services
            ...
            return "created"  # or "updated" / "unchanged"

and registers it from its AppConfig.ready() with `register_importer(SiteImporter)`.
`qms.core.imports.services.import_run` does the rest: reading CSV, XLSX or ZIP, matching
headers, parsing cells, finding duplicate keys, the dry run and the all-or-nothing real run.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.functional import Promise

if TYPE_CHECKING:
    from django.core.files.base import ContentFile

    from .parsing import ZipArchive

Outcome = Literal["created", "updated", "unchanged"]
OUTCOMES: tuple[str, ...] = ("created", "updated", "unchanged")
ROW = "row"  # the error key of a message about the whole row


def _identity(value: str) -> str:
    return value


@dataclass(frozen=True)
class Column:
    """One column of the sheet. `parse` turns the cell's text (stripped, never empty) into a
    value or raises ValueError with a message for the user; an empty optional cell gives
    `default`."""

    name: str
    required: bool = False
    help: str | Promise = ""
    parse: Callable[[str], Any] = _identity
    default: Any = None


class RowError(Exception):
    """A row cannot be imported: `{column: message or [messages]}` (ROW for the whole row)."""

    def __init__(self, errors: Mapping[str, str | Promise | Sequence[str | Promise]] | str) -> None:
        if isinstance(errors, str):
            errors = {ROW: errors}
        self.errors: dict[str, list[str]] = {
            key: [str(value)] if isinstance(value, str | Promise) else [str(v) for v in value]
            for key, value in errors.items()
        }
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in self.errors.items()))


@dataclass
class ImportContext:
    """What the hooks may use besides the row: who imports into which organization, whether
    this is a dry run, the rows seen so far, and the files of a ZIP upload."""

    organization: Any
    actor: Any
    dry_run: bool
    row_number: int = 0
    # natural key (casefolded values of key_columns) -> row number where it first appeared
    seen_keys: dict[tuple[Any, ...], int] = field(default_factory=dict)
    # cleaned rows accepted so far, by row number (for rules across rows)
    rows: dict[int, dict[str, Any]] = field(default_factory=dict)
    archive: ZipArchive | None = None
    # for the importer's own caches (e.g. related records looked up once per import)
    cache: dict[str, Any] = field(default_factory=dict)
    # what the caller hands the importer besides the rows (e.g. the registry's publishing
    # source, chosen by the importing certification body or named on the command line)
    options: dict[str, Any] = field(default_factory=dict)

    def file(self, name: str) -> ContentFile[bytes]:
        """A file of the ZIP named by the row (files_column), as an uploaded-file object."""
        if self.archive is None:
            raise RowError("Files can only be imported in a ZIP with an index file.")
        return self.archive.open(name)

    def has_file(self, name: str) -> bool:
        return self.archive is not None and self.archive.has(name)


class Importer:
    """Base class of a module's importer (see the module docstring)."""

    kind: ClassVar[str]
    label: ClassVar[str | Promise]
    description: ClassVar[str | Promise] = ""
    columns: ClassVar[Sequence[Column]]
    key_columns: ClassVar[Sequence[str]] = ()
    files_column: ClassVar[str | None] = None
    # (model label, action) the importing user's role must hold, e.g. ("organizations.site",
    # "add"); checked with qms.core.permissions.has_perm.
    permission: ClassVar[tuple[str, str]]
    # Model field names whose errors belong to a column of another name (service errors).
    field_columns: ClassVar[Mapping[str, str]] = {}

    def validate_row(self, row: dict[str, Any], *, context: ImportContext) -> dict[str, Any]:
        """Cross-column checks; return the cleaned row or raise RowError/ValidationError."""
        return row

    def apply_row(self, cleaned: dict[str, Any], *, context: ImportContext) -> Outcome:
        """Create or update through the module's services; idempotent (the same row again
        is "unchanged"). Raise RowError or ValidationError to refuse the row."""
        raise NotImplementedError

    @classmethod
    def permission_name(cls) -> str:
        from ..permissions import perm_name

        model, action = cls.permission
        return perm_name(model, action)

    @classmethod
    def column_names(cls) -> list[str]:
        return [column.name for column in cls.columns]

    @classmethod
    def required_columns(cls) -> list[str]:
        return [column.name for column in cls.columns if column.required]

    def error_column(self, key: str) -> str:
        """The report column of an error raised about `key` (a column or a model field)."""
        if key in (NON_FIELD_ERRORS, ROW):
            return ROW
        key = self.field_columns.get(key, key)
        return key if key in self.column_names() else ROW

    def errors_of(self, error: RowError | ValidationError) -> dict[str, list[str]]:
        """`{column: [messages]}` of a refused row."""
        items: list[tuple[str, list[str]]]
        if isinstance(error, RowError):
            items = list(error.errors.items())
        elif hasattr(error, "error_dict"):
            items = list(error.message_dict.items())
        else:
            items = [(ROW, list(error.messages))]
        errors: dict[str, list[str]] = {}
        for key, messages in items:
            column = self.error_column(key)
            prefix = f"{key}: " if column == ROW and key not in (ROW, NON_FIELD_ERRORS) else ""
            errors.setdefault(column, []).extend(f"{prefix}{message}" for message in messages)
        return errors


# --- Cell parsers (each returns a `parse` for Column) --------------------------------------


def text(*, max_length: int | None = None) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if max_length is not None and len(value) > max_length:
            raise ValueError(f"At most {max_length} characters (this has {len(value)}).")
        return value

    return parse


def integer(*, minimum: int | None = None, maximum: int | None = None) -> Callable[[str], int]:
    def parse(value: str) -> int:
        cleaned = value.replace(" ", "").replace("\u00a0", "")
        if cleaned.endswith(".0"):
            cleaned = cleaned[:-2]  # a whole number saved by a spreadsheet as 12.0
        try:
            number = int(cleaned)
        except ValueError:
            raise ValueError(f"“{value}” is not a whole number.") from None
        if minimum is not None and number < minimum:
            raise ValueError(f"Must be at least {minimum}.")
        if maximum is not None and number > maximum:
            raise ValueError(f"Must be at most {maximum}.")
        return number

    return parse


def decimal_number() -> Callable[[str], Decimal]:
    def parse(value: str) -> Decimal:
        try:
            return Decimal(value.replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise ValueError(f"“{value}” is not a number.") from None

    return parse


_TRUE = {"yes", "y", "true", "1", "x", "ja", "oui"}
_FALSE = {"no", "n", "false", "0", "nein", "non"}


def boolean() -> Callable[[str], bool]:
    def parse(value: str) -> bool:
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueError(f"“{value}” is not yes or no.")

    return parse


def date_value() -> Callable[[str], datetime.date]:
    def parse(value: str) -> datetime.date:
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            raise ValueError(f"“{value}” is not a date (write it as YYYY-MM-DD).") from None

    return parse


def choice(choices: Sequence[tuple[Any, Any]]) -> Callable[[str], Any]:
    """A value of `choices`, given as the stored value or the label, in any case."""
    lookup: dict[str, Any] = {}
    for value, label in choices:
        lookup[str(value).casefold()] = value
        lookup[str(label).casefold()] = value

    def parse(cell: str) -> Any:
        try:
            return lookup[cell.casefold()]
        except KeyError:
            allowed = ", ".join(str(value) for value, _label in choices)
            raise ValueError(f"“{cell}” is not one of: {allowed}.") from None

    return parse


# --- The report --------------------------------------------------------------------------


@dataclass
class RowResult:
    number: int  # the row number as the spreadsheet shows it (the header is row 1)
    status: str  # created / updated / unchanged / error
    errors: dict[str, list[str]] = field(default_factory=dict)
    key: str = ""  # the row's natural key, to recognise it in the report

    def to_json(self) -> dict[str, Any]:
        return {"row": self.number, "status": self.status, "key": self.key, "errors": self.errors}


@dataclass
class ImportReport:
    kind: str
    file_name: str
    sha256: str
    dry_run: bool
    status: str = ""
    file_errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    run_id: int | None = None

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(row.status == "error" for row in self.rows)

    @property
    def totals(self) -> dict[str, int]:
        counts = {"rows": len(self.rows), "created": 0, "updated": 0, "unchanged": 0, "error": 0}
        for row in self.rows:
            counts[row.status] = counts.get(row.status, 0) + 1
        return counts

    @property
    def error_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.status == "error"]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.run_id,
            "kind": self.kind,
            "file_name": self.file_name,
            "sha256": self.sha256,
            "dry_run": self.dry_run,
            "status": self.status,
            "totals": self.totals,
            "columns": self.columns,
            "file_errors": self.file_errors,
            "warnings": self.warnings,
            "rows": [row.to_json() for row in self.rows],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ImportReport:
        return cls(
            kind=data.get("kind", ""),
            file_name=data.get("file_name", ""),
            sha256=data.get("sha256", ""),
            dry_run=bool(data.get("dry_run")),
            status=data.get("status", ""),
            file_errors=list(data.get("file_errors", [])),
            warnings=list(data.get("warnings", [])),
            columns=list(data.get("columns", [])),
            rows=[
                RowResult(
                    number=row["row"],
                    status=row["status"],
                    errors=dict(row.get("errors", {})),
                    key=row.get("key", ""),
                )
                for row in data.get("rows", [])
            ],
            run_id=data.get("id"),
        )
