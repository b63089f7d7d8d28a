"""Reads for nonconformities and their effectiveness checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Avg, DurationField, ExpressionWrapper, F, Q, QuerySet

from qms.actions.choices import OPEN_STATES, ActionKind, ActionStatus
from qms.core.dates import as_days

from .choices import NonconformityStatus
from .models import EffectivenessCheck, Nonconformity
from .rules import CheckFacts, RiskLinkFacts, recurrence_window_start, recurring_partner


def nonconformity_list(
    *, user: Any, organization: Any, action: str = "view"
) -> QuerySet[Nonconformity]:
    """The register as the user may see it, with what its columns show."""
    return Nonconformity.objects.for_user(user, action, organization=organization).select_related(
        "process", "owner", "risk"
    )


# --- Periods: the one calculation behind the register's date filter, the dashboard's
# time-to-close chart and the indicators (indicators.py) -------------------------------------


def reported_between(
    queryset: QuerySet[Nonconformity], *, start: date | None = None, end: date | None = None
) -> QuerySet[Nonconformity]:
    """The NCs of `queryset` detected from `start` to `end`, both days included (either end
    open when None). The register's "Detected from/until" filters and the indicators."""
    if start is not None:
        queryset = queryset.filter(detected_on__gte=start)
    if end is not None:
        queryset = queryset.filter(detected_on__lte=end)
    return queryset


def closed_between(
    queryset: QuerySet[Nonconformity], *, start: date | None = None, end: date | None = None
) -> QuerySet[Nonconformity]:
    """The closed NCs of `queryset` whose closing day (local time) is from `start` to `end`
    inclusive. The dashboard's time-to-close chart and the indicators."""
    queryset = queryset.filter(status=NonconformityStatus.CLOSED, closed_at__isnull=False)
    if start is not None:
        queryset = queryset.filter(closed_at__date__gte=start)
    if end is not None:
        queryset = queryset.filter(closed_at__date__lte=end)
    return queryset


def days_to_close() -> ExpressionWrapper[Any]:
    """Days from detection to the closing day, as a database expression."""
    return ExpressionWrapper(F("closed_at__date") - F("detected_on"), output_field=DurationField())


def mean_days_to_close_of(queryset: QuerySet[Nonconformity]) -> float | None:
    """The mean of `days_to_close()` over closed NCs (None for none): one query."""
    return as_days(queryset.aggregate(mean=Avg(days_to_close()))["mean"])


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


# --- The link to the risk register ---------------------------------------------------------

RISK_LINKS_LIMIT = 20


def risk_link_facts(nonconformity: Nonconformity) -> RiskLinkFacts:
    return RiskLinkFacts(
        pk=nonconformity.pk,
        organization_id=nonconformity.organization_id,
        risk_id=nonconformity.risk_id,
        detected_on=nonconformity.detected_on,
        number=nonconformity.number,
    )


def risk_queryset(*, organization: Any, current: int | None = None) -> QuerySet[Any]:
    """The risks a nonconformity may point at (qms.risks.selectors.risk_choices), plus the
    one it points at already (which may have been closed since), by number."""
    from qms.risks.models import Risk
    from qms.risks.selectors import risk_choices

    allowed = Q(pk__in=risk_choices(organization=organization).values("pk"))
    if current is not None:
        allowed |= Q(pk=current)
    return Risk.objects.for_organization(organization).filter(allowed).order_by("number")


def recurrence_of(*, nonconformity: Nonconformity, months: int) -> RiskLinkFacts | None:
    """The earlier NC that makes this one recur against its risk (rules.recurring_partner),
    or None: one query, none without a risk."""
    facts = risk_link_facts(nonconformity)
    if facts.risk_id is None:
        return None
    start = recurrence_window_start(facts.detected_on, months=months)
    rows = (
        Nonconformity.objects.for_organization(facts.organization_id)
        .filter(risk_id=facts.risk_id, detected_on__gte=start, detected_on__lte=facts.detected_on)
        .exclude(pk=facts.pk)
        .order_by("-detected_on", "-id")
        .values_list("pk", "organization_id", "risk_id", "detected_on", "number")[:50]
    )
    return recurring_partner(facts, [RiskLinkFacts(*row) for row in rows], months=months)


def recurrence_months() -> int:
    from django.conf import settings

    return int(getattr(settings, "RISKS_RECURRENCE_MONTHS", 12))


def nonconformities_of_risk(risk: Any, *, limit: int = RISK_LINKS_LIMIT) -> list[Any]:
    """The NCs pointing at `risk`, newest first, at most `limit`, as the risk page's
    linked-records panel shows them (qms.risks.links): one query."""
    from django.urls import reverse

    from qms.risks.links import LinkedRecord

    labels = dict(NonconformityStatus.choices)
    rows = (
        Nonconformity.objects.for_organization(risk.organization_id)
        .filter(risk_id=risk.pk)
        .order_by("-detected_on", "-id")
        .values_list("pk", "number", "title", "status", "detected_on")[:limit]
    )
    return [
        LinkedRecord(
            label=f"{number} {title}",
            url=reverse("nonconformities:nonconformity_detail", args=[pk]),
            status=str(labels.get(status, status)),
            on=detected_on,
        )
        for pk, number, title, status, detected_on in rows
    ]
