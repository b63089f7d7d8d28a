"""Writes of the standards app: adopting editions, applicability, and evidence links.

Each service is one transaction with the acting user as keyword-only `actor`; the core
helpers write the row and its audit event together. Evidence links are the contract other
modules (documents, nonconformities, audits, reviews, objectives) code against:

    evidence_link(actor=user, subject=document, clause=clause, note="")
    evidence_set(actor=user, subject=document, clauses=form.cleaned_data["clauses"])
    evidence_unlink(actor=user, evidence=evidence)
    evidence_review(actor=user, evidence=evidence)

Linking or unlinking needs the right to change the subject (`has_object_perm(actor,
subject, "change")`); a subject of another organization than the one acted in (pass
`organization=`) answers 404. The clause must belong to an edition the subject's
organization has adopted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone

from qms.core.permissions import has_object_perm
from qms.core.querysets import get_tenant_model, owning_organization_id
from qms.core.services import model_create, model_delete, model_update

from . import events, rules
from .models import Clause, ClauseApplicability, ClauseEvidence, OrganizationStandard

if TYPE_CHECKING:
    from qms.accounts.models import User

ADOPTION_FIELDS = ("edition", "scope", "adopted_on")
ADOPTION_CHANGE_FIELDS = ("scope", "adopted_on")


# --- Adopting editions ------------------------------------------------------------------


@transaction.atomic
def organization_standard_adopt(
    *, actor: User | None, organization: Any, data: Mapping[str, Any]
) -> OrganizationStandard:
    """The organization adopts an edition (`data`: edition, scope, adopted_on)."""
    return model_create(
        actor=actor,
        model=OrganizationStandard,
        organization=organization,
        data=data,
        fields=ADOPTION_FIELDS,
        event_type=events.STANDARD_ADOPTED,
    )


@transaction.atomic
def organization_standard_update(
    *,
    actor: User,
    instance: OrganizationStandard,
    data: Mapping[str, Any],
    version: int | None = None,
) -> OrganizationStandard:
    adopted, _changed = model_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=ADOPTION_CHANGE_FIELDS,
        event_type=events.STANDARD_ADOPTION_UPDATED,
        version=version,
    )
    return adopted


@transaction.atomic
def organization_standard_remove(
    *, actor: User, instance: OrganizationStandard, version: int | None = None
) -> None:
    """Stop following an edition. Evidence links stay (they belong to the records)."""
    model_delete(
        actor=actor, instance=instance, event_type=events.STANDARD_REMOVED, version=version
    )


def _adopted(organization_id: int, clause: Clause) -> bool:
    return (
        OrganizationStandard.objects.for_organization(organization_id)
        .filter(edition_id=clause.edition_id)
        .exists()
    )


def _require_adopted(organization_id: int, clause: Clause) -> None:
    if not _adopted(organization_id, clause):
        raise ValidationError(
            {"clause": "Adopt this clause's standard edition first (Our standards)."}
        )


# --- Applicability ----------------------------------------------------------------------


@transaction.atomic
def clause_applicability_set(
    *,
    actor: User | None,
    organization: Any,
    clause: Clause,
    applicable: bool,
    justification: str = "",
) -> ClauseApplicability | None:
    """Declare `clause` not applicable (with a justification), or applicable again.

    Returns the stored declaration, or None when the clause is applicable (the default,
    stored as no row). Refused with a ValidationError when the library does not allow the
    clause to be excluded or the justification is missing.
    """
    _require_adopted(organization.pk, clause)
    current = (
        ClauseApplicability.objects.for_organization(organization).filter(clause=clause).first()
    )
    if applicable:
        if current is not None:
            model_delete(actor=actor, instance=current, event_type=events.CLAUSE_INCLUDED)
        return None
    refusal = rules.exclusion_refusal(clause=clause, justification=justification)
    if refusal is not None:
        field = "applicable" if not clause.may_be_not_applicable else "justification"
        raise ValidationError({field: refusal})
    if current is None:
        return model_create(
            actor=actor,
            model=ClauseApplicability,
            organization=organization,
            data={"clause": clause, "applicable": False, "justification": justification.strip()},
            fields=("clause", "applicable", "justification"),
            event_type=events.CLAUSE_EXCLUDED,
        )
    updated: ClauseApplicability
    updated, _changed = model_update(
        actor=actor,
        instance=current,
        data={"justification": justification.strip()},
        fields=("justification",),
        event_type=events.CLAUSE_EXCLUSION_UPDATED,
    )
    return updated


# --- Evidence links ---------------------------------------------------------------------


def _subject_organization(subject: models.Model, organization: Any) -> int:
    """The subject's organization id; 404 when it is not the organization acted in."""
    owner = owning_organization_id(subject)
    if owner is None:
        raise ValidationError({"subject": "Only records of an organization can be evidence."})
    if organization is not None and owner != getattr(organization, "pk", organization):
        raise Http404("No such record in this organization.")
    return owner


def _require_change(actor: Any, subject: models.Model, organization_id: int) -> None:
    if actor is None:
        return  # the system itself (demo data, imports)
    if not has_object_perm(actor, subject, "change", organization=organization_id):
        raise PermissionDenied("Your role does not allow changing this record.")


def _link(
    *, actor: Any, organization_id: int, subject: models.Model, clause: Clause, note: str
) -> ClauseEvidence:
    _require_adopted(organization_id, clause)
    content_type = ContentType.objects.get_for_model(subject)
    existing = (
        ClauseEvidence.objects.for_organization(organization_id)
        .filter(clause=clause, content_type=content_type, object_id=subject.pk)
        .exists()
    )
    if existing:
        raise ValidationError({"clause": "This record is already linked to this clause."})
    return model_create(
        actor=actor,
        model=ClauseEvidence,
        organization=get_tenant_model()(pk=organization_id),
        data={
            "clause": clause,
            "content_type": content_type,
            "object_id": subject.pk,
            "note": note.strip(),
            "created_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
        fields=("clause", "content_type", "object_id", "note", "created_by"),
        event_type=events.EVIDENCE_LINKED,
    )


@transaction.atomic
def evidence_link(
    *,
    actor: User | None,
    subject: models.Model,
    clause: Clause,
    note: str = "",
    organization: Any = None,
) -> ClauseEvidence:
    """Link `subject` (any record of an organization) to `clause` as evidence.

    `organization`, when given, is the organization acted in: a subject of another one is
    404. Refused (PermissionDenied) without the right to change the subject; refused
    (ValidationError) for a clause of an edition not adopted, or a link that exists.
    """
    organization_id = _subject_organization(subject, organization)
    _require_change(actor, subject, organization_id)
    return _link(
        actor=actor, organization_id=organization_id, subject=subject, clause=clause, note=note
    )


@transaction.atomic
def evidence_unlink(
    *, actor: User | None, evidence: ClauseEvidence, version: int | None = None
) -> None:
    """Remove one evidence link (the record itself stays)."""
    subject = evidence.subject
    if subject is not None:
        _require_change(actor, subject, evidence.organization_id)
    model_delete(
        actor=actor, instance=evidence, event_type=events.EVIDENCE_UNLINKED, version=version
    )


@transaction.atomic
def evidence_set(
    *,
    actor: User | None,
    subject: models.Model,
    clauses: Iterable[Clause],
    organization: Any = None,
) -> None:
    """Make the subject's linked clauses exactly `clauses`: link the new ones, unlink the
    others, each audited (for a module's "linked clauses" form field)."""
    organization_id = _subject_organization(subject, organization)
    _require_change(actor, subject, organization_id)
    wanted = {clause.pk: clause for clause in clauses}
    content_type = ContentType.objects.get_for_model(subject)
    current = {
        evidence.clause_id: evidence
        for evidence in ClauseEvidence.objects.for_organization(organization_id).filter(
            content_type=content_type, object_id=subject.pk
        )
    }
    for clause_id, evidence in current.items():
        if clause_id not in wanted:
            model_delete(actor=actor, instance=evidence, event_type=events.EVIDENCE_UNLINKED)
    for clause_id, clause in wanted.items():
        if clause_id not in current:
            _link(
                actor=actor,
                organization_id=organization_id,
                subject=subject,
                clause=clause,
                note="",
            )


@transaction.atomic
def evidence_review(
    *, actor: User, evidence: ClauseEvidence, version: int | None = None
) -> ClauseEvidence:
    """Mark the evidence reviewed now by `actor` (an auditor or a manager)."""
    if not has_object_perm(actor, evidence, "review", organization=evidence.organization_id):
        raise PermissionDenied("Your role does not allow reviewing evidence.")
    reviewed, _changed = model_update(
        actor=actor,
        instance=evidence,
        data={"reviewed_at": timezone.now(), "reviewed_by": actor},
        fields=("reviewed_at", "reviewed_by"),
        event_type=events.EVIDENCE_REVIEWED,
        version=version,
    )
    return reviewed


@transaction.atomic
def evidence_update(
    *, actor: User, instance: ClauseEvidence, data: Mapping[str, Any], version: int | None = None
) -> ClauseEvidence:
    """Change the note of an evidence link (the clause and the record are fixed)."""
    updated: ClauseEvidence
    updated, _changed = model_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=("note",),
        event_type=events.EVIDENCE_UPDATED,
        version=version,
    )
    return updated


@transaction.atomic
def evidence_delete(*, actor: User, instance: ClauseEvidence, version: int | None = None) -> None:
    """`evidence_unlink` with the calling convention of the generic delete views."""
    evidence_unlink(actor=actor, evidence=instance, version=version)


@transaction.atomic
def clause_applicability_update(
    *,
    actor: User,
    instance: ClauseApplicability,
    data: Mapping[str, Any],
    version: int | None = None,
) -> ClauseApplicability:
    """Change the justification of an exclusion (it may not become empty)."""
    if "justification" in data:
        refusal = rules.exclusion_refusal(
            clause=instance.clause, justification=str(data["justification"] or "")
        )
        if refusal is not None:
            raise ValidationError({"justification": refusal})
    updated: ClauseApplicability
    updated, _changed = model_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=("justification",),
        event_type=events.CLAUSE_EXCLUSION_UPDATED,
        version=version,
    )
    return updated


@transaction.atomic
def clause_applicability_delete(
    *, actor: User, instance: ClauseApplicability, version: int | None = None
) -> None:
    """Withdraw an exclusion: the clause applies again."""
    model_delete(actor=actor, instance=instance, event_type=events.CLAUSE_INCLUDED, version=version)
