"""The life of issues and interested parties: current, reviewed from time to time (the review
is a step that keeps the record current and moves its review dates), retired with a reason
when no longer relevant, and reinstated with a reason. Nothing is deleted."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.audit import EventType
from qms.core.workflow import Transition, Workflow, register_workflow

from . import events, rules
from .choices import ContextStatus
from .models import ContextIssue, InterestedParty


def move_review_dates(*, obj: Any, actor: Any, reason: str, signature: Any) -> None:
    """Effect of a review: reviewed today, next review one interval later."""
    today = timezone.localdate()
    obj.last_reviewed_on = today
    obj.next_review_on = rules.next_review(
        reviewed_on=today, interval_months=obj.review_interval_months
    )
    obj.save(update_fields=["last_reviewed_on", "next_review_on"])


def mark_retired(*, obj: Any, actor: Any, reason: str, signature: Any) -> None:
    obj.retired_on = timezone.localdate()
    obj.retired_reason = reason
    obj.save(update_fields=["retired_on", "retired_reason"])


def clear_retired(*, obj: Any, actor: Any, reason: str, signature: Any) -> None:
    obj.retired_on = None
    obj.retired_reason = ""
    obj.save(update_fields=["retired_on", "retired_reason"])


def _workflow(reviewed: EventType, retired: EventType, reinstated: EventType) -> Workflow:
    return Workflow(
        field="status",
        states=ContextStatus,
        transitions=(
            Transition(
                name="review",
                label=_("Record a review"),
                done=_("reviewed"),
                source=(ContextStatus.CURRENT,),
                target=ContextStatus.CURRENT,
                permission="review",
                reason=True,
                event_type=reviewed,
                effects=(move_review_dates,),
            ),
            Transition(
                name="retire",
                label=_("Retire"),
                done=_("retired"),
                source=(ContextStatus.CURRENT,),
                target=ContextStatus.RETIRED,
                permission="retire",
                reason=True,
                event_type=retired,
                effects=(mark_retired,),
            ),
            Transition(
                name="reinstate",
                label=_("Reinstate"),
                done=_("reinstated"),
                source=(ContextStatus.RETIRED,),
                target=ContextStatus.CURRENT,
                permission="reinstate",
                reason=True,
                event_type=reinstated,
                effects=(clear_retired,),
            ),
        ),
    )


ISSUE_WORKFLOW = register_workflow(
    ContextIssue,
    _workflow(events.ISSUE_REVIEWED, events.ISSUE_RETIRED, events.ISSUE_REINSTATED),
)
PARTY_WORKFLOW = register_workflow(
    InterestedParty,
    _workflow(events.PARTY_REVIEWED, events.PARTY_RETIRED, events.PARTY_REINSTATED),
)
