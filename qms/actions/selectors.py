"""Reads of the action tracker. Pages and the API start from `for_user()`; the origin
panels, reminders, the digest and the calendar feed read through the functions here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from qms.accounts.models import Membership
from qms.core.querysets import owning_organization_id

from .choices import OPEN_STATES, ActionStatus
from .models import Action, overdue_q

ROW_RELATED = ("owner", "origin_type")


def overdue_on(day: date) -> Q:
    """The actions overdue on `day`: still to do then and due before it. With `day` today
    that is `overdue_q` (the tracker's "Overdue" filter); for a day in the past it also
    counts the actions done since (completed after `day`). Cancelled actions never count."""
    done_since = Q(status=ActionStatus.DONE, due_date__lt=day, completed_at__date__gt=day)
    return overdue_q(day) | done_since


def completed_between(queryset: QuerySet[Action], *, start: date, end: date) -> QuerySet[Action]:
    """The done actions of `queryset` completed (local day) from `start` to `end` inclusive."""
    return queryset.filter(
        status=ActionStatus.DONE, completed_at__date__gte=start, completed_at__date__lte=end
    )


def action_list(*, user: Any, organization: Any, action: str = "view") -> QuerySet[Action]:
    """The organization's actions the user may `action`, with what a row shows."""
    queryset: QuerySet[Action] = Action.objects.for_user(user, action, organization=organization)
    return queryset.select_related(*ROW_RELATED)


def actions_of(*, origin: models.Model) -> QuerySet[Action]:
    """The actions raised from one record, by due date, with their owners."""
    content_type = ContentType.objects.get_for_model(origin)
    queryset: QuerySet[Action] = Action.objects.for_organization(owning_organization_id(origin))
    return (
        queryset.filter(origin_type=content_type, origin_id=origin.pk)
        .select_related("owner")
        .order_by("due_date", "id")
    )


def actions_of_many(*, origins: Sequence[models.Model]) -> dict[int, list[Action]]:
    """The actions of several records (one query per model and organization), by origin pk."""
    found: dict[int, list[Action]] = {origin.pk: [] for origin in origins}
    groups: dict[tuple[type[models.Model], int | None], list[Any]] = defaultdict(list)
    for origin in origins:
        groups[(type(origin), owning_organization_id(origin))].append(origin.pk)
    for (model, organization_id), ids in groups.items():
        content_type = ContentType.objects.get_for_model(model)
        rows = (
            Action.objects.for_organization(organization_id)
            .filter(origin_type=content_type, origin_id__in=ids)
            .select_related("owner")
            .order_by("due_date", "id")
        )
        for row in rows:
            found.setdefault(int(row.origin_id or 0), []).append(row)
    return found


# --- My actions ------------------------------------------------------------------------------


@dataclass
class MyActions:
    """One person's open actions in one organization, grouped for the page."""

    today: date
    overdue: list[Action] = field(default_factory=list)
    this_week: list[Action] = field(default_factory=list)
    later: list[Action] = field(default_factory=list)
    finished: list[Action] = field(default_factory=list)

    @property
    def open_count(self) -> int:
        return len(self.overdue) + len(self.this_week) + len(self.later)


def my_actions(
    *, user: Any, organization: Any, today: date | None = None, finished: int = 10
) -> MyActions:
    """The user's actions in the organization: overdue, due within 7 days, later (each by
    due date), and the last few they finished. Two queries."""
    today = today or timezone.localdate()
    week_end = today + timedelta(days=7)
    mine = action_list(user=user, organization=organization).filter(owner_id=user.pk)
    result = MyActions(today=today)
    for row in mine.filter(status__in=OPEN_STATES).order_by("due_date", "id"):
        if row.due_date < today:
            result.overdue.append(row)
        elif row.due_date <= week_end:
            result.this_week.append(row)
        else:
            result.later.append(row)
    done = mine.exclude(status__in=OPEN_STATES).order_by("-updated_at", "-id")[:finished]
    result.finished = list(done)
    return result


@dataclass(frozen=True)
class ActionSummary:
    open: int
    overdue: int
    upcoming: list[Action]


def my_action_summary(
    *, user: Any, organization: Any, today: date | None = None, upcoming: int = 5
) -> ActionSummary:
    """Counts of the user's open and overdue actions, and the next few (two queries)."""
    today = today or timezone.localdate()
    mine = action_list(user=user, organization=organization).filter(
        owner_id=user.pk, status__in=OPEN_STATES
    )
    counts = mine.aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
    return ActionSummary(
        open=counts["open"] or 0,
        overdue=counts["overdue"] or 0,
        upcoming=list(mine.order_by("due_date", "id")[:upcoming]),
    )


def overdue_by_owner(
    *, user: Any, organization: Any, today: date | None = None, limit: int = 10
) -> list[tuple[str, int]]:
    """(owner's name, overdue actions) for the owners with the most overdue actions."""
    today = today or timezone.localdate()
    rows = (
        action_list(user=user, organization=organization)
        .filter(overdue_q(today))
        .values("owner_id", "owner__full_name", "owner__email")
        .annotate(count=Count("pk"))
        .order_by("-count", "owner__email")[:limit]
    )
    result = []
    for row in rows:
        result.append((row["owner__full_name"] or row["owner__email"], int(row["count"])))
    return result


# --- Reminders, the digest and the calendar (no request: the rule or feed decides) ----------


def actions_due_between(*, first: date, last: date) -> list[Action]:
    """Open actions of every organization due from `first` to `last` (reminder rules)."""
    return list(
        Action.objects.filter(status__in=OPEN_STATES, due_date__gte=first, due_date__lte=last)
        .select_related("owner", "organization")
        .order_by("due_date", "id")
    )


def actions_overdue(*, today: date) -> list[Action]:
    """Open actions of every organization whose due date has passed (reminder rules)."""
    queryset = Action.objects.filter(overdue_q(today))
    return list(queryset.select_related("owner", "organization").order_by("due_date", "id"))


def open_actions_by_person() -> Iterable[Action]:
    """Every open action, ordered by organization, owner and due date (the weekly digest:
    one pass, grouped by the caller)."""
    rows: Iterable[Action] = (
        Action.objects.filter(status__in=OPEN_STATES, owner__is_active=True)
        .select_related("owner", "organization")
        .order_by("organization_id", "owner_id", "due_date", "id")
        .iterator(chunk_size=1000)
    )
    return rows


def open_actions_of_user(*, user: Any) -> list[Action]:
    """The user's open actions in every organization they are a member of (calendar feed)."""
    member_of = Membership.objects.filter(user_id=user.pk).values("organization_id")
    return list(
        Action.objects.filter(
            owner_id=user.pk, status__in=OPEN_STATES, organization_id__in=member_of
        )
        .select_related("organization")
        .order_by("due_date", "id")
    )
