"""Reads of a certification audit's work (a fixed number of queries, whatever the rows).

Public contract (other areas build on it):

- `team_person_ids(audit_ids) -> set[int]`: every person ever on the team of those audits
  (members now, members removed since, and anyone the programme's planning named as lead
  auditor or team), for the decision's independence rule.
- `findings_of(audits) -> QuerySet[CertFinding]`: the findings of those audits in order.
- `plan_of(audit)`, `plan_issues(plan)`, `members_of(audit)`, `checklist_of(audit)`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from qms.core.audit import AuditEvent

from ..models import (
    AuditPlan,
    AuditPlanIssue,
    AuditPlanSlot,
    AuditTeamMember,
    CertAudit,
    CertChecklistItem,
    CertFinding,
    ClientContact,
    ClientSite,
)
from . import events

# Events on a CertAudit that name its lead auditor and team (before and after).
_TEAM_EVENTS = (
    events.AUDIT_TEAM_CHANGED.name,
    "certification.cert_audit_planned",
    "certification.cert_audit_added",
)


def _ids(items: Iterable[Any]) -> list[int]:
    return [item if isinstance(item, int) else item.pk for item in items]


def _people(value: Any) -> set[int]:
    if isinstance(value, int) and not isinstance(value, bool):
        return {value}
    if isinstance(value, list):
        return {item for item in value if isinstance(item, int) and not isinstance(item, bool)}
    return set()


def team_person_ids(audit_ids: Iterable[int | CertAudit]) -> set[int]:
    """Every person who is or was on the team of these audits (three queries): members
    now; the lead auditor and team on the audit rows now; and every lead auditor and team
    member that an audit event on those audits shows before or after a change (removed
    members, re-planned teams)."""
    ids = list(dict.fromkeys(_ids(audit_ids)))
    if not ids:
        return set()
    found = set(
        AuditTeamMember.objects.filter(audit_id__in=ids).values_list("person_id", flat=True)
    )
    for lead, member in CertAudit.objects.filter(pk__in=ids).values_list("lead_auditor_id", "team"):
        found |= {person for person in (lead, member) if person is not None}
    changes = AuditEvent.objects.filter(
        subject_type=CertAudit._meta.label_lower,
        subject_id__in=[str(pk) for pk in ids],
        event_type__in=_TEAM_EVENTS,
    ).values_list("before", "after")
    for before, after in changes:
        for side in (before, after):
            if isinstance(side, dict):
                found |= _people(side.get("lead_auditor")) | _people(side.get("team"))
    return found


def findings_of(audits: Iterable[int | CertAudit]) -> QuerySet[CertFinding]:
    """The findings of these audits, by audit then number, with what a list shows."""
    ids = _ids(audits)
    organizations = list(
        CertAudit.objects.filter(pk__in=ids).values_list("organization_id", flat=True).distinct()
    )
    return (
        CertFinding.objects.filter(organization_id__in=organizations, audit_id__in=ids)
        .select_related("clause__edition__standard", "site", "audit", "raised_by")
        .order_by("audit_id", "id")
    )


def members_of(audit: CertAudit) -> list[AuditTeamMember]:
    """The audit's team, lead auditor first (one query)."""
    order = {role: index for index, role in enumerate(rules_roles())}
    members = list(
        AuditTeamMember.objects.filter(organization_id=audit.organization_id, audit=audit)
        .select_related("person")
        .order_by("id")
    )
    return sorted(members, key=lambda m: (order.get(m.role, 9), m.pk))


def rules_roles() -> list[str]:
    from ..choices import TeamRole

    return [str(value) for value in TeamRole.values]


def plan_of(audit: CertAudit) -> AuditPlan | None:
    """The audit's plan with its slots (their sites, clauses and auditors), or None."""
    slots = AuditPlanSlot.objects.select_related("site", "auditor").prefetch_related(
        "clauses__edition__standard"
    )
    plan: AuditPlan | None = (
        AuditPlan.objects.filter(organization_id=audit.organization_id, audit=audit)
        .prefetch_related(Prefetch("slots", queryset=slots))
        .first()
    )
    return plan


def plan_issues(plan: AuditPlan) -> list[AuditPlanIssue]:
    """The versions sent, newest first, with who sent them."""
    return list(
        AuditPlanIssue.objects.filter(organization_id=plan.organization_id, plan=plan)
        .select_related("sent_by")
        .order_by("-version")
    )


def checklist_of(audit: CertAudit) -> list[CertChecklistItem]:
    """The checklist in clause order with its findings counted (one query)."""
    return list(
        CertChecklistItem.objects.filter(organization_id=audit.organization_id, audit=audit)
        .select_related("clause__edition__standard", "site", "checked_by")
        .annotate(finding_count=Count("findings"))
        .order_by("clause__edition_id", "clause__sort_key", "id")
    )


def checklist_summary(items: Iterable[CertChecklistItem]) -> dict[str, int]:
    """How many items carry each result ("" for not checked yet)."""
    summary: dict[str, int] = {}
    for item in items:
        summary[item.result] = summary.get(item.result, 0) + 1
    return summary


def audit_sites(audit: CertAudit) -> QuerySet[ClientSite]:
    """The sites the audit samples (its own list), else every site of the client."""
    chosen = ClientSite.objects.filter(
        organization_id=audit.organization_id, pk__in=audit.sites.values("pk")
    )
    if chosen.exists():
        return chosen.order_by("-is_central_function", "name", "id")
    return ClientSite.objects.filter(
        organization_id=audit.organization_id, client_id=audit.programme.client_id
    ).order_by("-is_central_function", "name", "id")


def client_recipients(audit: CertAudit) -> list[str]:
    """The e-mail addresses of the client's contacts (main contact first)."""
    emails = ClientContact.objects.filter(
        organization_id=audit.organization_id, client_id=audit.programme.client_id
    ).exclude(Q(email="") | Q(email__isnull=True))
    return list(
        dict.fromkeys(emails.order_by("-is_primary", "name", "id").values_list("email", flat=True))
    )


def programme_clauses(audit: CertAudit) -> QuerySet[Any]:
    """Every clause of the programme's standards, in order (the plan's and findings'
    choices)."""
    from qms.standards.models import Clause

    return (
        Clause.objects.filter(edition__in=audit.programme.editions.all())
        .select_related("edition__standard")
        .order_by("edition_id", "sort_key", "id")
    )
