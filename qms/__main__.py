"""The `qms` command: Django's manage.py plus the product's own commands.

`qms audit-verify` and `qms audit_verify` are the same command.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    args[0] = "qms"
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    from qms.core.context import new_request_id, request_context

    try:
        settings.INSTALLED_APPS  # noqa: B018  (reads the QMS_* variables: fail early and clearly)
        # Every audit event a command writes carries the same "cli-…" request id.
        with request_context(f"cli-{new_request_id()}"):
            execute_from_command_line(args)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"qms: configuration error: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
