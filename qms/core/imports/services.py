"""Running an import: `import_run` (upload → report) and `import_confirm` (the real run of a
file checked by a dry run and kept meanwhile).

One transaction for everything. The rows are applied inside a savepoint, each row in its own
nested savepoint, so a refused row (a validation error, a duplicate the database rejects)
is reported and the next row still runs. At the end the savepoint is rolled back when this
is a dry run or any row failed: a dry run reports exactly what the real run would do and
writes nothing, and a real run is all or nothing. Either way one `ImportRun` row records
the run and its report, with the audit event `import.run`.
"""

from __future__ import annotations

import hashlib
import posixpath
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..errors import Conflict
from ..permissions import has_perm
from ..services import model_create
from .framework import (
    OUTCOMES,
    ROW,
    Column,
    ImportContext,
    Importer,
    ImportReport,
    RowError,
    RowResult,
)
from .models import IMPORT_RUN, ImportRun, ImportStatus
from .parsing import FileError, Sheet, limit, read_sheet
from .registry import get_importer

PENDING_DIR = "imports/pending"
_NAMED_FILES = "_qms_named_files"  # ImportContext.cache: the ZIP members rows refer to
_RUN_FIELDS = (
    "kind",
    "created_by",
    "dry_run",
    "status",
    "file_name",
    "sha256",
    "rows_total",
    "rows_created",
    "rows_updated",
    "rows_unchanged",
    "rows_error",
    "report",
)


class PendingFileGone(Conflict):
    """The file of a dry run is no longer kept (imported, expired or never kept)."""

    code = "import_file_gone"


def pending_hours() -> int:
    return int(getattr(settings, "IMPORT_PENDING_HOURS", 24))


def _read_upload(upload: Any) -> tuple[str, bytes]:
    name = posixpath.basename(str(getattr(upload, "name", "") or "upload").replace("\\", "/"))
    maximum = limit("IMPORT_MAX_UPLOAD_BYTES")
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(maximum + 1)
    return name[:255], data if isinstance(data, bytes) else str(data).encode()


def import_run(
    *,
    actor: Any,
    organization: Any,
    importer_kind: str,
    upload: Any,
    dry_run: bool,
) -> ImportReport:
    """Check (`dry_run`) or import the uploaded CSV, XLSX or ZIP with the importer of
    `importer_kind`; return the report, also stored on a new `ImportRun` (`report.run_id`).

    Raises `UnknownImporter` for an unknown kind and PermissionDenied when the actor's role
    lacks the importer's permission. Problems with the file or its rows are in the report.
    A successful dry run keeps the file (`pending_file_name`) for `import_confirm`.
    """
    importer = get_importer(importer_kind)
    if not has_perm(actor, importer.permission_name(), organization=organization):
        raise PermissionDenied
    name, data = _read_upload(upload)
    report = ImportReport(
        kind=importer.kind,
        file_name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        dry_run=dry_run,
        columns=importer.column_names(),
    )
    with transaction.atomic():
        _check_and_apply(importer, name, data, report, actor=actor, organization=organization)
        run = _record(report, actor=actor, organization=organization)
        if report.status == ImportStatus.DRY_RUN_OK:
            pending = pending_file_name(run)
            transaction.on_commit(lambda: _keep(pending, data))
    return report


def import_sheet(
    *,
    importer_kind: str,
    upload: Any,
    dry_run: bool,
    actor: Any = None,
    organization: Any = None,
    options: dict[str, Any] | None = None,
) -> ImportReport:
    """Check (`dry_run`) or import an upload like `import_run`, for a caller that is not a
    member importing into its organization: a command line, or a machine's API key. The
    caller has decided who may import; `options` reach the importer as `context.options`
    (e.g. the registry's publishing source).

    The same rules as `import_run`: one transaction, a dry run writes nothing, a real run
    is all or nothing. No `ImportRun` is recorded (it belongs to an organization and a
    user) and no file is kept for a later confirmation: the caller keeps what it needs
    of the returned report (`run_id` stays None).
    """
    importer = get_importer(importer_kind)
    name, data = _read_upload(upload)
    report = ImportReport(
        kind=importer.kind,
        file_name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        dry_run=dry_run,
        columns=importer.column_names(),
    )
    with transaction.atomic():
        _check_and_apply(
            importer,
            name,
            data,
            report,
            actor=actor,
            organization=organization,
            options=options or {},
        )
    return report


def _check_and_apply(
    importer: Importer,
    name: str,
    data: bytes,
    report: ImportReport,
    *,
    actor: Any,
    organization: Any,
    options: dict[str, Any] | None = None,
) -> None:
    """The file-level checks, the rows, and the report's status (inside a transaction)."""
    if len(data) > limit("IMPORT_MAX_UPLOAD_BYTES"):
        megabytes = limit("IMPORT_MAX_UPLOAD_BYTES") // (1024 * 1024)
        report.file_errors.append(f"The file is larger than {megabytes} MB; split it.")
    elif not data:
        report.file_errors.append("The file is empty.")
    else:
        _import_rows(
            importer,
            name,
            data,
            report,
            actor=actor,
            organization=organization,
            options=options or {},
        )
    if report.has_errors:
        status = ImportStatus.DRY_RUN_FAILED if report.dry_run else ImportStatus.FAILED
    else:
        status = ImportStatus.DRY_RUN_OK if report.dry_run else ImportStatus.SUCCEEDED
    report.status = status


def _import_rows(
    importer: Importer,
    name: str,
    data: bytes,
    report: ImportReport,
    *,
    actor: Any,
    organization: Any,
    options: dict[str, Any],
) -> None:
    try:
        sheet = read_sheet(name, data)
    except FileError as error:
        report.file_errors.append(str(error))
        return
    positions = _match_header(importer, sheet, report)
    if report.file_errors:
        return
    context = ImportContext(
        organization=organization,
        actor=actor,
        dry_run=report.dry_run,
        archive=sheet.archive,
        options=options,
    )
    savepoint = transaction.savepoint()
    try:
        for number, cells in sheet.rows:
            context.row_number = number
            report.rows.append(_import_row(importer, number, cells, positions, context))
    except BaseException:
        transaction.savepoint_rollback(savepoint)
        raise
    if report.dry_run or report.has_errors:
        transaction.savepoint_rollback(savepoint)  # dry run, or all or nothing
    else:
        transaction.savepoint_commit(savepoint)
    if sheet.archive is not None and importer.files_column:
        named = context.cache.get(_NAMED_FILES, set())
        unused = [
            name
            for name in sheet.archive.names
            if name != sheet.index and sheet.archive.key(name) not in named
        ]
        if unused:
            report.warnings.append(
                f"{len(unused)} file(s) in the ZIP are not named by any row and were ignored: "
                + ", ".join(unused[:10])
                + (" …" if len(unused) > 10 else "")
            )


def _match_header(importer: Importer, sheet: Sheet, report: ImportReport) -> dict[str, int]:
    """column name → position in the sheet; missing required columns are file errors,
    unknown ones warnings."""
    known = {name.casefold(): name for name in importer.column_names()}
    positions: dict[str, int] = {}
    unknown: list[str] = []
    for position, header in enumerate(sheet.header):
        if not header:
            continue
        column = known.get(header.casefold())
        if column is None:
            unknown.append(header)
        elif column in positions:
            report.file_errors.append(f"The column “{header}” appears twice in the first row.")
        else:
            positions[column] = position
    missing = [name for name in importer.required_columns() if name not in positions]
    if missing:
        report.file_errors.append(
            "Required column(s) missing from the first row: " + ", ".join(missing) + "."
        )
    if unknown:
        report.warnings.append(
            "Unknown column(s) ignored: "
            + ", ".join(unknown)
            + ". Expected: "
            + ", ".join(importer.column_names())
            + "."
        )
    return positions


def _parse_cells(
    importer: Importer, cells: list[str], positions: dict[str, int]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for column in importer.columns:
        position = positions.get(column.name)
        if position is None:
            continue  # a column the sheet leaves out: the record keeps what it has
        text = cells[position].strip() if position < len(cells) else ""
        _parse_cell(column, text, values, errors)
    return values, errors


def _parse_cell(
    column: Column, text: str, values: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    if not text:
        if column.required:
            errors[column.name] = ["A value is required."]
        else:
            values[column.name] = column.default
        return
    try:
        values[column.name] = column.parse(text)
    except ValueError as error:
        errors[column.name] = [str(error) or "This value is not valid."]


def _key(importer: Importer, values: dict[str, Any]) -> tuple[Any, ...]:
    key = [values.get(name) for name in importer.key_columns]
    return tuple(value.casefold() if isinstance(value, str) else value for value in key)


def _import_row(
    importer: Importer,
    number: int,
    cells: list[str],
    positions: dict[str, int],
    context: ImportContext,
) -> RowResult:
    values, errors = _parse_cells(importer, cells, positions)
    key_text = " · ".join(str(values.get(name) or "") for name in importer.key_columns)
    files_column = importer.files_column
    if files_column and values.get(files_column) and not errors.get(files_column):
        if context.archive is not None:
            named = context.cache.setdefault(_NAMED_FILES, set())
            named.add(context.archive.key(str(values[files_column])))
        if not context.has_file(str(values[files_column])):
            where = "this ZIP" if context.archive is not None else "a ZIP upload"
            errors[files_column] = [f"No file named “{values[files_column]}” in {where}."]
    if not errors and importer.key_columns:
        key = _key(importer, values)
        first = context.seen_keys.get(key)
        if first is not None:
            errors[importer.key_columns[0]] = [f"The same as row {first}: each row must differ."]
        else:
            context.seen_keys[key] = number
    if errors:
        return RowResult(number=number, status="error", errors=errors, key=key_text)
    try:
        cleaned = importer.validate_row(values, context=context)
        with transaction.atomic():
            outcome = importer.apply_row(cleaned, context=context)
    except (RowError, ValidationError) as error:
        return RowResult(number, "error", importer.errors_of(error), key=key_text)
    except IntegrityError:
        message = "This row conflicts with existing data (for example a duplicate)."
        return RowResult(number, "error", {ROW: [message]}, key=key_text)
    except Conflict as error:
        return RowResult(number, "error", {ROW: [error.message]}, key=key_text)
    if outcome not in OUTCOMES:
        raise TypeError(f"{type(importer).__name__}.apply_row returned {outcome!r}.")
    context.rows[number] = cleaned
    return RowResult(number=number, status=outcome, key=key_text)


def _record(report: ImportReport, *, actor: Any, organization: Any) -> ImportRun:
    totals = report.totals
    run = model_create(
        actor=actor,
        model=ImportRun,
        organization=organization,
        data={
            "kind": report.kind,
            "created_by": actor,
            "dry_run": report.dry_run,
            "status": report.status,
            "file_name": report.file_name,
            "sha256": report.sha256,
            "rows_total": totals["rows"],
            "rows_created": totals["created"],
            "rows_updated": totals["updated"],
            "rows_unchanged": totals["unchanged"],
            "rows_error": totals["error"],
            "report": report.to_json(),
        },
        fields=_RUN_FIELDS,
        event_type=IMPORT_RUN,
    )
    report.run_id = run.pk
    return run


# --- The file kept between a dry run and the real run ---------------------------------------


def pending_file_name(run: ImportRun) -> str:
    """Where the file of a successful dry run waits: keyed by the run and its SHA-256."""
    suffix = posixpath.splitext(run.file_name)[1].lower()[:8]
    return f"{PENDING_DIR}/{run.organization_id}/{run.pk}-{run.sha256}{suffix}"


def _keep(name: str, data: bytes) -> None:
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(data))


def _discard(name: str) -> None:
    if default_storage.exists(name):
        default_storage.delete(name)


def pending_file_exists(run: ImportRun) -> bool:
    """Whether the file of this dry run can still be imported without a new upload."""
    if run.status != ImportStatus.DRY_RUN_OK:
        return False
    if run.created_at < timezone.now() - timedelta(hours=pending_hours()):
        return False
    return bool(default_storage.exists(pending_file_name(run)))


def import_confirm(*, actor: Any, organization: Any, run: ImportRun) -> ImportReport:
    """Import for real the file a successful dry run checked (kept since, unchanged).

    Only the user who ran the dry run may confirm it (a run the caller read through
    `for_user()`). The kept file is removed after the real run, whatever its outcome; a
    file that is gone or expired raises `PendingFileGone`.
    """
    if (
        run.organization_id != organization.pk
        or run.created_by_id != actor.pk
        or run.status != ImportStatus.DRY_RUN_OK
    ):
        raise PendingFileGone("Only a successful dry run of yours can be imported.")
    name = pending_file_name(run)
    if not pending_file_exists(run):
        raise PendingFileGone(
            "The checked file is no longer kept (it was imported already, or the dry run "
            f"is older than {pending_hours()} hours). Upload it again."
        )
    with default_storage.open(name, "rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != run.sha256:
        _discard(name)
        raise PendingFileGone("The kept file does not match the dry run; upload it again.")
    with transaction.atomic():
        report = import_run(
            actor=actor,
            organization=organization,
            importer_kind=run.kind,
            upload=ContentFile(data, name=run.file_name),
            dry_run=False,
        )
        transaction.on_commit(lambda: _discard(name))
    return report


def import_pending_purge(*, older_than: timedelta | None = None) -> int:
    """Remove the files of dry runs never imported (for a periodic task). Returns how many."""
    cutoff = timezone.now() - (older_than or timedelta(hours=pending_hours()))
    runs = ImportRun.objects.filter(
        status=ImportStatus.DRY_RUN_OK,
        created_at__lt=cutoff,
        created_at__gte=cutoff - timedelta(days=30),
    ).only("id", "organization_id", "sha256", "file_name")
    removed = 0
    for run in runs:
        name = pending_file_name(run)
        if default_storage.exists(name):
            default_storage.delete(name)
            removed += 1
    return removed
