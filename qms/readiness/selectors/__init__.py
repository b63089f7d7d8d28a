"""Reads of the readiness app. The contract other modules code against:

readiness_report(organization=org, today=date) -> ReadinessReport
register_evidence_state("app.model", fn)  # is a linked record in force?
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ..models import ReadinessSnapshot
from .report import (
    ClauseGroup,
    ClauseLine,
    EditionReport,
    EvidenceRef,
    Gap,
    ReadinessReport,
    readiness_report,
)
from .states import register_evidence_state

__all__ = [
    "ClauseGroup",
    "ClauseLine",
    "EditionReport",
    "EvidenceRef",
    "Gap",
    "ReadinessReport",
    "readiness_report",
    "register_evidence_state",
    "snapshot_history",
    "snapshot_list",
]


def snapshot_list(*, user: Any, organization: Any) -> QuerySet[ReadinessSnapshot]:
    return ReadinessSnapshot.objects.for_user(
        user, "view", organization=organization
    ).select_related("taken_by")


def snapshot_history(*, organization: Any, limit: int = 24) -> list[tuple[str, float]]:
    """(date, percentage) of the latest snapshots, oldest first, for the history chart."""
    rows = list(
        ReadinessSnapshot.objects.for_organization(organization)
        .order_by("-taken_at", "-id")
        .values_list("taken_at", "percentage")[:limit]
    )
    return [(taken_at.date().isoformat(), float(pct)) for taken_at, pct in reversed(rows)]
