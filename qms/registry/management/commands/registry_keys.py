"""`qms registry-keys list|rotate`: the keys that sign the public registry's answers.

`rotate` retires the current key and starts a new one; answers signed by the retired key
still verify (its public key stays in `/.well-known/qms-registry-keys.json` with its
validity). Private keys are derived from QMS_AUDIT_KEY, never stored.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from qms.registry.selectors import signing_keys
from qms.registry.services import signing_key_current, signing_key_rotate


class Command(BaseCommand):
    help = "List or rotate the registry's signing keys."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["list", "rotate"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rotate":
            key = signing_key_rotate(actor=None)
            self.stdout.write(f"New signing key {key.kid}; earlier keys retired, still listed.")
            return
        signing_key_current()
        for key in signing_keys():
            state = f"retired {key.retired_at:%Y-%m-%d %H:%M}" if key.retired_at else "current"
            self.stdout.write(
                f"{key.kid}  {key.public_key}  from {key.valid_from:%Y-%m-%d %H:%M}  {state}"
            )
