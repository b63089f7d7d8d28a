"""`qms audit-verify`: recompute every audit hash chain. OK and exit 0, or exit 1."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from qms.core.audit import verify_chains


class Command(BaseCommand):
    help = "Verify the hash chains of the audit trail; name the first broken event of each."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, breaks = verify_chains()
        if not breaks:
            self.stdout.write("OK")
            if options["verbosity"] > 1:
                self.stderr.write(f"{checked} events verified.")
            return
        for problem in breaks:
            self.stdout.write(f"BROKEN: {problem}")
        raise SystemExit(1)
