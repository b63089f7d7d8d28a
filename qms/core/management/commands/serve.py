"""`qms serve`: production server (gunicorn; WhiteNoise serves the static files)."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Collect static files, then serve with gunicorn (QMS_WORKERS, QMS_BIND)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-collectstatic", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.DEBUG:
            self.stderr.write("Warning: QMS_DEBUG=true; production runs with QMS_DEBUG=false.")
        if not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        if not os.path.exists(gunicorn):
            raise CommandError("gunicorn is not installed in this environment.")
        argv = [
            gunicorn,
            "qms.wsgi:application",
            "--bind",
            settings.GUNICORN_BIND,
            "--workers",
            str(settings.GUNICORN_WORKERS),
            *(["--access-logfile", "-"] if settings.GUNICORN_ACCESS_LOG else []),
            "--forwarded-allow-ips",
            "127.0.0.1",
            # Load the application once, before forking: workers start in milliseconds.
            "--preload",
        ]
        if settings.GUNICORN_MAX_REQUESTS:  # recycle workers (a guard against slow leaks)
            jitter = max(settings.GUNICORN_MAX_REQUESTS // 10, 1)
            argv += ["--max-requests", str(settings.GUNICORN_MAX_REQUESTS)]
            argv += ["--max-requests-jitter", str(jitter)]
        self.stderr.write(
            f"Serving on http://{settings.GUNICORN_BIND}/ with {settings.GUNICORN_WORKERS} workers."
        )
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(gunicorn, argv)  # noqa: S606 - replaces this process with gunicorn
