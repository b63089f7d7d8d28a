"""Reads for organizations, sites and processes."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Process, Site


def site_list(*, user: Any, organization: Any) -> QuerySet[Site]:
    return Site.objects.for_user(user, "view", organization=organization)


def process_list(*, user: Any, organization: Any) -> QuerySet[Process]:
    return Process.objects.for_user(user, "view", organization=organization).select_related(
        "owner", "site"
    )


def organization_summary(*, user: Any, organization: Any) -> dict[str, int]:
    """Counts for the dashboard card: one query per count, indexed by organization."""
    return {
        "sites": site_list(user=user, organization=organization).count(),
        "processes": process_list(user=user, organization=organization).count(),
    }
