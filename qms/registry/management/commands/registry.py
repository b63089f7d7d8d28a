"""`qms registry …`: the registry's exchange and scale tools.

    qms registry seed --count 1000000 [--seed 1]          synthetic certificates (appends)
    qms registry import FILE --source KEY [--dry-run]     a CertSearch CSV/XLSX, all or nothing
    qms registry export --source KEY --format csv|xlsx [--output FILE] [--include-drafts]
    qms registry sources                                  the publishing bodies and their keys
    qms registry source-add --key KEY --name NAME [--country GB --accreditation-body UKAS
                            --accreditation-number 0123 --recognition "IAF MLA"]
    qms registry apikey create --source KEY --name NAME   prints the new key (only it)
    qms registry apikey list --source KEY
    qms registry apikey revoke PREFIX

Errors are one line on stderr with a non-zero exit code: 2 for usage (an unknown source, a
missing file), 1 when an import found errors (each row's errors are printed, by row number).
Signing keys are `qms registry-keys` (a separate command).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError, CommandParser

from qms.core.export import csv_response, xlsx_response
from qms.core.imports import ImportReport
from qms.registry import api_keys, exports, seed
from qms.registry.exchange_services import registry_import, source_create
from qms.registry.models import Source


class Command(BaseCommand):
    help = "The certificate registry's seed, import, export, sources and API keys."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        seeding = sub.add_parser("seed", help="Add synthetic certificates (appends).")
        seeding.add_argument("--count", type=int, required=True)
        seeding.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        seeding.add_argument("--batch", type=int, default=seed.BATCH)

        importing = sub.add_parser("import", help="Import a CertSearch CSV/XLSX for a source.")
        importing.add_argument("file")
        importing.add_argument("--source", required=True, help="The source's key.")
        importing.add_argument("--dry-run", action="store_true", help="Check only.")

        exporting = sub.add_parser("export", help="A source's certificates for IAF CertSearch.")
        exporting.add_argument("--source", required=True, help="The source's key.")
        exporting.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        exporting.add_argument("--output", help="File to write (default: stdout, CSV only).")
        exporting.add_argument("--include-drafts", action="store_true")

        sub.add_parser("sources", help="List the publishing bodies.")
        adding = sub.add_parser("source-add", help="Register another certification body.")
        adding.add_argument("--key", required=True, help='Stable key, e.g. "cb:acme-cert".')
        adding.add_argument("--name", required=True)
        adding.add_argument("--country", default="")
        adding.add_argument("--accreditation-body", default="")
        adding.add_argument("--accreditation-number", default="")
        adding.add_argument("--recognition", default="")

        keys = sub.add_parser("apikey", help="Create, list or revoke a source's API keys.")
        key_sub = keys.add_subparsers(dest="key_action", required=True)
        create = key_sub.add_parser("create", help="Create a key and print it (and nothing else).")
        create.add_argument("--source", required=True)
        create.add_argument("--name", required=True)
        listing = key_sub.add_parser("list")
        listing.add_argument("--source", required=True)
        revoke = key_sub.add_parser("revoke")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        handler = getattr(self, f"_{action.replace('-', '_')}")
        handler(options)

    # --- seed ---------------------------------------------------------------------------------

    def _seed(self, options: dict[str, Any]) -> None:
        count = options["count"]
        if count < 1:
            raise CommandError("--count must be at least 1.")
        before = seed.seeded_count()
        self.stderr.write(
            f"Seeding {count:,} certificates (seed {options['seed']}; "
            f"{before:,} seeded certificates already there, numbers continue after them)."
        )
        result = seed.seed(
            count=count,
            random_seed=options["seed"],
            batch=max(options["batch"], 100),
            progress=seed.progress_lines(self.stderr.write),
        )
        self.stderr.write(
            f"Added {result.created:,} certificates from {result.sources} certification bodies "
            f"in {result.seconds:.1f} s ({result.created / max(result.seconds, 0.001):,.0f}/s)."
        )

    # --- import -------------------------------------------------------------------------------

    def _import(self, options: dict[str, Any]) -> None:
        source = _source(options["source"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}.", returncode=2)
        if path.suffix.lower() not in (".csv", ".xlsx"):
            raise CommandError("Give a .csv or .xlsx file.", returncode=2)
        upload = ContentFile(path.read_bytes(), name=path.name)
        report = registry_import(
            source=source, upload=upload, dry_run=options["dry_run"], via="cli"
        )
        self._print_report(report)
        if report.has_errors:
            raise CommandError(
                f"{'Dry run: ' if report.dry_run else ''}errors found; nothing was imported.",
                returncode=1,
            )

    def _print_report(self, report: ImportReport) -> None:
        for message in report.file_errors:
            self.stderr.write(f"file: {message}")
        for message in report.warnings:
            self.stderr.write(f"warning: {message}")
        for row in report.error_rows:
            for column, messages in row.errors.items():
                where = "" if column == "row" else f" {column}:"
                self.stderr.write(f"row {row.number}:{where} {' '.join(messages)}")
        totals = report.totals
        verb = "would be" if report.dry_run else "were"
        if not report.has_errors:
            self.stdout.write(
                f"{totals['rows']} rows: {totals['created']} {verb} created, "
                f"{totals['updated']} updated, {totals['unchanged']} unchanged."
            )

    # --- export -------------------------------------------------------------------------------

    def _export(self, options: dict[str, Any]) -> None:
        source = _source(options["source"])
        rows = exports.export_rows(source=source, include_drafts=options["include_drafts"])
        stem = exports.export_filename_stem(source)
        output = options.get("output")
        if options["format"] == "xlsx":
            if not output:
                raise CommandError("--output FILE is needed for XLSX.", returncode=2)
            Path(output).write_bytes(xlsx_response(stem, exports.HEADER, rows).content)
            return
        response = csv_response(stem, exports.HEADER, rows)
        streamed = cast(Iterator[bytes | str], response.streaming_content)
        chunks = (chunk if isinstance(chunk, bytes) else str(chunk).encode() for chunk in streamed)
        if output:
            with Path(output).open("wb") as handle:
                for chunk in chunks:
                    handle.write(chunk)
        else:
            for chunk in chunks:
                sys.stdout.buffer.write(chunk)
            sys.stdout.flush()

    # --- sources and API keys -----------------------------------------------------------------

    def _sources(self, options: dict[str, Any]) -> None:
        for source in Source.objects.order_by("key"):
            accredited = (
                f"{source.accreditation_body} {source.accreditation_number}".strip()
                if source.accredited
                else "unaccredited"
            )
            self.stdout.write(f"{source.key}\t{source.name}\t{source.country}\t{accredited}")

    def _source_add(self, options: dict[str, Any]) -> None:
        try:
            source = source_create(
                actor=None,
                key=options["key"],
                name=options["name"],
                country=options["country"],
                accreditation_body=options["accreditation_body"],
                accreditation_number=options["accreditation_number"],
                recognition=options["recognition"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=2) from None
        self.stderr.write(f"Added {source.key} ({source.name}).")

    def _apikey(self, options: dict[str, Any]) -> None:
        action = options["key_action"]
        if action == "create":
            if not options["name"].strip():
                raise CommandError("--name must not be empty.", returncode=2)
            try:
                _key, secret = api_keys.source_api_key_create(
                    actor=None, source=_source(options["source"]), name=options["name"]
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages), returncode=2) from None
            self.stdout.write(secret)
        elif action == "list":
            for key in api_keys.source_api_keys(source=_source(options["source"])):
                state = "revoked" if key.revoked_at else "active"
                used = key.last_used_at.isoformat() if key.last_used_at else "never"
                self.stdout.write(f"{key.prefix}\t{state}\t{used}\t{key.name}")
        else:
            try:
                key = api_keys.key_by_prefix(options["prefix"])
            except ValidationError as error:
                raise CommandError(" ".join(error.messages), returncode=2) from None
            api_keys.source_api_key_revoke(actor=None, key=key)
            self.stderr.write(f"Revoked {key.prefix}.")


def _source(key: str) -> Source:
    source = Source.objects.filter(key=key.strip()).first()
    if source is None:
        raise CommandError(
            f"No source {key!r} (see `qms registry sources`; add one with "
            "`qms registry source-add`).",
            returncode=2,
        )
    return source
