"""Reads for complaints: lists, the cards, the chart, the reminder rule's query and the
link other modules show (`complaint_for_nonconformity`)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, QuerySet
from django.db.models.functions import TruncMonth

from qms.core.dates import add_months, as_days

from .choices import ComplaintChannel, ComplaintStatus
from .models import Complaint


def complaint_list(*, user: Any, organization: Any) -> QuerySet[Complaint]:
    return Complaint.objects.for_user(user, "view", organization=organization).select_related(
        "owner", "nonconformity"
    )


# --- Periods: the one calculation behind the log's "Received from/until" filters, the
# per-month chart and the indicators (indicators.py) ------------------------------------------


def received_between(
    queryset: QuerySet[Complaint], *, start: date | None = None, end: date | None = None
) -> QuerySet[Complaint]:
    """The complaints of `queryset` received from `start` to `end`, both days included
    (either end open when None)."""
    if start is not None:
        queryset = queryset.filter(received_on__gte=start)
    if end is not None:
        queryset = queryset.filter(received_on__lte=end)
    return queryset


def acknowledged_between(
    queryset: QuerySet[Complaint], *, start: date, end: date
) -> QuerySet[Complaint]:
    """The complaints of `queryset` acknowledged from `start` to `end` inclusive."""
    return queryset.filter(acknowledged_on__gte=start, acknowledged_on__lte=end)


def mean_days_to_acknowledge_of(queryset: QuerySet[Complaint]) -> float | None:
    """Mean days from receipt to acknowledgement of the acknowledged complaints of
    `queryset` (None for none): one query."""
    span = ExpressionWrapper(F("acknowledged_on") - F("received_on"), output_field=DurationField())
    return as_days(queryset.filter(acknowledged_on__isnull=False).aggregate(mean=Avg(span))["mean"])


def complaint_get(*, user: Any, organization: Any, pk: Any) -> Complaint:
    """One complaint the user may view (DoesNotExist otherwise: a 404)."""
    return complaint_list(user=user, organization=organization).get(pk=pk)


def complaint_for_nonconformity(*, nonconformity: Any) -> Complaint | None:
    """The complaint a nonconformity was escalated from, or None (for the NC page:
    "from complaint CMP-…"). Same organization as the nonconformity by construction."""
    if nonconformity is None or nonconformity.pk is None:
        return None
    return (
        Complaint.objects.for_organization(nonconformity.organization_id)
        .filter(nonconformity_id=nonconformity.pk)
        .only("id", "number", "customer_name", "organization_id", "nonconformity_id")
        .first()
    )


def complaints_for_nonconformities(*, nonconformities: Any) -> dict[int, Complaint]:
    """By nonconformity id, the complaint each was escalated from (one query)."""
    by_organization: dict[int, list[int]] = {}
    for item in nonconformities:
        by_organization.setdefault(item.organization_id, []).append(item.pk)
    found: dict[int, Complaint] = {}
    for organization_id, ids in by_organization.items():  # one query per organization
        for complaint in (
            Complaint.objects.for_organization(organization_id)
            .filter(nonconformity_id__in=ids)
            .only("id", "number", "customer_name", "organization_id", "nonconformity_id")
        ):
            if complaint.nonconformity_id is not None:
                found[complaint.nonconformity_id] = complaint
    return found


def complaints_to_acknowledge(*, user: Any, organization: Any, limit: int = 5) -> list[Complaint]:
    """Complaints received and not yet acknowledged, the earliest due first."""
    return list(
        complaint_list(user=user, organization=organization)
        .filter(status=ComplaintStatus.RECEIVED)
        .order_by("acknowledgement_due", "id")[:limit]
    )


def complaints_to_acknowledge_count(*, user: Any, organization: Any) -> int:
    return (
        Complaint.objects.for_user(user, "view", organization=organization)
        .filter(status=ComplaintStatus.RECEIVED)
        .count()
    )


def month_starts(*, today: date, months: int = 12) -> list[date]:
    """The first day of each of the last `months` months, the oldest first (today's last)."""
    first = today.replace(day=1)
    return [add_months(first, -back) for back in range(months - 1, -1, -1)]


def complaints_per_month(
    *, user: Any, organization: Any, today: date, months: int = 12
) -> tuple[list[date], dict[str, list[int]]]:
    """(month starts, {channel: counts per month}) over the last `months` months (one query)."""
    starts = month_starts(today=today, months=months)
    rows = (
        received_between(
            Complaint.objects.for_user(user, "view", organization=organization),
            start=starts[0],
            end=today,
        )
        .annotate(month=TruncMonth("received_on"))
        .values("month", "channel")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: Counter[tuple[date, str]] = Counter()
    for row in rows:
        month = row["month"]
        if isinstance(month, date):
            counts[(date(month.year, month.month, 1), row["channel"])] += row["n"]
    by_channel = {
        value: [counts[(start, value)] for start in starts] for value in ComplaintChannel.values
    }
    return starts, by_channel


def acknowledgement_reminders(*, days: tuple[date, ...]) -> list[Complaint]:
    """Every organization's complaints not yet acknowledged whose acknowledgement is due on
    one of `days` (for the reminder rule; the recipient is the owner)."""
    return list(
        Complaint.objects.filter(
            status=ComplaintStatus.RECEIVED,
            acknowledged_on__isnull=True,
            acknowledgement_due__in=days,
        )
        .select_related("owner", "organization")
        .order_by("id")
    )
