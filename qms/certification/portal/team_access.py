"""The audit team's read-only access to the client's own records (issue 18, §4).

When the client runs its QMS here (`Client.linked_organization`) and consents
(`records_access_consent`), each member of an audit's team (the lead auditor included) gets
an access grant of `qms.access_grants` to the client's organization for the audit's days
(from the first day 00:00 to the day after the last day), read-only, scoped to the
programme's standards the client adopted and to every record type (the readiness report
included, which the Stage 1 auditor reads). `audit_team_access_sync(actor=…, audit=…)` brings
the grants in line after the team or the dates change: a new member gets one, a member who
left has theirs ended (its window closed now, an audited change), new dates move the
window; a cancelled audit, or a withdrawn consent, ends them all.

The grants of an audit are recognised by a marker in their purpose ("[cert-audit:<pk>]"),
since access_grants knows nothing of certification.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from qms.core.audit import record_event

from ..choices import CertAuditStatus
from ..models import CertAudit
from . import events
from .selectors import audit_team_ids


def marker(audit: CertAudit) -> str:
    return f"[cert-audit:{audit.pk}]"


def _window(audit: CertAudit) -> tuple[dt.datetime, dt.datetime] | None:
    if audit.start_date is None:
        return None
    last = audit.end_date or audit.start_date
    zone = timezone.get_current_timezone()
    starts = dt.datetime.combine(audit.start_date, dt.time.min, tzinfo=zone)
    ends = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return starts, ends


def _wanted(audit: CertAudit) -> bool:
    client = audit.programme.client
    return (
        client.records_access_consent
        and client.linked_organization_id is not None
        and audit.status != CertAuditStatus.CANCELLED
        and _window(audit) is not None
    )


@transaction.atomic
def audit_team_access_sync(*, actor: Any, audit: CertAudit) -> dict[str, list[str]]:
    """Grant, adjust or end the team's access for `audit`; returns what was done
    ({"granted": [...e-mails], "changed": [...], "ended": [...], "problems": [...]})."""
    from qms.access_grants.choices import GrantStatus
    from qms.access_grants.models import AccessGrant
    from qms.access_grants.records import record_types
    from qms.access_grants.services import grant_create, grant_update
    from qms.accounts.models import User
    from qms.standards.selectors import adopted_edition_ids

    report: dict[str, list[str]] = {"granted": [], "changed": [], "ended": [], "problems": []}
    audit = (
        CertAudit.objects.for_organization(audit.organization_id)
        .select_related("programme__client__linked_organization")
        .get(pk=audit.pk)
    )
    client = audit.programme.client
    organization = client.linked_organization
    existing: list[Any] = []
    if organization is not None:
        existing = list(
            AccessGrant.objects.filter(
                organization=organization,
                status=GrantStatus.ACTIVE,
                purpose__contains=marker(audit),
            ).select_related("grantee")
        )
    wanted = _wanted(audit)
    people = {u.pk: u for u in User.objects.filter(pk__in=audit_team_ids(audit))} if wanted else {}
    window = _window(audit)
    editions: list[Any] = []
    if wanted and organization is not None:
        adopted = set(adopted_edition_ids(organization=organization))
        editions = [e for e in audit.programme.editions.all() if e.pk in adopted]
        if not editions:
            report["problems"].append(
                f"{organization.name} has adopted none of the programme's standards: "
                "no access granted."
            )
            people = {}
    now = timezone.now()
    for grant in existing:
        if grant.grantee_id not in people:
            # Ended now by an audited change of its window (access_grants' "revoke" step
            # needs a role in the client's organization, which the body's staff do not
            # hold); a grant not started yet gets a window wholly in the past.
            grant_update(
                actor=actor,
                instance=grant,
                data={
                    "starts_at": min(grant.starts_at, now - dt.timedelta(minutes=1)),
                    "ends_at": now,
                },
            )
            report["ended"].append(grant.grantee_email)
            continue
        person = people.pop(grant.grantee_id)
        if window is not None and (grant.starts_at, grant.ends_at) != window:
            grant_update(
                actor=actor,
                instance=grant,
                data={"starts_at": window[0], "ends_at": window[1], "editions": editions},
            )
            report["changed"].append(person.email)
    if people and organization is not None and window is not None:
        purpose = (
            f"{audit.get_kind_display()} of {client.legal_name} ({audit.programme.number}) "
            f"by {audit.organization.name} {marker(audit)}"
        )
        for person in people.values():
            if person.pk == getattr(actor, "pk", None):
                # grant_create refuses a grant to oneself: the actor's own access is given
                # by the next change made by someone else (reported).
                report["problems"].append(f"{person.email}: you cannot grant access to yourself.")
                continue
            grant_create(
                actor=actor,
                organization=organization,
                data={
                    "grantee_name": person.full_name or person.email,
                    "grantee_email": person.email,
                    "firm": audit.organization.name,
                    "purpose": purpose,
                    "starts_at": window[0],
                    "ends_at": window[1],
                    "editions": editions,
                    "record_types": sorted(record_types()),
                },
            )
            report["granted"].append(person.email)
    if report["granted"] or report["changed"] or report["ended"]:
        record_event(
            actor=actor,
            event_type=events.TEAM_ACCESS_SYNCED,
            subject=audit,
            data=report,
        )
    return report
