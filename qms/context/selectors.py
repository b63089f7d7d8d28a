"""Reads of the context of the organization."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .choices import ContextStatus
from .models import ContextIssue, InterestedParty


def issue_choices(*, organization: Any) -> QuerySet[ContextIssue]:
    """The current issues of the organization a form may link to, ordered by title."""
    return ContextIssue.objects.filter(
        organization=organization, status=ContextStatus.CURRENT
    ).order_by("title", "id")


def interested_party_choices(*, organization: Any) -> QuerySet[InterestedParty]:
    """The current interested parties of the organization a form may link to, by name."""
    return InterestedParty.objects.filter(
        organization=organization, status=ContextStatus.CURRENT
    ).order_by("name", "id")
