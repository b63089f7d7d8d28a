"""Reads of the context of the organization."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from qms.standards.models import ClauseApplicability

from .choices import ContextStatus, IssueOrigin, RequirementStatus
from .models import (
    ClimateDecision,
    ContextIssue,
    InterestedParty,
    InterestedPartyRequirement,
    QmsScope,
)


def issue_choices(*, organization: Any) -> QuerySet[ContextIssue]:
    """The current issues of the organization a form may link to, ordered by title."""
    return (
        ContextIssue.objects.for_organization(organization)
        .filter(status=ContextStatus.CURRENT)
        .order_by("title", "id")
    )


def interested_party_choices(*, organization: Any) -> QuerySet[InterestedParty]:
    """The current interested parties of the organization a form may link to, by name."""
    return (
        InterestedParty.objects.for_organization(organization)
        .filter(status=ContextStatus.CURRENT)
        .order_by("name", "id")
    )


# --- The context overview ---------------------------------------------------------------------


@dataclass(frozen=True)
class Exclusion:
    """A clause of an adopted standard marked not applicable (the standards library's mark:
    the one source of truth for exclusions)."""

    applicability: ClauseApplicability
    clause: Any
    edition: Any
    justification: str

    @property
    def justified(self) -> bool:
        return bool(self.justification.strip())


def latest_climate_decision(*, organization: Any) -> ClimateDecision | None:
    """The current decision on climate change: the newest one (None before any)."""
    return (
        ClimateDecision.objects.for_organization(organization)
        .select_related("decided_by")
        .order_by("-decided_on", "-id")
        .first()
    )


def scope_of(*, organization: Any) -> QmsScope | None:
    return (
        QmsScope.objects.for_organization(organization)
        .select_related("document__current_revision")
        .prefetch_related("sites")
        .first()
    )


def exclusions(*, organization: Any) -> list[Exclusion]:
    """The clauses of the organization's adopted standards marked not applicable, with their
    justifications, in clause order (one query)."""
    from qms.standards.selectors import adopted_edition_ids

    editions = adopted_edition_ids(organization=organization)
    rows = (
        ClauseApplicability.objects.for_organization(organization)
        .filter(applicable=False, clause__edition_id__in=editions)
        .select_related("clause__edition__standard")
        .order_by("clause__edition_id", "clause__sort_key", "clause__number")
    )
    return [
        Exclusion(
            applicability=row,
            clause=row.clause,
            edition=row.clause.edition,
            justification=row.justification or "",
        )
        for row in rows
    ]


def issues_for_overview(*, organization: Any) -> QuerySet[ContextIssue]:
    return (
        ContextIssue.objects.for_organization(organization)
        .filter(status=ContextStatus.CURRENT)
        .select_related("owner")
        .order_by("origin", "category", "title", "id")
    )


def parties_with_requirements(*, organization: Any) -> QuerySet[InterestedParty]:
    """Current parties with their requirements (two queries)."""
    requirements = InterestedPartyRequirement.objects.for_organization(organization).exclude(
        status=RequirementStatus.RETIRED
    )
    return (
        InterestedParty.objects.for_organization(organization)
        .filter(status=ContextStatus.CURRENT)
        .select_related("owner")
        .prefetch_related(Prefetch("requirements", queryset=requirements.order_by("id")))
        .order_by("name", "id")
    )


def review_due_q(*, limit: date) -> Q:
    """The one test of "review due" for issues and parties: current, with the next review on
    or before `limit` (the overview, the list filter and the reminders all use it)."""
    return Q(status=ContextStatus.CURRENT, next_review_on__lte=limit)


def reviews_due(*, organization: Any, today: date, within_days: int) -> list[Any]:
    """Current issues and parties whose review is due within `within_days` (two queries)."""
    due_q = review_due_q(limit=today + timedelta(days=within_days))
    due: list[Any] = []
    for model in (ContextIssue, InterestedParty):
        due += list(
            model.objects.for_organization(organization)
            .filter(due_q)
            .order_by("next_review_on", "id")
        )
    return sorted(due, key=lambda obj: obj.next_review_on)


def counts(*, organization: Any) -> dict[str, int]:
    """How many current issues (internal, external, climate related) and parties."""
    issues = ContextIssue.objects.for_organization(organization).filter(
        status=ContextStatus.CURRENT
    )
    by_issue = issues.aggregate(
        total=Count("id"),
        internal=Count("id", filter=Q(origin=IssueOrigin.INTERNAL)),
        external=Count("id", filter=Q(origin=IssueOrigin.EXTERNAL)),
        climate=Count("id", filter=Q(climate_related=True)),
    )
    parties = (
        InterestedParty.objects.for_organization(organization)
        .filter(status=ContextStatus.CURRENT)
        .count()
    )
    return {**{k: int(v or 0) for k, v in by_issue.items()}, "parties": parties}


def review_reminders(*, limit: date) -> list[Any]:
    """Every organization's current issues and parties with an owner whose review falls on
    or before `limit` (for the reminder rule; two queries)."""
    rows: list[Any] = []
    for model in (ContextIssue, InterestedParty):
        rows += list(
            model.objects.filter(review_due_q(limit=limit), owner__isnull=False)
            .select_related("owner", "organization")
            .order_by("id")
        )
    return rows


def review_dates_of_user(*, user: Any) -> list[Any]:
    """The current issues and parties `user` owns in the organizations they belong to, with
    a next review date (the calendar feed; two queries)."""
    rows: list[Any] = []
    for model in (ContextIssue, InterestedParty):
        rows += list(
            model.objects.filter(
                owner=user,
                status=ContextStatus.CURRENT,
                next_review_on__isnull=False,
                organization_id__in=user.memberships.values("organization_id"),
            )
            .select_related("organization")
            .order_by("next_review_on", "id")
        )
    return rows
