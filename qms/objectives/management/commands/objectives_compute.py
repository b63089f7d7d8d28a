"""`qms objectives_compute`: recompute the measurements of every active objective computed
by an indicator (idempotent; run it daily from cron or the worker)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from qms.objectives.services import objectives_compute_all


class Command(BaseCommand):
    help = "Recompute the measurements of every active objective computed by an indicator."

    def handle(self, *args: Any, **options: Any) -> None:
        totals = objectives_compute_all(today=timezone.localdate())
        self.stdout.write(
            "Objectives computed: {objectives} ({created} new, {updated} changed, "
            "{unchanged} unchanged measurements).".format(**totals)
        )
