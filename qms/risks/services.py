"""Writes for the risk register. Each service is one transaction written through the core
helpers (row, audit event and version check together); notifications go out on commit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from qms.core.audit import record_event
from qms.core.notifications import notify

from . import events
from .models import Risk, RiskReviewPrompt

if TYPE_CHECKING:
    from qms.accounts.models import User


def risk_review_prompt(
    *, actor: User | None, risk: Risk, reason: str, source_label: str, source_url: str
) -> bool:
    """Ask for an early review of `risk` because another record (e.g. a recurring
    nonconformity) points at it. Runs inside the caller's transaction: brings the next review
    date forward to today (unless already due), records "risk.review_prompted" and notifies
    the owner. Returns False, doing nothing, when the same source already prompted it."""
    with transaction.atomic():
        locked = Risk._base_manager.select_for_update().get(pk=risk.pk)
        if RiskReviewPrompt.objects.filter(risk=locked, source_url=source_url).exists():
            return False
        today = timezone.localdate()
        RiskReviewPrompt.objects.create(
            risk=locked,
            source_label=source_label[:200],
            source_url=source_url[:500],
            reason=reason,
            prompted_on=today,
            prompted_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        before = locked.next_review_on
        if before is None or before > today:
            Risk._base_manager.filter(pk=locked.pk).update(next_review_on=today)
            risk.next_review_on = today
        record_event(
            actor=actor,
            event_type=events.RISK_REVIEW_PROMPTED,
            subject=locked,
            before={"next_review_on": before},
            after={"next_review_on": risk.next_review_on or before},
            data={"reason": reason, "source": source_label, "source_url": source_url},
        )
        notify(
            recipients=[locked.owner],
            organization=locked.organization,
            kind="risk.review_prompted",
            title=f"Review {locked.number} early: {source_label}",
            body=reason,
            url=locked.get_absolute_url(),
        )
    return True
