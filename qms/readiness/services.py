"""Writes of the readiness app: saving the computed report as a snapshot (audited)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from qms.core.audit import record_event, snapshot

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
    item = ReadinessSnapshot(
        organization=organization,
        taken_at=timezone.now(),
        taken_by=actor,
        percentage=Decimal(str(report.percentage)),
        note=note,
        data=report_data(report),
    )
    item.full_clean()
    item.save()
    record_event(
        actor=actor,
        event_type=events.SNAPSHOT_SAVED,
        subject=item,
        organization_id=organization.pk,
        after=snapshot(item, ["taken_at", "taken_by", "percentage", "note"]),
    )
    transaction.on_commit(lambda: remember_card(report))
    return item
