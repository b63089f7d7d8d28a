"""`qms search-reindex [--model app_label.model]`: rebuild the full-text search index.

Runs every indexer registered with `qms.core.search.register_search_indexer` (or the one of
`--model`), replacing that model's entries in one transaction; on SQLite it then rebuilds the
FTS5 table from the entries. Exit 0 with one `app.model: N entries` line per model, 2 with
one readable line on stderr when `--model` names no registered model.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from qms.core.search import search_indexers, search_reindex


class Command(BaseCommand):
    help = "Rebuild the full-text search index from the registered indexers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--model",
            metavar="APP_LABEL.MODEL",
            help="rebuild only this model's entries (e.g. documents.document)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        label = options["model"]
        if label is not None and label.lower() not in search_indexers():
            known = ", ".join(sorted(search_indexers())) or "none"
            self.stderr.write(
                f"search-reindex: {label!r} has no registered search indexer (registered: {known})"
            )
            raise SystemExit(2)
        written = search_reindex(label=label)
        for name, count in sorted(written.items()):
            self.stdout.write(f"{name}: {count} entries")
        if not written:
            self.stdout.write("No search indexers are registered.")
