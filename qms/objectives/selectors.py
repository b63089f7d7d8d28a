"""Reads of quality objectives: the latest measurement and the performance status of many
objectives in one query, the measurements of one, the home card's counts."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import DateField, DecimalField, OuterRef, QuerySet, Subquery

from . import rules
from .choices import ObjectiveStatus, Performance
from .models import Measurement, QualityObjective


def with_latest(queryset: QuerySet[QualityObjective]) -> QuerySet[QualityObjective]:
    """Annotate `latest_value` and `latest_period` (the latest measurement not voided)."""
    latest = Measurement.objects.filter(objective=OuterRef("pk"), voided=False).order_by("-period")
    return queryset.annotate(
        latest_value=Subquery(
            latest.values("value")[:1],
            output_field=DecimalField(max_digits=14, decimal_places=4),
        ),
        latest_period=Subquery(latest.values("period")[:1], output_field=DateField()),
    )


def performance_of(objective: Any, *, today: date) -> str:
    """The performance status of an objective annotated by `with_latest` (or not: then its
    latest measurement is read)."""
    if not hasattr(objective, "latest_value"):
        latest = (
            Measurement.objects.for_organization(objective.organization_id)
            .filter(objective=objective, voided=False)
            .order_by("-period")
            .values("value", "period")
            .first()
        )
        objective.latest_value = latest["value"] if latest else None
        objective.latest_period = latest["period"] if latest else None
    return rules.performance(
        latest_value=objective.latest_value,
        latest_period=objective.latest_period,
        baseline=objective.baseline,
        target=objective.target,
        direction=objective.direction,
        start=objective.start_date,
        due=objective.due_date,
        tolerance=objective.tolerance,
        tolerance_kind=objective.tolerance_kind,
        today=today,
    )


def objective_list(*, user: Any, organization: Any) -> QuerySet[QualityObjective]:
    return with_latest(
        QualityObjective.objects.for_user(user, "view", organization=organization)
        .select_related("owner", "policy")
        .order_by("number", "id")
    )


def filter_performance(
    queryset: QuerySet[QualityObjective], value: str, *, today: date
) -> QuerySet[QualityObjective]:
    """The objectives whose computed performance status is `value` (one extra query)."""
    ids = [
        obj.pk for obj in with_latest(queryset.all()) if performance_of(obj, today=today) == value
    ]
    return queryset.filter(pk__in=ids)


def performance_counts(*, user: Any, organization: Any, today: date) -> dict[str, int]:
    """How many active objectives are on track, at risk, missed or without data."""
    queryset = objective_list(user=user, organization=organization).filter(
        status=ObjectiveStatus.ACTIVE
    )
    counts = Counter(performance_of(obj, today=today) for obj in queryset)
    return {value: counts.get(value, 0) for value in Performance.values}


def measurements_of(*, objective: QualityObjective) -> QuerySet[Measurement]:
    return (
        Measurement.objects.for_organization(objective.organization_id)
        .filter(objective=objective)
        .select_related("recorded_by")
        .order_by("period")
    )


def chart_points(
    *, objective: QualityObjective, measurements: list[Measurement]
) -> tuple[list[str], list[Decimal | None], list[Decimal | None]]:
    """Labels, values and the expected path of the objective's chart (one point a period)."""
    by_period = {m.period: m.value for m in measurements if not m.voided}
    labels: list[str] = []
    values: list[Decimal | None] = []
    expected: list[Decimal | None] = []
    for start in rules.periods(
        start=objective.start_date, end=objective.due_date, frequency=objective.frequency
    ):
        labels.append(start.strftime("%b %Y"))
        values.append(by_period.get(start))
        expected.append(
            rules.expected_value(
                baseline=objective.baseline,
                target=objective.target,
                start=objective.start_date,
                due=objective.due_date,
                on=start,
            )
        )
    return labels, values, expected


def valid_measurement_count(*, objective: QualityObjective) -> int:
    """How many measurements of the objective are not voided."""
    return (
        Measurement.objects.for_organization(objective.organization_id)
        .filter(objective=objective, voided=False)
        .count()
    )


def measurements_of_many(*, objectives: list[QualityObjective]) -> dict[int, list[Measurement]]:
    """The measurements of several objectives (one query), by objective id, by period."""
    found: dict[int, list[Measurement]] = {obj.pk: [] for obj in objectives}
    if not objectives:
        return found
    organization_id = objectives[0].organization_id
    rows = (
        Measurement.objects.for_organization(organization_id)
        .filter(objective__in=[obj.pk for obj in objectives])
        .select_related("recorded_by")
    )
    for m in rows.order_by("period"):
        found[m.objective_id].append(m)
    return found
