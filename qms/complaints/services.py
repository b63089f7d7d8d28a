"""Writes for complaints: log, edit, escalate to a nonconformity (workflow steps are
declared in workflows.py and run by core's `model_transition`).

Each service is one transaction written through the core helpers (row, audit event and
version check together); the full-text index is kept current in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from qms.accounts.selectors import check_member
from qms.core.errors import Conflict
from qms.core.search import register_search_indexer, search_index
from qms.core.services import lock_for_change, model_create, model_update, sequence_next
from qms.nonconformities.choices import Severity

from . import events, rules
from .models import Complaint
from .specs import COMPLAINT

if TYPE_CHECKING:
    from qms.accounts.models import User
    from qms.nonconformities.models import Nonconformity
    from qms.organizations.models import Organization

SEVERITIES = tuple(Severity.values)


def search_text(complaint: Complaint) -> tuple[str, str]:
    """(title, body) of the complaint's index entry."""
    title = f"{complaint.number} {complaint.customer_name} {complaint.reference}"
    body = " ".join(
        part for part in (complaint.contact_name, complaint.description, complaint.response) if part
    )
    return title, body


def complaint_search_indexer_register() -> None:
    register_search_indexer(Complaint, search_text, lambda: Complaint._base_manager.all())


def _reindex(complaint: Complaint) -> None:
    title, body = search_text(complaint)
    search_index(obj=complaint, title=title, body=body)


def default_acknowledgement_due(received_on: Any) -> Any:
    return received_on + timedelta(days=settings.COMPLAINTS_ACKNOWLEDGEMENT_DAYS)


@transaction.atomic
def complaint_create(
    *, actor: User | None, organization: Organization, data: Mapping[str, Any]
) -> Complaint:
    """Log a complaint; it gets the next CMP-<year of receipt>-NNNN number and, unless given,
    an acknowledgement due date `COMPLAINTS_ACKNOWLEDGEMENT_DAYS` after receipt."""
    values = dict(data)
    check_member(organization_id=organization.pk, user=values.get("owner"))
    received = values.get("received_on")
    if received is None:
        raise ValidationError({"received_on": "Enter the date the complaint was received."})
    if not values.get("acknowledgement_due"):
        values["acknowledgement_due"] = default_acknowledgement_due(received)
    unknown = sorted(set(values) - set(COMPLAINT.fields))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))
    sequence = sequence_next(organization_id=organization.pk, key="complaint", year=received.year)
    values["number"] = f"CMP-{received.year}-{sequence:04d}"
    complaint = model_create(
        actor=actor,
        model=Complaint,
        organization=organization,
        data=values,
        fields=(*COMPLAINT.fields, "number"),
        event_type=events.COMPLAINT_CREATED,
    )
    _reindex(complaint)
    return complaint


@transaction.atomic
def complaint_update(
    *, actor: User, instance: Complaint, data: Mapping[str, Any], version: int | None = None
) -> Complaint:
    values = dict(data)
    locked = lock_for_change(instance, version=version)
    problems = rules.edit_problems(status=locked.status, changes=values, today=timezone.localdate())
    if "__all__" in problems:
        raise ValidationError(problems["__all__"])
    if problems:
        raise ValidationError(problems)
    if "owner" in values:
        check_member(organization_id=instance.organization_id, user=values["owner"])
    if "acknowledgement_due" in values and not values["acknowledgement_due"]:
        received = values.get("received_on") or instance.received_on
        values["acknowledgement_due"] = default_acknowledgement_due(received)
    complaint, changed = model_update(
        actor=actor,
        instance=instance,
        data=values,
        fields=COMPLAINT.fields,
        event_type=events.COMPLAINT_UPDATED,
        version=version,
    )
    if changed:
        _reindex(complaint)
    return complaint


@transaction.atomic
def complaint_escalate(
    *,
    actor: User,
    instance: Complaint,
    severity: str = "minor",
    process: Any = None,
    version: int | None = None,
) -> Nonconformity:
    """Open a nonconformity (source "customer complaint") from the complaint, in one step,
    and link the two. Refused (Conflict, nothing written) when the complaint is closed or
    already escalated; the row lock makes two escalations at once produce one NC."""
    from qms.nonconformities.services import nonconformity_create

    if severity not in SEVERITIES:
        raise ValidationError({"severity": f"Choose one of: {', '.join(SEVERITIES)}."})
    complaint = lock_for_change(instance, version=version)
    linked = complaint.nonconformity
    problem = rules.escalation_problem(
        status=complaint.status,
        nonconformity_number=getattr(linked, "number", None) if linked is not None else None,
    )
    if problem:
        raise Conflict(problem)
    if (
        process is not None
        and getattr(process, "organization_id", None) != complaint.organization_id
    ):
        raise ValidationError({"process": "Choose one of your organization's processes."})
    reference = f" ({complaint.reference})" if complaint.reference else ""
    description = (
        f"From complaint {complaint.number} of {complaint.customer_name}{reference}, "
        f"received on {complaint.received_on.isoformat()} by "
        f"{complaint.get_channel_display().lower()}.\n\n{complaint.description}"
    )
    nonconformity = nonconformity_create(
        actor=actor,
        organization=complaint.organization,
        data={
            "title": f"Complaint {complaint.number}: {complaint.customer_name}"[:200],
            "description": description,
            "source": "customer_complaint",
            "severity": severity,
            "process": process,
            "detected_on": complaint.received_on,
            "owner": complaint.owner,
        },
    )
    complaint, _changed = model_update(
        actor=actor,
        instance=complaint,
        data={"nonconformity": nonconformity},
        fields=("nonconformity",),
        event_type=events.COMPLAINT_ESCALATED,
    )
    return nonconformity
