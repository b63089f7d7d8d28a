"""`qms certificates daily [--date YYYY-MM-DD]`: the certificates' daily job.

Active certificates whose expiry date has passed without a recertification decision become
expired; suspended certificates past their deadline are withdrawn (domain spec §3.6). Each
change is the certificate workflow's step (history entry, audit event, public registry, the
client's mail), made by the system. Idempotent: a second run the same day changes nothing.
It also reports on each finding a closure in the client's own register that was not reported
at the time (portal.nc_link). Run it once a day beside `qms remind`. Prints one line per
change and a total; exit status 1 with one line on stderr for bad input.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from qms.certification.certificates.services import certificate_expire_due
from qms.certification.portal.services import client_nc_closures_catch_up


class Command(BaseCommand):
    help = "Expire certificates past their expiry date and withdraw overdue suspensions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["daily"], help="daily: the daily job")
        parser.add_argument("--date", default="", help="the day to run for (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        raw = options["date"]
        try:
            today = dt.date.fromisoformat(raw) if raw else timezone.localdate()
        except ValueError:
            self.stderr.write(f"certificates: --date must be a date as YYYY-MM-DD, not {raw!r}")
            raise SystemExit(1) from None
        done = certificate_expire_due(today=today)
        for certificate in done["expired"]:
            self.stdout.write(f"expired {certificate.number} rev. {certificate.revision}")
        for certificate in done["withdrawn"]:
            self.stdout.write(f"withdrawn {certificate.number} rev. {certificate.revision}")
        reported = client_nc_closures_catch_up()
        self.stdout.write(
            f"{today.isoformat()}: {len(done['expired'])} expired, "
            f"{len(done['withdrawn'])} withdrawn, "
            f"{reported} client nonconformity closures reported late"
        )
