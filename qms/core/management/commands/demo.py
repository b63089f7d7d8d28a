"""`qms demo`: load the demo organizations, people and records (idempotent).

Each app may ship a `demo.py` with `load(*, stdout)`; they run in INSTALLED_APPS order, so a
module's demo data can rely on the organizations and people loaded before it.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Load demo data (Acme Gauges Ltd, Northwind Castings, Meridian Certification Ltd). "
        "Safe to run again."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with QMS_DEBUG=false (not for production).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Refusing to load demo data with QMS_DEBUG=false; add --force if you mean it."
            )
        with transaction.atomic():
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if not config.name.startswith("qms.") or find_spec(module_name) is None:
                    continue
                import_module(module_name).load(stdout=self.stdout)
        self.stdout.write("Demo data ready.")
