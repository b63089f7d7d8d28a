"""`qms audit-verify [--anchor FILE]`: recompute every audit hash chain and check the signed
heads; with --anchor, also check a checkpoint from `qms audit-anchor`.

Exit 0 with `OK: N events in M chains`, 1 with one `BROKEN:` line per broken chain, 2 when the
anchor file cannot be used (one readable line on stderr).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from qms.core.audit import AuditChain, verify_chains
from qms.core.audit_anchor import AnchorError, check_anchor, load_anchor


class Command(BaseCommand):
    help = "Verify the hash chains of the audit trail; name the first broken event of each."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            metavar="FILE",
            help="a checkpoint printed earlier by `qms audit-anchor`; check the trail against it",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        anchor = None
        if options["anchor"]:
            try:
                text = Path(options["anchor"]).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                self.stderr.write(f"audit-verify: cannot read {options['anchor']}: {error}")
                raise SystemExit(2) from None
            try:
                anchor = load_anchor(text)
            except AnchorError as error:
                self.stderr.write(f"audit-verify: {options['anchor']}: {error}")
                raise SystemExit(2) from None
        checked, breaks = verify_chains()
        lines = [f"BROKEN: {problem}" for problem in breaks]
        if anchor is not None:
            lines += [f"BROKEN: {problem}" for problem in check_anchor(anchor)]
        if lines:
            for line in lines:
                self.stdout.write(line)
            raise SystemExit(1)
        chains = AuditChain.objects.count()
        self.stdout.write(f"OK: {checked} events in {chains} chains")
