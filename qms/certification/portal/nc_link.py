"""The link to the client's own nonconformity register (issue 18, §4).

When the client runs its QMS in this installation (`Client.linked_organization`) and
consents (`share_findings_consent`), a major or minor raised by the body's audit is raised in
the client's register too, through `qms.nonconformities.services` (source "external audit",
the body's name and finding number in the title, the finding's text as description), and
the register entry's id and number are stored on the finding. `on_finding_raised(finding)`
is called by the audits area's finding_raise, inside its transaction.

The way back: when that nonconformity is closed in the client's register, the closure is
reported on the finding (`client_nc_closed_on`, and an audit event on the finding: the note
the auditor reads; it does not verify anything by itself). The organization side never
imports certification: nonconformities sends its `nonconformity_closed` signal (a plain
Django signal, qms/nonconformities/signals.py) from the close step, and this module, which
subscribes to it in setup.register(), does its work once the client's transaction has
committed, in its own transaction. Why a signal and not a periodic job: core has no
domain-event subscriber mechanism; the closure should show on the auditor's page at once;
and with `robust` on-commit work a failure here is logged without ever blocking the client's
own close. What a failure left unreported is caught up by `client_nc_closures_catch_up`,
run by the daily job (`qms certificates daily`).
"""

from __future__ import annotations

import logging
from datetime import date
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from qms.core.notifications import notify
from qms.core.services import model_update

from ..choices import FindingGrade
from ..models import CertFinding
from . import events
from .selectors import client_nc_closures_unreported, findings_linked_to_nc

logger = logging.getLogger(__name__)

NC_SOURCE = "external_audit"  # qms.nonconformities NonconformitySource.EXTERNAL_AUDIT


def _description(finding: CertFinding) -> str:
    audit = finding.audit
    lines = [
        f"Raised by {finding.organization.name} at the {audit.get_kind_display()} "
        f"({audit.programme.number}), finding {finding.number} "
        f"({finding.get_grade_display().lower()}).",
        "",
        finding.statement,
    ]
    if finding.requirement:
        lines += ["", f"Requirement: {finding.requirement}"]
    if finding.objective_evidence:
        lines += ["", f"Objective evidence: {finding.objective_evidence}"]
    if finding.clause_id is not None:
        lines += ["", f"Clause: {finding.clause}"]
    if finding.respond_by:
        lines += ["", f"The certification body expects the response by {finding.respond_by}."]
    return "\n".join(lines)


def _clauses(finding: CertFinding, organization: Any) -> list[Any] | None:
    """The finding's clause when the client adopted its standard (else none linked)."""
    clause = finding.clause
    if clause is None:
        return None
    from qms.standards.selectors import adopted_edition_ids

    if clause.edition_id in adopted_edition_ids(organization=organization):
        return [clause]
    return None


def on_finding_raised(finding: CertFinding, *, actor: Any = None) -> int | None:
    """Raise `finding` in the client's own register when the client runs its QMS here and
    consents, and it is a major or minor not linked yet. Returns the register entry's id, or
    None when nothing is to be raised. Call it inside the raising service's transaction: a
    failure rolls the finding back with it."""
    from qms.nonconformities.services import nonconformity_create

    from ..models import Client

    # Read afresh: the caller's copy of the client may predate a consent just recorded.
    client = (
        Client.objects.for_organization(finding.organization_id)
        .select_related("linked_organization")
        .get(pk=finding.audit.programme.client_id)
    )
    organization = client.linked_organization
    if (
        finding.grade not in (FindingGrade.MAJOR, FindingGrade.MINOR)
        or not client.share_findings_consent
        or organization is None
        or finding.client_nc_id is not None
    ):
        return None
    with transaction.atomic():
        audit = finding.audit
        title = f"{finding.organization.name} {finding.number}: {finding.statement}"
        data: dict[str, Any] = {
            "title": " ".join(title.split())[:200],
            "description": _description(finding),
            "source": NC_SOURCE,
            "severity": finding.grade,
            "detected_on": audit.end_date or audit.start_date or timezone.localdate(),
        }
        clauses = _clauses(finding, organization)
        if clauses:
            data["clauses"] = clauses
        # No actor in the client's register: the body's auditor is no member there; the
        # description names who raised it.
        nonconformity = nonconformity_create(actor=None, organization=organization, data=data)
        model_update(
            actor=actor,
            instance=finding,
            data={"client_nc_id": nonconformity.pk, "client_nc_number": nonconformity.number},
            fields=("client_nc_id", "client_nc_number"),
            event_type=events.CLIENT_NC_RAISED,
        )
        finding.client_nc_id = nonconformity.pk
        finding.client_nc_number = nonconformity.number
    return int(nonconformity.pk)


def client_nc_closed(*, organization_id: int, nonconformity_id: int, closed_on: date) -> int:
    """Report the closure of the client's register entry on the findings linked to it
    (the client's organization must be the finding's client's): `client_nc_closed_on` and
    an audit event on the finding; the lead auditor is told. Returns how many findings."""
    count = 0
    findings = findings_linked_to_nc(
        organization_id=organization_id, nonconformity_id=nonconformity_id
    )
    for finding in findings:
        with transaction.atomic():
            _updated, changed = model_update(
                actor=None,
                instance=finding,
                data={"client_nc_closed_on": closed_on},
                fields=("client_nc_closed_on",),
                event_type=events.CLIENT_NC_CLOSED,
                details={
                    "note": (
                        f"The client closed {finding.client_nc_number} in its own register on "
                        f"{closed_on.isoformat()}. This does not verify the finding: the "
                        "auditor still reviews and verifies it."
                    )
                },
            )
            lead = finding.audit.lead_auditor
            if changed and lead is not None:
                notify(
                    recipients=[lead],
                    organization=finding.organization,
                    kind="certification.finding_client_nc_closed",
                    title=(
                        f"{finding.audit.programme.client.legal_name} closed "
                        f"{finding.client_nc_number} ({finding.number})"
                    ),
                    body="Closed in the client's own register; review and verify the finding.",
                    url=finding.get_absolute_url(),
                )
            count += int(changed)
    return count


def client_nc_closures_catch_up() -> int:
    """Report every closure in a client's register that the signal missed (see the module
    docstring); idempotent. Returns how many findings were updated."""
    return sum(
        client_nc_closed(
            organization_id=organization_id, nonconformity_id=nc_id, closed_on=closed_on
        )
        for organization_id, nc_id, closed_on in client_nc_closures_unreported()
    )


def on_nonconformity_closed(sender: Any, nonconformity: Any, **kwargs: Any) -> None:
    """Receiver of qms.nonconformities.signals.nonconformity_closed: the report back runs
    after the client's transaction commits, in its own (a failure is logged, never blocks
    the client)."""
    closed_at = getattr(nonconformity, "closed_at", None)
    closed_on = timezone.localdate(closed_at) if closed_at is not None else timezone.localdate()
    transaction.on_commit(
        partial(
            client_nc_closed,
            organization_id=nonconformity.organization_id,
            nonconformity_id=nonconformity.pk,
            closed_on=closed_on,
        ),
        robust=True,
    )
