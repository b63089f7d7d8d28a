"""`qms remind [--date YYYY-MM-DD] [--dry-run]`: deliver the reminders due on a day.

Runs every registered reminder rule (`qms.core.reminders`) for the day (default: today in
the product's time zone) and prints one line per rule: how many reminders were sent and how
many had been sent before. Run it daily (docs/operations/worker-and-reminders.md); running
it twice sends nothing twice. The e-mails go out through the task worker (`qms worker`).

Exit 0 when every rule ran, 1 when a rule failed (named on stderr), 2 on bad input (one
readable line on stderr).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from qms.core.imports.services import import_pending_purge
from qms.core.reminders import reminders_run


class Command(BaseCommand):
    help = "Deliver the reminders due on a day (each reminder once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            metavar="YYYY-MM-DD",
            help="the day to run for (default: today)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="only count what would be sent; write and send nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = self._day(options["date"])
        report = reminders_run(today=today, dry_run=options["dry_run"])
        verb = "would send" if report.dry_run else "sent"
        if not report.rules:
            self.stdout.write(f"{today.isoformat()}: no reminder rules are registered")
        for rule in report.rules:
            if rule.error:
                self.stderr.write(f"{rule.name}: FAILED: {rule.error}")
            else:
                line = f"{rule.name}: {verb} {rule.sent}, already sent {rule.already_sent}"
                if rule.skipped:
                    line += f", skipped {rule.skipped} (inactive accounts)"
                self.stdout.write(line)
        if not report.dry_run:
            # Daily housekeeping that belongs to the same timer: files kept after a clean
            # import dry run and never imported for real.
            purged = import_pending_purge()
            self.stdout.write(f"imports: removed {purged} kept dry-run file(s) past their time")
        if report.failed:
            raise SystemExit(1)

    def _day(self, value: str | None) -> date:
        if value is None:
            return timezone.localdate()
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
        self.stderr.write(f"remind: --date must be a date as YYYY-MM-DD, not {value!r}")
        raise SystemExit(2)
