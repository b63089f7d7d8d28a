"""Reads of the client portal. Everything a portal user sees starts from their ACTIVE
portal accesses: another client's audit, finding or certificate (of this body or another),
or one of a revoked access, is not found (404), whatever its number."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from qms.accounts.models import User
from qms.nonconformities.models import Nonconformity

from ..choices import (
    CertAuditStatus,
    CertificateStatus,
    FindingGrade,
    FindingStatus,
    PlanStatus,
    PortalAccessStatus,
)
from ..models import (
    AuditPlanIssue,
    CertAudit,
    CertFinding,
    Certificate,
    Client,
    FindingResponse,
    PortalAccess,
)
from ..permissions import CERTIFICATION_MANAGER


def _pk(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _accesses(user: Any) -> QuerySet[PortalAccess]:
    if not getattr(user, "is_authenticated", False):
        return PortalAccess.objects.none()
    return PortalAccess.objects.filter(user_id=user.pk, status=PortalAccessStatus.ACTIVE)


def portal_accesses_of(user: Any) -> list[PortalAccess]:
    """The user's active portal accesses, with their clients and bodies. (The portal's
    reads span bodies: they are narrowed to the person's accesses, not to an organization,
    and are evaluated here, never handed on as querysets.)"""
    return list(
        _accesses(user)
        .select_related("client", "organization")
        .order_by("client__legal_name", "id")
    )


def portal_clients_of(user: Any) -> list[Client]:
    """The clients the user has an active portal access for (usually one)."""
    return [access.client for access in portal_accesses_of(user)]


def portal_client_ids(user: Any) -> set[int]:
    return set(_accesses(user).values_list("client_id", flat=True))


def has_any_portal_access(user: Any) -> bool:
    """Whether the user was ever given portal access (active or not): such a person, when
    no member of any organization, belongs on /portal/."""
    if not getattr(user, "is_authenticated", False):
        return False
    return PortalAccess.objects.filter(user_id=user.pk).exists()


def _audits(user: Any) -> QuerySet[CertAudit]:
    return (
        CertAudit.objects.filter(programme__client_id__in=portal_client_ids(user))
        .exclude(status=CertAuditStatus.CANCELLED)
        .select_related("programme__client", "lead_auditor")
        .order_by("-start_date", "-due_by", "-id")
    )


def portal_audits(user: Any) -> list[CertAudit]:
    """The audits of the user's clients (cancelled ones left out), newest first."""
    return list(_audits(user))


def portal_audit_get(user: Any, pk: Any) -> CertAudit:
    audit = _audits(user).filter(pk=_pk(pk)).first()
    if audit is None:
        raise Http404
    return audit


def _finding_queryset() -> QuerySet[CertFinding]:
    return CertFinding.objects.select_related(
        "clause__edition__standard", "site", "audit__programme__client"
    ).prefetch_related(
        Prefetch(
            "responses",
            queryset=FindingResponse.objects.select_related("submitted_by", "reviewed_by"),
        )
    )


def _findings(user: Any, *, audit: CertAudit | None = None) -> QuerySet[CertFinding]:
    found = (
        _finding_queryset()
        .filter(audit__programme__client_id__in=portal_client_ids(user))
        .exclude(audit__status=CertAuditStatus.CANCELLED)
    )
    if audit is not None:
        found = found.filter(audit=audit)
    return found.order_by("audit_id", "id")


def portal_findings(user: Any, *, audit: CertAudit | None = None) -> list[CertFinding]:
    """Findings of the user's clients' audits (of one audit when given)."""
    return list(_findings(user, audit=audit))


def portal_finding_get(user: Any, pk: Any) -> CertFinding:
    finding = _findings(user).filter(pk=_pk(pk)).first()
    if finding is None:
        raise Http404
    return finding


def portal_open_findings(user: Any) -> list[CertFinding]:
    """What the client owes: majors and minors awaiting its response."""
    return list(_findings(user).filter(status=FindingStatus.OPEN))


def latest_plan_issue(audit: CertAudit) -> AuditPlanIssue | None:
    """The plan as last sent to the client (None while it was never sent)."""
    return (
        AuditPlanIssue.objects.filter(plan__audit=audit, organization_id=audit.organization_id)
        .select_related("sent_by")
        .order_by("-version")
        .first()
    )


def plan_sent(audit: CertAudit) -> bool:
    plan = getattr(audit, "plan", None)
    return plan is not None and plan.status == PlanStatus.SENT


def _certificates(user: Any) -> QuerySet[Certificate]:
    return (
        Certificate.objects.filter(client_id__in=portal_client_ids(user))
        .exclude(status=CertificateStatus.DRAFT)
        .select_related("client")
        .order_by("client_id", "-issue_date", "-id")
    )


def portal_certificates(user: Any) -> list[Certificate]:
    """The certificates of the user's clients, current revisions first (drafts left out:
    no decision yet)."""
    return list(_certificates(user))


def portal_certificate_get(user: Any, pk: Any) -> Certificate:
    certificate = _certificates(user).filter(pk=_pk(pk)).first()
    if certificate is None:
        raise Http404
    return certificate


def portal_users_of(client_ids: Iterable[int]) -> dict[int, list[User]]:
    """The people with an active portal access, per client (one query)."""
    found: dict[int, list[User]] = defaultdict(list)
    rows = PortalAccess.objects.filter(
        client_id__in=set(client_ids), status=PortalAccessStatus.ACTIVE, user__is_active=True
    ).select_related("user")
    for access in rows:
        found[access.client_id].append(access.user)
    return dict(found)


# --- The certification body's side --------------------------------------------------------


def client_portal_accesses(*, client: Client) -> QuerySet[PortalAccess]:
    return (
        PortalAccess.objects.for_organization(client.organization_id)
        .filter(client=client)
        .select_related("user", "contact", "granted_by")
        .order_by("status", "user__email", "id")
    )


def finding_for_review(*, user: Any, organization: Any, pk: Any) -> CertFinding:
    """A finding of the body for its back-office review page (404 for another body's)."""
    visible = CertFinding.objects.for_user(user, "view", organization=organization)
    finding: CertFinding | None = (
        _finding_queryset().filter(pk__in=visible.values("pk")).filter(pk=_pk(pk)).first()
    )
    if finding is None:
        raise Http404
    return finding


def audit_team_ids(audit: CertAudit) -> set[int]:
    """The audit's lead auditor and team (CertAudit mirrors the team members)."""
    ids = set(audit.team.values_list("pk", flat=True))
    if audit.lead_auditor_id is not None:
        ids.add(audit.lead_auditor_id)
    return ids


def is_manager(user: Any, organization_id: int) -> bool:
    from qms.core.permissions import roles_in

    return CERTIFICATION_MANAGER in roles_in(user, organization_id)


def findings_due(
    *,
    statuses: Iterable[str],
    field: str,
    until: date,
    since: date | None = None,
    grades: Iterable[str] = (FindingGrade.MAJOR, FindingGrade.MINOR),
) -> list[CertFinding]:
    """Findings of `grades` in `statuses` whose `field` (respond_by or verify_by) is between
    `since` (when given) and `until`, with what the reminders need (every body: the
    reminders run for the installation)."""
    found = CertFinding.objects.filter(
        status__in=list(statuses),
        grade__in=list(grades),
        **{f"{field}__isnull": False, f"{field}__lte": until},
    )
    if since is not None:
        found = found.filter(**{f"{field}__gte": since})
    return list(
        found.exclude(audit__status=CertAuditStatus.CANCELLED)
        .select_related("audit__programme__client", "audit__lead_auditor", "organization")
        .order_by("id")
    )


def pending_response(finding: CertFinding) -> FindingResponse | None:
    """The client's response awaiting review, if any."""
    return (
        FindingResponse.objects.for_organization(finding.organization_id)
        .filter(finding=finding, review="pending")
        .order_by("-round")
        .first()
    )


def findings_linked_to_nc(*, organization_id: int, nonconformity_id: int) -> list[CertFinding]:
    """Findings (of any body) raised as `nonconformity_id` in the register of the client's
    organization `organization_id`, whose closure is not reported yet."""
    return list(
        CertFinding.objects.filter(
            client_nc_id=nonconformity_id,
            audit__programme__client__linked_organization_id=organization_id,
            client_nc_closed_on__isnull=True,
        )
        .select_related("audit__programme__client", "audit__lead_auditor", "organization")
        .order_by("id")
    )


def client_nc_closures_unreported() -> list[tuple[int, int, date]]:
    """(client organization, nonconformity, closed on) for each nonconformity raised from a
    finding in a client's own register and closed there, whose closure no finding reports
    yet: what the closure signal missed (its on-commit work failed or never ran). Two
    queries whatever the number of findings."""
    pending = set(
        CertFinding.objects.filter(
            client_nc_id__isnull=False,
            client_nc_closed_on__isnull=True,
            audit__programme__client__linked_organization__isnull=False,
        ).values_list("audit__programme__client__linked_organization_id", "client_nc_id")
    )
    if not pending:
        return []
    closed = Nonconformity.objects.filter(
        pk__in={nc_id for _org, nc_id in pending}, closed_at__isnull=False
    ).values_list("organization_id", "pk", "closed_at")
    return sorted(
        (organization_id, nc_id, timezone.localdate(closed_at))
        for organization_id, nc_id, closed_at in closed
        if (organization_id, nc_id) in pending
    )


def outside_home(user: Any) -> str | None:
    """/portal/, for a person who was given portal access (the accounts middleware sends
    such a person, when they are no member of any organization, there instead of to
    organization pages)."""
    from django.urls import reverse

    return reverse("portal:home") if has_any_portal_access(user) else None


def finding_flags(findings: Iterable[CertFinding], *, today: date) -> dict[int, dict[str, Any]]:
    """Per finding: the deadline that matters now and its state (overdue, soon, ok), and
    whether a major of the initial audit is past the verification limit after Stage 2 (a
    new Stage 2 required: domain spec §3.3/§3.7). One query per body for its policy."""
    from qms.certification.body.selectors import programme_policy

    from . import rules

    rows = list(findings)
    policies: dict[int, Any] = {}
    flags: dict[int, dict[str, Any]] = {}
    for finding in rows:
        audit = finding.audit
        if finding.organization_id not in policies:
            policies[finding.organization_id] = programme_policy(finding.organization_id)
        months = policies[finding.organization_id].major_verification_months
        due = rules.open_deadline(
            status=finding.status, respond_by=finding.respond_by, verify_by=finding.verify_by
        )
        flags[finding.pk] = {
            "due": due,
            "due_state": rules.due_state(due=due, today=today),
            "new_stage2": rules.stage2_repeat_required(
                grade=finding.grade,
                status=finding.status,
                audit_kind=audit.kind,
                stage2_last_day=audit.programme.stage2_last_day,
                verified_on=finding.verified_on,
                months=months,
                today=today,
            ),
        }
    return flags
