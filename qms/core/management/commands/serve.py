"""`qms serve`: production server (gunicorn managing uvicorn workers; WhiteNoise serves the
static files).

Why uvicorn workers and not gunicorn's sync ones: a sync worker reads a request's headers
itself, one connection at a time, so two clients that drip their headers a byte a second
hold both workers and nobody else is answered. A uvicorn worker reads headers on its event
loop, where a slow connection costs a few kilobytes and no worker; only a complete request
head reaches Django, which runs as a WSGI application in a small thread pool per worker
(`qms.serving`, QMS_THREADS threads), so database connections are kept between requests.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from uvicorn_worker import UvicornWorker  # type: ignore[import-untyped]

WORKER_CLASS = f"{__name__}.Worker"


class Worker(UvicornWorker):  # type: ignore[misc]
    """uvicorn's worker without its proxy-header rewriting: the client address comes from
    one place only, `client_ip()` with QMS_TRUSTED_PROXIES, and the HTTPS scheme from
    QMS_BEHIND_TLS_PROXY (Django's SECURE_PROXY_SSL_HEADER)."""

    CONFIG_KWARGS = {**UvicornWorker.CONFIG_KWARGS, "proxy_headers": False}


class Command(BaseCommand):
    help = "Collect static files, then serve with gunicorn and uvicorn (QMS_WORKERS, QMS_BIND)."

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
            "qms.serving:application",
            "--worker-class",
            WORKER_CLASS,
            "--bind",
            settings.GUNICORN_BIND,
            "--workers",
            str(settings.GUNICORN_WORKERS),
            *(["--access-logfile", "-"] if settings.GUNICORN_ACCESS_LOG else []),
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
