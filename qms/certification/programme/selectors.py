"""Reads of the audit programme: the programme list (with each programme's next due audit in
the same query), a programme with its audits, the certification body's calendar of audits
due, the audits of one auditor (personal calendar feed) and the audits the reminders are
about. Lists cost a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    CharField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from qms.core.dates import add_months

from ..choices import AuditKind, CertAuditStatus, TeamRole
from ..models import Application, AuditTeamMember, CertAudit, CertificationProgramme
from ..permissions import CERTIFICATION_MANAGER
from .planning import OPEN_STATES

CALENDAR_DAYS = 90
CHART_MONTHS = 12


def _next_open_audit(programme: Any) -> QuerySet[CertAudit]:
    queryset: QuerySet[CertAudit] = CertAudit.objects.filter(
        organization_id=OuterRef("organization_id"),
        programme_id=programme,
        status__in=OPEN_STATES,
        due_by__isnull=False,
    ).order_by("due_by", "id")
    return queryset


def programme_list(*, user: Any, organization: Any) -> QuerySet[CertificationProgramme]:
    """The programmes the user may see, each with its next open audit's due-by date and
    kind (`next_due_by`, `next_due_kind`, `next_due_kind_label`): subqueries of the one list
    query, not a query per row."""
    following = _next_open_audit(OuterRef("pk"))
    labels = [
        When(next_due_kind=value, then=Value(str(label))) for value, label in AuditKind.choices
    ]
    queryset: QuerySet[CertificationProgramme] = (
        CertificationProgramme.objects.for_user(user, "view", organization=organization)
        .select_related("client")
        .annotate(
            next_due_by=Subquery(following.values("due_by")[:1]),
            next_due_kind=Subquery(following.values("kind")[:1]),
        )
        .annotate(next_due_kind_label=Case(*labels, default=Value(""), output_field=CharField()))
    )
    return queryset


def programme_detail_queryset(*, user: Any, organization: Any) -> QuerySet[CertificationProgramme]:
    queryset: QuerySet[CertificationProgramme] = (
        CertificationProgramme.objects.for_user(user, "view", organization=organization)
        .select_related("client", "application")
        .prefetch_related("editions__standard", "iaf_codes")
    )
    return queryset


def programme_audits(*, programme: CertificationProgramme) -> list[CertAudit]:
    """The programme's audits in programme order, with their team and sites."""
    return list(
        CertAudit.objects.filter(organization_id=programme.organization_id, programme=programme)
        .select_related("lead_auditor")
        .prefetch_related("team", "sites")
        .order_by("due_by", "start_date", "id")
    )


def application_queryset(*, user: Any, organization: Any) -> QuerySet[Application]:
    """Applications the user may see, with what a new programme is prefilled from."""
    queryset: QuerySet[Application] = (
        Application.objects.for_user(user, "view", organization=organization)
        .select_related("client")
        .prefetch_related("editions", "iaf_codes")
    )
    return queryset


def certaudit_queryset(*, user: Any, organization: Any) -> QuerySet[CertAudit]:
    queryset: QuerySet[CertAudit] = CertAudit.objects.for_user(
        user, "view", organization=organization
    ).select_related("programme__client", "lead_auditor")
    return queryset


def certaudit_detail_queryset(*, user: Any, organization: Any) -> QuerySet[CertAudit]:
    return certaudit_queryset(user=user, organization=organization).prefetch_related(
        "team",
        "sites",
        Prefetch("programme__editions"),
        "programme__iaf_codes",
    )


def audits_of_user_filter(person: Any) -> Q:
    """Audits the person leads or is on the team of."""
    return Q(lead_auditor=person) | Q(team=person)


def filter_due(
    queryset: QuerySet[CertAudit], *, today: dt.date, within: int | None, overdue: bool | None
) -> QuerySet[CertAudit]:
    """Open audits due within `within` days (overdue ones included: their due-by is before
    the end of the period) and/or overdue ones (`overdue`: due-by passed, not done)."""
    if within is not None:
        last = today + dt.timedelta(days=within)
        queryset = queryset.filter(status__in=OPEN_STATES).filter(
            Q(due_by__lte=last) | Q(start_date__gte=today, start_date__lte=last)
        )
    if overdue is True:
        queryset = queryset.filter(status__in=OPEN_STATES, due_by__lt=today)
    elif overdue is False:
        queryset = queryset.exclude(status__in=OPEN_STATES, due_by__lt=today)
    return queryset


def is_overdue(audit: CertAudit, today: dt.date) -> bool:
    return audit.status in OPEN_STATES and audit.due_by is not None and audit.due_by < today


@dataclass
class CalendarWeek:
    """One group of the calendar: a week (Monday) or the overdue audits (`monday` None)."""

    monday: dt.date | None
    audits: list[CertAudit] = field(default_factory=list)

    @property
    def sunday(self) -> dt.date | None:
        return self.monday + dt.timedelta(days=6) if self.monday else None


def calendar_day(audit: CertAudit) -> dt.date:
    """The day an audit stands on in the calendar: its first day once planned, else its
    due-by date."""
    return audit.start_date or audit.due_by or dt.date.max  # the calendar reads dated ones


def calendar_audits(
    *,
    user: Any,
    organization: Any,
    today: dt.date,
    days: int = CALENDAR_DAYS,
    auditor: Any = None,
    edition: Any = None,
) -> list[CertAudit]:
    """Open audits due (or planned to start) in the next `days` days and overdue ones, of
    one auditor (leading or in the team) and/or one standard, by calendar day."""
    queryset = filter_due(
        certaudit_queryset(user=user, organization=organization),
        today=today,
        within=days,
        overdue=None,
    )
    if auditor is not None:
        queryset = queryset.filter(audits_of_user_filter(auditor))
    if edition is not None:
        queryset = queryset.filter(programme__editions=edition)
    if auditor is not None or edition is not None:
        queryset = queryset.distinct()
    audits = list(queryset.order_by("due_by", "start_date", "id"))
    return sorted(audits, key=lambda a: (calendar_day(a), a.pk))


def calendar_weeks(audits: list[CertAudit], *, today: dt.date) -> list[CalendarWeek]:
    """The overdue audits first, then one group per week (Monday to Sunday) of the rest."""
    overdue = CalendarWeek(monday=None)
    weeks: dict[dt.date, CalendarWeek] = {}
    for audit in audits:
        if is_overdue(audit, today):
            overdue.audits.append(audit)
            continue
        day = calendar_day(audit)
        monday = day - dt.timedelta(days=day.weekday())
        weeks.setdefault(monday, CalendarWeek(monday=monday)).audits.append(audit)
    groups = [weeks[key] for key in sorted(weeks)]
    return [overdue, *groups] if overdue.audits else groups


def due_per_month(
    *,
    user: Any,
    organization: Any,
    today: dt.date,
    months: int = CHART_MONTHS,
    auditor: Any = None,
    edition: Any = None,
) -> list[tuple[dt.date, int]]:
    """(first day of the month, open audits due by a day of it) for the next `months`
    months from this one (one query)."""
    first = today.replace(day=1)
    end = add_months(first, months)
    queryset = certaudit_queryset(user=user, organization=organization).filter(
        status__in=OPEN_STATES, due_by__gte=first, due_by__lt=end
    )
    if auditor is not None:
        queryset = queryset.filter(audits_of_user_filter(auditor))
    if edition is not None:
        queryset = queryset.filter(programme__editions=edition)
    # (pk, due_by) pairs, distinct: the team filter joins one row per team member.
    pairs = queryset.values_list("pk", "due_by").distinct()
    counts = Counter(day.replace(day=1) for _pk, day in pairs if day is not None)
    return [(add_months(first, n), counts.get(add_months(first, n), 0)) for n in range(months)]


def calendar_auditors(*, organization: Any) -> QuerySet[Any]:
    """The people who lead or are on the team of any of the organization's audits (the
    calendar's auditor filter)."""
    from qms.accounts.models import User

    leads = CertAudit.objects.filter(organization=organization).values("lead_auditor_id")
    team = CertAudit.team.through.objects.filter(certaudit__organization=organization).values(
        "user_id"
    )
    return User.objects.filter(Q(pk__in=leads) | Q(pk__in=team)).order_by("full_name", "email")


def programme_editions(*, organization: Any) -> QuerySet[Any]:
    """The standards (editions) of the organization's programmes (the standard filter)."""
    from qms.standards.models import StandardEdition

    used = CertificationProgramme.editions.through.objects.filter(
        certificationprogramme__organization=organization
    ).values("standardedition_id")
    return (
        StandardEdition.objects.filter(pk__in=used)
        .select_related("standard")
        .order_by("standard__code", "edition")
    )


# --- Without a request: personal calendar feed and reminders ------------------------------


def audits_of_user(*, user: Any) -> list[CertAudit]:
    """Audits (not cancelled) the user leads or is on the team of, in every organization
    they belong to (the personal calendar feed)."""
    from qms.accounts.models import Membership

    member_of = Membership.objects.filter(user_id=user.pk).values("organization_id")
    return list(
        CertAudit.objects.filter(audits_of_user_filter(user), organization_id__in=member_of)
        .exclude(status=CertAuditStatus.CANCELLED)
        .select_related("programme__client", "organization")
        .distinct()
        .order_by("start_date", "due_by", "id")
    )


def unplanned_due_within(*, today: dt.date, days: int) -> list[CertAudit]:
    """Open audits not planned yet (no first day) whose due-by falls within `days` days from
    today, in every organization (reminder rule)."""
    return list(
        CertAudit.objects.filter(
            status__in=OPEN_STATES,
            start_date__isnull=True,
            due_by__gte=today,
            due_by__lte=today + dt.timedelta(days=days),
        )
        .select_related("programme__client", "organization")
        .order_by("due_by", "id")
    )


def overdue_audits(*, today: dt.date) -> list[CertAudit]:
    """Open audits whose due-by has passed, in every organization (reminder rule)."""
    return list(
        CertAudit.objects.filter(status__in=OPEN_STATES, due_by__lt=today)
        .select_related("programme__client", "organization")
        .order_by("due_by", "id")
    )


def certification_managers(*, organization_ids: set[int]) -> dict[int, list[Any]]:
    """organization id → its active certification managers (one query)."""
    from qms.accounts.models import Membership
    from qms.accounts.selectors import holding_roles

    found: dict[int, list[Any]] = {}
    rows = (
        Membership.objects.filter(organization_id__in=organization_ids)
        .filter(holding_roles([CERTIFICATION_MANAGER]))
        .select_related("user")
        .order_by("user__email")
    )
    for membership in rows:
        found.setdefault(membership.organization_id, []).append(membership.user)
    return found


def team_members_of(audit: CertAudit) -> tuple[int | None, set[int]] | None:
    """The lead auditor and the rest of the team (ids of people) of an audit whose team is
    kept as members on its workspace; None while it has none (the planning form sets them).
    """
    rows = list(
        AuditTeamMember.objects.filter(organization_id=audit.organization_id, audit=audit)
        .order_by("id")
        .values_list("person_id", "role")
    )
    if not rows:
        return None
    lead = next((person for person, role in rows if role == TeamRole.LEAD_AUDITOR), None)
    return lead, {person for person, role in rows if role != TeamRole.LEAD_AUDITOR}
