"""Aggregates of the register for the dashboards: each one or two SQL queries, grouped in
the database, whatever the number of nonconformities."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Avg,
    Case,
    Count,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from qms.core.dates import add_months, as_days

from .choices import NonconformityStatus, Severity
from .models import Nonconformity
from .selectors import closed_between, days_to_close

AGE_BUCKETS = ("0–30 days", "31–60 days", "61–90 days", "over 90 days")  # noqa: RUF001
NO_PROCESS = "No process"


def _visible(user: Any, organization: Any) -> QuerySet[Nonconformity]:
    return Nonconformity.objects.for_user(user, "view", organization=organization)


def _open(user: Any, organization: Any) -> QuerySet[Nonconformity]:
    return _visible(user, organization).exclude(status=NonconformityStatus.CLOSED)


@dataclass(frozen=True)
class OpenSummary:
    open: int
    major: int
    overdue_verification: int


def open_summary(*, user: Any, organization: Any, today: date | None = None) -> OpenSummary:
    """Open NCs, the major ones, and those whose effectiveness check is overdue (one query)."""
    today = today or timezone.localdate()
    counts = _open(user, organization).aggregate(
        open=Count("id"),
        major=Count("id", filter=Q(severity=Severity.MAJOR)),
        overdue=Count(
            "id",
            filter=Q(verification_due__lt=today) & ~Q(status=NonconformityStatus.VERIFIED),
        ),
    )
    return OpenSummary(counts["open"], counts["major"], counts["overdue"])


def open_by_age(*, user: Any, organization: Any, today: date | None = None) -> dict[str, list[int]]:
    """Open NCs per age bucket (days since detected), by severity: {severity: [4 counts]}."""
    today = today or timezone.localdate()
    bucket = Case(
        When(detected_on__gte=today - timedelta(days=30), then=Value(0)),
        When(detected_on__gte=today - timedelta(days=60), then=Value(1)),
        When(detected_on__gte=today - timedelta(days=90), then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    result = {severity: [0, 0, 0, 0] for severity in Severity.values}
    rows = (
        _open(user, organization)
        .annotate(bucket=bucket)
        .order_by()
        .values_list("severity", "bucket")
        .annotate(count=Count("id"))
    )
    for severity, index, count in rows:
        if severity in result:
            result[severity][index] = count
    return result


def open_by_process(*, user: Any, organization: Any, limit: int = 12) -> list[tuple[str, int]]:
    """(process, open NCs) for the processes with the most, then those without a process."""
    rows = (
        _open(user, organization)
        .order_by()
        .values_list("process__code", "process__name")
        .annotate(count=Count("id"))
        .order_by("-count", "process__name")
    )
    result = []
    for code, name, count in rows[:limit]:
        label = f"{code} {name}".strip() if name else NO_PROCESS
        result.append((label, count))
    return result


def mean_days_to_close(
    *, user: Any, organization: Any, today: date | None = None, months: int = 12
) -> list[tuple[date, float | None]]:
    """(first day of month, mean days from detection to closing of the NCs closed in that
    month) for the last `months` months, oldest first; None for a month without closings."""
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    first = add_months(this_month, -(months - 1))
    rows = (
        closed_between(_visible(user, organization), start=first)
        .annotate(month=TruncMonth("closed_at"))
        .order_by()
        .values_list("month")
        .annotate(mean=Avg(days_to_close()))
    )
    means: dict[tuple[int, int], float] = {}
    for month, mean in rows:
        days = as_days(mean)
        if month is None or days is None:
            continue
        means[(month.year, month.month)] = round(days, 1)
    periods = [add_months(this_month, -back) for back in range(months - 1, -1, -1)]
    return [(period, means.get((period.year, period.month))) for period in periods]


def repeat_nonconformities(
    *, user: Any, organization: Any, today: date | None = None
) -> list[tuple[str, int]]:
    """Repeats over the last 12 months: ("Process: <name>", n) for each process with two or
    more NCs, and ("Cause: <category>", n) for each root-cause category (6M) found two or
    more times. Two queries: the NCs' processes grouped in SQL, the categories in one."""
    from .analysis.choices import CauseCategory
    from .analysis.selectors import root_cause_categories_of_many

    today = today or timezone.localdate()
    recent = _visible(user, organization).filter(detected_on__gte=today - timedelta(days=365))
    result = [
        (f"Process: {f'{code} {name}'.strip()}", count)
        for code, name, count in recent.exclude(process=None)
        .order_by()
        .values_list("process__code", "process__name")
        .annotate(count=Count("id"))
        .filter(count__gte=2)
        .order_by("-count", "process__name")[:10]
    ]
    categories = root_cause_categories_of_many(
        nonconformities=recent.only("id", "organization_id", "cycle")
    )
    labels = dict(CauseCategory.choices)
    for category, count in Counter(categories.values()).most_common():
        if count >= 2:
            result.append((f"Cause: {labels.get(category, category)}", count))
    return result
