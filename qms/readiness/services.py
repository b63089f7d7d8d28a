"""Writes of the readiness app: saving the computed report as a snapshot (audited)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from qms.core.services import model_create

from . import events
from .data import report_data
from .models import ReadinessSnapshot
from .selectors import readiness_report
from .selectors.card import remember_card


@transaction.atomic
def snapshot_save(
    *, actor: Any, organization: Any, today: date | None = None, note: str = ""
) -> ReadinessSnapshot:
    """Freeze the readiness report as it is now; the audit event records who and the figure."""
    today = today or timezone.localdate()
    report = readiness_report(organization=organization, today=today)
    item: ReadinessSnapshot = model_create(
        actor=actor,
        model=ReadinessSnapshot,
        organization=organization,
        data={
            "taken_at": timezone.now(),
            "taken_by": actor,
            "percentage": Decimal(str(report.percentage)),
            "note": note,
            "data": report_data(report),
        },
        fields=("taken_at", "taken_by", "percentage", "note", "data"),
        event_type=events.SNAPSHOT_SAVED,
        audited=("taken_at", "taken_by", "percentage", "note"),
    )
    transaction.on_commit(lambda: remember_card(report))
    return item
