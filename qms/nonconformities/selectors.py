"""Reads for nonconformities and their effectiveness checks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from qms.actions.choices import OPEN_STATES, ActionKind, ActionStatus

from .models import EffectivenessCheck, Nonconformity
from .rules import CheckFacts


def nonconformity_list(
    *, user: Any, organization: Any, action: str = "view"
) -> QuerySet[Nonconformity]:
    """The register as the user may see it, with what its columns show."""
    return Nonconformity.objects.for_user(user, action, organization=organization).select_related(
        "process", "owner"
    )


def are_members(*, organization_id: int, users: Iterable[Any]) -> bool:
    """Whether every one of `users` is a member of the organization (one query)."""
    from qms.accounts.models import Membership

    wanted = {user.pk for user in users}
    if not wanted:
        return True
    found = Membership.objects.filter(organization_id=organization_id, user_id__in=wanted)
    return found.values("user_id").distinct().count() == len(wanted)


def checks_of(*, nonconformity: Nonconformity) -> list[EffectivenessCheck]:
    """Every effectiveness check of the nonconformity, newest cycle first."""
    return list(
        EffectivenessCheck.objects.for_organization(nonconformity.organization_id)
        .filter(nonconformity=nonconformity)
        .select_related("checked_by")
        .order_by("-cycle", "-checked_on", "-id")
    )


@dataclass(frozen=True)
class CycleFacts:
    """What the workflow's guards decide on, for the nonconformity's current action cycle."""

    root_cause: str
    corrective_actions: int  # not cancelled
    done: int
    still_open: int
    action_owner_ids: frozenset[int]  # owners of any corrective action of the cycle
    checks: tuple[CheckFacts, ...]


def _corrective_rows(nonconformity: Nonconformity) -> list[tuple[str, int]]:
    from qms.actions.selectors import actions_of

    return list(
        actions_of(origin=nonconformity)
        .filter(kind=ActionKind.CORRECTIVE, cycle=nonconformity.cycle)
        .order_by()
        .values_list("status", "owner_id")
    )


def cycle_facts(*, nonconformity: Nonconformity) -> CycleFacts:
    """The facts of the current cycle (three queries: actions, checks, root cause)."""
    from .analysis.selectors import root_cause_of

    rows = _corrective_rows(nonconformity)
    checks = (
        EffectivenessCheck.objects.for_organization(nonconformity.organization_id)
        .filter(nonconformity=nonconformity, cycle=nonconformity.cycle)
        .values_list("effective", "checked_by_id", "checked_on", "planned_on")
    )
    return CycleFacts(
        root_cause=root_cause_of(nonconformity=nonconformity) or "",
        corrective_actions=sum(1 for status, _owner in rows if status != ActionStatus.CANCELLED),
        done=sum(1 for status, _owner in rows if status == ActionStatus.DONE),
        still_open=sum(1 for status, _owner in rows if status in OPEN_STATES),
        action_owner_ids=frozenset(owner for _status, owner in rows),
        checks=tuple(CheckFacts(*row) for row in checks),
    )


# --- The API detail: the NC's actions and history, one query each ----------------------------

DETAIL_ACTIONS_LIMIT = 100
DETAIL_HISTORY_LIMIT = 50


def actions_summary_of(
    *, nonconformity: Nonconformity, limit: int = DETAIL_ACTIONS_LIMIT
) -> list[dict[str, Any]]:
    """The NC's actions of every kind and cycle (by due date, at most `limit`), as the API
    detail shows them: one query, no model instances."""
    from django.utils import timezone

    from qms.actions.selectors import actions_of

    records = actions_of(origin=nonconformity).values_list(
        "id", "number", "title", "kind", "cycle", "owner_id", "owner__email", "due_date", "status"
    )[:limit]
    today = timezone.localdate()
    return [
        {
            "id": pk,
            "number": number,
            "title": title,
            "kind": kind,
            "cycle": cycle,
            "owner": owner,
            "owner_email": owner_email,
            "due_date": due_date,
            "status": status,
            "is_overdue": status in OPEN_STATES and due_date < today,
        }
        for pk, number, title, kind, cycle, owner, owner_email, due_date, status in records
    ]


def history_of(
    *, nonconformity: Nonconformity, limit: int = DETAIL_HISTORY_LIMIT
) -> list[dict[str, Any]]:
    """The newest audit events about the NC (at most `limit`, newest first): event type,
    actor, time and, for a workflow step, the step and its reason. One query."""
    from qms.core.audit import AuditEvent

    events = (
        AuditEvent.objects.for_subject(nonconformity)
        .filter(organization_id=nonconformity.organization_id)
        .order_by("-id")
        .values_list("id", "event_type", "actor_label", "created_at", "data")[:limit]
    )
    history = []
    for pk, event_type, actor, created_at, data in events:
        details = data if isinstance(data, dict) else {}
        history.append(
            {
                "id": pk,
                "event_type": event_type,
                "actor": actor,
                "created_at": created_at,
                "transition": details.get("transition") or None,
                "reason": details.get("reason") or "",
            }
        )
    return history
