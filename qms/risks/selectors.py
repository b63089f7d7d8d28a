"""Reads for the risk register."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .choices import RiskKind, RiskStatus
from .models import Risk


def risk_list(*, user: Any, organization: Any) -> QuerySet[Risk]:
    return Risk.objects.for_user(user, "view", organization=organization).select_related("owner")


def risk_get(*, user: Any, organization: Any, pk: Any) -> Risk:
    """One entry the user may view (DoesNotExist otherwise: a 404)."""
    return risk_list(user=user, organization=organization).get(pk=pk)


def risk_choices(*, organization: Any) -> QuerySet[Risk]:
    """The entries a nonconformity may point at: risks (not opportunities), not closed,
    ordered by number."""
    return (
        Risk.objects.for_organization(organization)
        .filter(kind=RiskKind.RISK)
        .exclude(status=RiskStatus.CLOSED)
        .order_by("number")
    )
