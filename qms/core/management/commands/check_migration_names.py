"""Fail when a migration kept Django's automatic name (use `makemigrations -n verb_noun`)."""

from __future__ import annotations

import re
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db.migrations.loader import MigrationLoader

_AUTO = re.compile(r"^\d{4}_(auto_\d{8}_\d{4}|initial_\d+)$")


class Command(BaseCommand):
    help = "Check that every qms migration has a chosen name."

    def handle(self, *args: Any, **options: Any) -> None:
        ours = {config.label for config in apps.get_app_configs() if config.name.startswith("qms.")}
        loader = MigrationLoader(None, ignore_no_migrations=True)
        bad = sorted(
            f"{app}.{name}"
            for app, name in loader.disk_migrations
            if app in ours and _AUTO.match(name)
        )
        if bad:
            raise CommandError(
                f"Migrations with automatic names: {', '.join(bad)}. "
                "Rename them (makemigrations <app> -n <verb_noun>)."
            )
        self.stdout.write("Migration names OK.")
