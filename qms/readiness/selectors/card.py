"""The figures of the home dashboard card (percentage, blocking gaps, clauses lacking
evidence), kept a few minutes per organization.

Computing the whole report costs 20 to 35 queries and 40 to 90 ms with the demo data, too
much for every home page load. The card shows when its figures were computed; the report
page is always computed live and, like saving a snapshot, refreshes the card's figures.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from .report import ReadinessReport, readiness_report

CARD_SECONDS = 300


def _key(organization: Any) -> str:
    # the creation time tells apart organizations that reuse a primary key (test databases)
    return f"readiness:card:{organization.pk}:{organization.created_at.timestamp()}"


def remember_card(report: ReadinessReport) -> dict[str, Any]:
    """Keep the card's figures of a report just computed (the report page, a snapshot)."""
    figures = {
        "percentage": report.percentage,
        "blocking": len(report.blocking),
        "lacking": len(report.lacking),
        "computed_at": timezone.now(),
        "minutes": CARD_SECONDS // 60,
    }
    cache.set(_key(report.organization), figures, CARD_SECONDS)
    return figures


def card_figures(*, organization: Any, today: date) -> dict[str, Any]:
    """The card's figures: kept ones if computed in the last CARD_SECONDS, else computed now."""
    figures = cache.get(_key(organization))
    if figures is None:
        figures = remember_card(readiness_report(organization=organization, today=today))
    return dict(figures)
