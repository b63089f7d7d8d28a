"""`qms audit-anchor`: print a signed checkpoint of the audit trail (JSON) to stdout.

Store the output outside the database (e.g. daily by cron); `qms audit-verify --anchor FILE`
checks the database against it later.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from qms.core.audit_anchor import make_anchor


class Command(BaseCommand):
    help = "Print a signed checkpoint of every audit chain's head, for storage elsewhere."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(json.dumps(make_anchor(), indent=2, sort_keys=True))
