"""Reads of external access: grants and their scope, the access log, evidence requests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from qms.core.audit import AuditEvent

from . import events, rules
from .choices import GrantState, GrantStatus, RequestStatus
from .models import AccessGrant, EvidenceRequest
from .records import Scope


def grant_list(*, user: Any, organization: Any) -> QuerySet[AccessGrant]:
    queryset: QuerySet[AccessGrant] = AccessGrant.objects.for_user(
        user, "view", organization=organization
    )
    return queryset.select_related("grantee", "granted_by").annotate(
        open_requests=Count("requests", filter=Q(requests__status=RequestStatus.OPEN))
    )


def state_of(grant: AccessGrant, *, now: datetime) -> str:
    return rules.grant_state(
        status=grant.status, starts_at=grant.starts_at, ends_at=grant.ends_at, now=now
    )


def open_grants_of(*, user: Any, now: datetime) -> list[AccessGrant]:
    """The grants that open the portal to `user` at `now` (any organization)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        AccessGrant.objects.filter(
            grantee_id=user.pk,
            status=GrantStatus.ACTIVE,
            starts_at__lte=now,
            ends_at__gt=now,
            organization__isnull=False,
        )
        .select_related("organization")
        .order_by("ends_at", "id")
    )


def has_any_grant(*, user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return AccessGrant.objects.filter(grantee_id=user.pk, organization__isnull=False).exists()


def outside_home(user: Any) -> str | None:
    """The portal, for a person given external access (the accounts middleware sends such a
    person, when they are no member of any organization, there instead of to org pages)."""
    from django.urls import reverse

    return reverse("external:home") if has_any_grant(user=user) else None


def open_grant_for(*, user: Any, pk: Any, now: datetime) -> AccessGrant:
    """The grant `pk` of `user` when it is open at `now`; else 404 (not started, ended,
    revoked, someone else's: all look the same from outside)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    try:
        number = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    grant: AccessGrant | None = (
        AccessGrant.objects.filter(pk=number, grantee_id=user.pk, organization__isnull=False)
        .select_related("organization")
        .prefetch_related("editions")
        .first()
    )
    if grant is None or state_of(grant, now=now) != GrantState.OPEN:
        raise Http404
    return grant


def scope_of(grant: AccessGrant) -> Scope:
    clause_ids = frozenset(grant.clauses.values_list("pk", flat=True))
    process_ids = frozenset(grant.processes.values_list("pk", flat=True))
    return Scope(
        organization_id=grant.organization_id,
        edition_ids=frozenset(e.pk for e in grant.editions.all()),
        clause_ids=clause_ids or None,
        process_ids=process_ids or None,
        record_types=frozenset(grant.record_types or ()),
        label=str(grant),
    )


def _log_events(grant: AccessGrant) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        organization_id=grant.organization_id,
        event_type__in=(events.PAGE_VIEWED.name, events.PAGE_DENIED.name),
        subject_type=AccessGrant._meta.label_lower,
        subject_id=str(grant.pk),
    )


def access_log(*, grant: AccessGrant, limit: int = 200) -> QuerySet[AuditEvent]:
    """The pages the external person opened (or was refused) through this grant, newest
    first; the latest `limit` (`access_log_count` tells how many there are in all)."""
    return _log_events(grant).order_by("-id")[:limit]


def access_log_count(*, grant: AccessGrant) -> int:
    return _log_events(grant).count()


def request_list(*, user: Any, organization: Any) -> QuerySet[EvidenceRequest]:
    queryset: QuerySet[EvidenceRequest] = EvidenceRequest.objects.for_user(
        user, "view", organization=organization
    )
    return queryset.select_related("grant", "owner", "requested_by", "answered_by")


def requests_of_grant(*, grant: AccessGrant) -> QuerySet[EvidenceRequest]:
    return (
        EvidenceRequest.objects.filter(organization_id=grant.organization_id, grant=grant)
        .select_related("owner", "requested_by", "answered_by")
        .order_by("-number", "-id")
    )


def request_of_grant(*, grant: AccessGrant, pk: Any) -> EvidenceRequest:
    try:
        number = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    found = requests_of_grant(grant=grant).filter(pk=number).first()
    if found is None:
        raise Http404
    return found


def overdue_requests_q(*, today: date) -> Q:
    return Q(status=RequestStatus.OPEN, due_date__lt=today)


def request_counts(*, organization: Any, today: date, now: datetime) -> dict[str, int]:
    """The home card's figures: open and overdue evidence requests, grants open now (two
    queries)."""
    counts = EvidenceRequest.objects.filter(
        organization=organization, status=RequestStatus.OPEN
    ).aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(due_date__lt=today)),
    )
    grants = AccessGrant.objects.filter(
        organization=organization, status=GrantStatus.ACTIVE, starts_at__lte=now, ends_at__gt=now
    ).count()
    return {"open": counts["open"] or 0, "overdue": counts["overdue"] or 0, "grants": grants}
