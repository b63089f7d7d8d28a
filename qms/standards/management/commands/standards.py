"""`qms standards load [--file F ...] [--check]`: load the standards library data files.

Idempotent (an upsert by URN): a second run reports "0 created, 0 changed". An invalid file
stops the load before anything is written and exits with status 2 and one line naming the
file and the key.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from qms.standards.loader import DataFileError, load_files


class Command(BaseCommand):
    help = "Standards library: `load` the data files (fixtures/*.yaml)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="load")
        load = commands.add_parser("load", help="Load (or --check) the data files.")
        load.add_argument(
            "--file",
            action="append",
            dest="files",
            metavar="F",
            help="Load only this data file (repeatable). Default: every bundled file.",
        )
        load.add_argument(
            "--check",
            action="store_true",
            help="Validate and count what would change, without writing anything.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        files = [Path(name) for name in options["files"]] if options["files"] else None
        try:
            report = load_files(files, check=options["check"])
        except DataFileError as error:
            self.stderr.write(f"qms standards load: {error}")
            sys.exit(2)
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        prefix = "Check (nothing written): " if options["check"] else ""
        self.stdout.write(f"{prefix}{report}")
