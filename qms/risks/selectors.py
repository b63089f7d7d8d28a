"""Reads for the risk register."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from . import rules
from .choices import OPEN_STATES, RiskKind, RiskStatus
from .models import Risk, RiskAssessment, RiskReviewPrompt


def risk_list(*, user: Any, organization: Any) -> QuerySet[Risk]:
    return Risk.objects.for_user(user, "view", organization=organization).select_related("owner")


def risk_choices(*, organization: Any) -> QuerySet[Risk]:
    """The entries a nonconformity may point at: risks (not opportunities), not closed,
    ordered by number."""
    return (
        Risk.objects.for_organization(organization)
        .filter(kind=RiskKind.RISK)
        .exclude(status=RiskStatus.CLOSED)
        .order_by("number")
    )


def risks_review_due(*, first: date, last: date) -> list[Risk]:
    """Open entries whose next review falls between `first` and `last` (reminder rule)."""
    return list(
        Risk._base_manager.filter(
            status__in=OPEN_STATES, next_review_on__gte=first, next_review_on__lte=last
        ).select_related("owner", "organization")
    )


def review_overdue_q(today: date) -> Q:
    """Open entries whose next review date has passed (rules.review_overdue as a query)."""
    return Q(status__in=OPEN_STATES, next_review_on__lt=today)


def risks_review_overdue(*, today: date) -> list[Risk]:
    return list(
        Risk._base_manager.filter(review_overdue_q(today)).select_related("owner", "organization")
    )


def reviews_of_user(*, user: Any) -> list[Risk]:
    """Open entries the user owns, with a next review date (calendar feed)."""
    return list(
        Risk._base_manager.filter(
            owner_id=user.pk, status__in=OPEN_STATES, next_review_on__isnull=False
        ).select_related("organization")
    )


def open_prompts(*, risk: Risk) -> list[RiskReviewPrompt]:
    return list(risk.review_prompts.filter(resolved_on__isnull=True).order_by("prompted_on"))


def heat_counts(queryset: QuerySet[Risk], *, which: str) -> dict[tuple[int, int], int]:
    """(likelihood, consequence) -> number of open risks in that cell (one query)."""
    lik, con = f"{which}_likelihood", f"{which}_consequence"
    rows = (
        queryset.filter(kind=RiskKind.RISK, status__in=OPEN_STATES)
        .exclude(**{f"{lik}__isnull": True})
        .exclude(**{f"{con}__isnull": True})
        .order_by()
        .values_list(lik, con)
        .annotate(n=Count("id"))
    )
    return {(int(a), int(b)): int(n) for a, b, n in rows}


def high_risks_per_quarter(
    *, organization: Any, bands: Any, today: date, count: int = 8
) -> tuple[list[date], list[int]]:
    """Open risks rated high or above at each of the last `count` quarter ends, from the
    assessment history (two queries)."""
    ends = rules.quarter_ends(today, count)
    entries = {
        pk: (created.date(), closed)
        for pk, created, closed in Risk.objects.for_organization(organization)
        .filter(kind=RiskKind.RISK)
        .values_list("id", "created_at", "closed_on")
    }
    assessments = (
        RiskAssessment.objects.filter(
            organization_id=getattr(organization, "pk", organization),
            risk__kind=RiskKind.RISK,
            assessed_on__lte=ends[-1],
        )
        .order_by()
        .values_list("risk_id", "assessed_on", "inherent_band")
    )
    recorded = dict(entries)
    earliest: dict[int, date] = {}
    rows = list(assessments)
    for risk_id, on, _band in rows:
        earliest[risk_id] = min(earliest.get(risk_id, on), on)
    for pk, (created, closed) in list(recorded.items()):
        # A backdated first assessment counts as the date the risk was identified.
        recorded[pk] = (min(created, earliest.get(pk, created)), closed)
    counts = rules.high_per_quarter(ends=ends, entries=recorded, assessments=rows, bands=bands)
    return ends, counts


def home_counts(*, user: Any, organization: Any, today: date) -> dict[str, int]:
    """High-or-above open risks and overdue reviews (one query)."""
    from .services import matrix_for

    bands = matrix_for(organization).bands
    floor = rules.band_rank("high", bands)
    high_keys = [b["key"] for b in bands if rules.band_rank(str(b["key"]), bands) >= floor >= 0]
    result = (
        risk_list(user=user, organization=organization)
        .filter(status__in=OPEN_STATES)
        .aggregate(
            high=Count("id", filter=Q(kind=RiskKind.RISK, inherent_band__in=high_keys)),
            overdue=Count("id", filter=review_overdue_q(today)),
        )
    )
    return {"high": result["high"] or 0, "overdue": result["overdue"] or 0}
