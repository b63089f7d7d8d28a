"""Reads of decisions and certificates: the lists (a fixed number of queries, whatever the
number of rows), a decision's file (its audits, their teams and findings), a certificate with
its revisions and history, the certificate a decision changes, and who hears of a change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from ..choices import (
    AuditKind,
    CertAuditStatus,
    CertificateStatus,
    DecisionKind,
    PortalAccessStatus,
)
from ..models import (
    AuditTeamMember,
    AuditTimeCalculation,
    CertAudit,
    CertFinding,
    Certificate,
    CertificateStatusChange,
    CertificationDecision,
    CertificationProgramme,
    ClientContact,
    PortalAccess,
)
from .rules import FindingFacts

# The states of a certificate revision that is the current one of its number.
CURRENT_STATES = (
    CertificateStatus.ACTIVE,
    CertificateStatus.SUSPENDED,
    CertificateStatus.EXPIRED,
)


def team_person_ids(audit_ids: Iterable[int]) -> set[int]:
    """Everyone ever on the team of these audits: the audits area's answer (members, removed
    members, those planning named) and the audit's own lead and team fields."""
    from ..audits.selectors import team_person_ids as ever_on_team

    ids = list(audit_ids)
    found: set[int] = set(ever_on_team(ids))
    found |= set(
        AuditTeamMember.objects.filter(audit_id__in=ids).values_list("person_id", flat=True)
    )
    found |= set(
        CertAudit.team.through.objects.filter(certaudit_id__in=ids).values_list(
            "user_id", flat=True
        )
    )
    found |= {
        pk
        for pk in CertAudit.objects.filter(pk__in=ids).values_list("lead_auditor_id", flat=True)
        if pk is not None
    }
    return found


def decision_audits(decision: CertificationDecision) -> list[CertAudit]:
    return list(
        decision.audits.filter(organization_id=decision.organization_id)
        .select_related("programme")
        .order_by("start_date", "id")
    )


def finding_facts(audits: Iterable[CertAudit]) -> list[FindingFacts]:
    audits = list(audits)
    labels = {audit.pk: audit.get_kind_display() for audit in audits}
    findings = CertFinding.objects.filter(audit_id__in=list(labels)).order_by("audit_id", "id")
    return [
        FindingFacts(
            number=f.number,
            audit=str(labels[f.audit_id]),
            grade=f.grade,
            status=f.status,
            verified_on=f.verified_on,
        )
        for f in findings
    ]


def latest_calculation(programme: CertificationProgramme, kind: str) -> Decimal | None:
    """The latest audit-time calculation of the programme's application for this kind of
    decision (initial: Stage 1 + Stage 2; recertification), if any."""
    if programme.application_id is None:
        return None
    audit_type = {
        DecisionKind.INITIAL: "initial",
        DecisionKind.RECERTIFICATION: "recertification",
        DecisionKind.RESTORATION: "recertification",
    }.get(DecisionKind(kind))
    if audit_type is None:
        return None
    return (
        AuditTimeCalculation.objects.filter(
            organization_id=programme.organization_id,
            application_id=programme.application_id,
            audit_type=audit_type,
        )
        .order_by("-created_at", "-id")
        .values_list("t_final", flat=True)
        .first()
    )


def default_audits(programme: CertificationProgramme, kind: str) -> list[CertAudit]:
    """The done audits a decision of this kind usually rests on."""
    kinds = {
        DecisionKind.INITIAL: (AuditKind.STAGE1, AuditKind.STAGE2),
        DecisionKind.RECERTIFICATION: (AuditKind.STAGE1, AuditKind.RECERTIFICATION),
        DecisionKind.RESTORATION: (AuditKind.STAGE1, AuditKind.RECERTIFICATION),
        DecisionKind.SCOPE_EXTENSION: (AuditKind.SPECIAL,),
        DecisionKind.SCOPE_REDUCTION: (),
    }[DecisionKind(kind)]
    if not kinds:
        return []
    return list(
        CertAudit.objects.filter(
            organization_id=programme.organization_id,
            programme=programme,
            kind__in=kinds,
            status=CertAuditStatus.DONE,
        ).order_by("start_date", "id")
    )


def current_certificate(
    *, organization: Any, client_id: int, edition_ids: Iterable[int]
) -> Certificate | None:
    """The client's current certificate revision (active, suspended or expired) for any of
    these standards: the one a recertification, restoration or scope change replaces."""
    return (
        Certificate.objects.filter(
            organization=organization,
            client_id=client_id,
            status__in=CURRENT_STATES,
            editions__in=list(edition_ids),
        )
        .order_by("-id")
        .first()
    )


# --- Lists and pages -----------------------------------------------------------------------


def decision_list(*, user: Any, organization: Any) -> QuerySet[CertificationDecision]:
    queryset: QuerySet[CertificationDecision] = CertificationDecision.objects.for_user(
        user, "view", organization=organization
    ).select_related("programme__client", "decided_by")
    return queryset


def decision_detail_queryset(*, user: Any, organization: Any) -> QuerySet[CertificationDecision]:
    audits = CertAudit.objects.for_organization(organization).order_by("start_date", "id")
    certificates = Certificate.objects.for_organization(organization).order_by("revision")
    return decision_list(user=user, organization=organization).prefetch_related(
        Prefetch("audits", queryset=audits),
        Prefetch("certificates", queryset=certificates),
        "programme__editions__standard",
        "programme__iaf_codes",
    )


def certificate_list(*, user: Any, organization: Any) -> QuerySet[Certificate]:
    """Certificates the user may see: client and programme joined, nothing per row."""
    queryset: QuerySet[Certificate] = Certificate.objects.for_user(
        user, "view", organization=organization
    ).select_related("client", "programme")
    return queryset


def certificate_detail_queryset(*, user: Any, organization: Any) -> QuerySet[Certificate]:
    return (
        certificate_list(user=user, organization=organization)
        .select_related("decision", "accreditation", "previous")
        .prefetch_related("editions__standard", "iaf_codes", "sites")
    )


def certificate_for_output(certificate: Certificate) -> Certificate:
    """The certificate with everything the PDF and the registry print, in a few queries."""
    found: Certificate = (
        Certificate.objects.filter(organization_id=certificate.organization_id)
        .select_related("client", "accreditation", "organization", "programme", "decision")
        .prefetch_related("editions__standard", "iaf_codes", "sites")
        .get(pk=certificate.pk)
    )
    return found


def revisions_of(certificate: Certificate) -> list[Certificate]:
    """Every revision of the certificate's number, newest first."""
    return list(
        Certificate.objects.filter(
            organization_id=certificate.organization_id, number=certificate.number
        )
        .select_related("decision")
        .order_by("-revision")
    )


def history_of(certificate: Certificate) -> list[CertificateStatusChange]:
    """The status history of every revision of the certificate's number, oldest first."""
    return list(
        CertificateStatusChange.objects.filter(
            organization_id=certificate.organization_id, certificate__number=certificate.number
        )
        .select_related("certificate", "actor")
        .order_by("on", "id")
    )


def latest_revision(certificate: Certificate) -> Certificate:
    found = (
        Certificate.objects.filter(
            organization_id=certificate.organization_id, number=certificate.number
        )
        .order_by("-revision")
        .first()
    )
    return found or certificate


def first_issue_date(*, organization_id: int, number: str) -> dt.date | None:
    return (
        Certificate.objects.filter(organization_id=organization_id, number=number)
        .exclude(initial_certification_date=None)
        .order_by("revision")
        .values_list("initial_certification_date", flat=True)
        .first()
    )


def number_taken(*, organization_id: int, number: str) -> bool:
    return Certificate.objects.filter(organization_id=organization_id, number=number).exists()


# --- Who hears of a change -------------------------------------------------------------------


def client_recipients(certificate: Certificate) -> tuple[list[str], list[Any]]:
    """The client's contacts' e-mail addresses and its portal users (active access)."""
    emails = [
        email
        for email in ClientContact.objects.filter(
            organization_id=certificate.organization_id, client_id=certificate.client_id
        ).values_list("email", flat=True)
        if email
    ]
    users = [
        access.user
        for access in PortalAccess.objects.filter(
            organization_id=certificate.organization_id,
            client_id=certificate.client_id,
            status=PortalAccessStatus.ACTIVE,
        ).select_related("user")
    ]
    return emails, users


# --- The daily job -----------------------------------------------------------------------------


def expired_but_active(*, today: dt.date) -> list[Certificate]:
    """Active certificates whose last valid day has passed (every organization)."""
    return list(
        Certificate.objects.filter(status=CertificateStatus.ACTIVE, expiry_date__lt=today)
        .select_related("client", "organization")
        .order_by("organization_id", "id")
    )


def suspensions_overdue(*, today: dt.date) -> list[Certificate]:
    """Suspended certificates past their deadline (every organization)."""
    return list(
        Certificate.objects.filter(status=CertificateStatus.SUSPENDED, suspended_until__lt=today)
        .select_related("client", "organization")
        .order_by("organization_id", "id")
    )


def expiring_within(*, today: dt.date, days: int) -> list[Certificate]:
    """Active certificates expiring within `days` (the reminder to recertify)."""
    return list(
        Certificate.objects.filter(
            Q(status=CertificateStatus.ACTIVE),
            expiry_date__gte=today,
            expiry_date__lte=today + dt.timedelta(days=days),
        )
        .select_related("client", "organization")
        .order_by("organization_id", "expiry_date", "id")
    )


# --- Permission condition ----------------------------------------------------------------------


def _pending_programme_ids() -> QuerySet[Any, dict[str, Any]]:
    return CertificationDecision.objects.filter(status="pending").values("programme_id")


def programme_has_pending_decision() -> Any:
    """Condition of the decision-maker's "plan" grant on a programme: only while one of its
    certification decisions is pending, so that granting it can record the programme's
    decision date (`programme_set_decision`, the programme's "certify" step)."""
    from qms.core.permissions import Condition

    return Condition(
        name="programme_has_pending_decision",
        q=lambda user: Q(pk__in=_pending_programme_ids()),
        check=lambda user, obj: CertificationDecision.objects.filter(
            organization_id=obj.organization_id, programme_id=obj.pk, status="pending"
        ).exists(),
    )
