"""Writes of the context of the organization: issues, interested parties and their
requirements, the climate-change decision, the QMS scope and the context and scope document.

Each service is one transaction written through the core helpers (row, audit event and
version check together); the full-text index is kept current in the same transaction.
Review, retirement and reinstatement of issues and parties are workflow steps
(workflows.py, run by core's `model_transition`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from qms.accounts.selectors import check_member
from qms.core.audit import record_event
from qms.core.errors import Conflict
from qms.core.search import register_search_indexer, search_index
from qms.core.services import lock_for_change, model_create, model_update
from qms.core.signatures import Meaning, signature_record, signature_verify_password

from . import events, rules
from .models import (
    ClimateDecision,
    ContextIssue,
    InterestedParty,
    InterestedPartyRequirement,
    QmsScope,
)
from .specs import ISSUE, PARTY, REQUIREMENT, SCOPE

if TYPE_CHECKING:
    from qms.accounts.models import User
    from qms.documents.models import Document, DocumentRevision
    from qms.organizations.models import Organization

DOCUMENT_TITLE = "Context of the organization and scope of the QMS"
DOCUMENT_TYPE = "manual"


# --- Search --------------------------------------------------------------------------------


def issue_search_text(issue: ContextIssue) -> tuple[str, str]:
    return issue.title, " ".join(p for p in (issue.description, issue.effect) if p)


def party_search_text(party: InterestedParty) -> tuple[str, str]:
    return party.name, party.description


def search_indexers_register() -> None:
    register_search_indexer(
        ContextIssue, issue_search_text, lambda: ContextIssue._base_manager.all()
    )
    register_search_indexer(
        InterestedParty, party_search_text, lambda: InterestedParty._base_manager.all()
    )


def _reindex(obj: ContextIssue | InterestedParty) -> None:
    if isinstance(obj, ContextIssue):
        title, body = issue_search_text(obj)
    else:
        title, body = party_search_text(obj)
    search_index(obj=obj, title=title, body=body)


# --- Shared checks ---------------------------------------------------------------------------


def _with_review_dates(values: dict[str, Any], *, interval: int) -> dict[str, Any]:
    """An empty next review becomes the last review (or today) plus the interval."""
    if values.get("next_review_on"):
        return values
    start = values.get("last_reviewed_on") or timezone.localdate()
    values["next_review_on"] = rules.next_review(reviewed_on=start, interval_months=interval)
    return values


def _unknown(values: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))


# --- Issues and interested parties ------------------------------------------------------------


def _reviewed_create(
    *,
    actor: User | None,
    organization: Organization,
    data: Mapping[str, Any],
    model: type[ContextIssue] | type[InterestedParty],
    fields: tuple[str, ...],
    event_type: Any,
) -> Any:
    values = dict(data)
    _unknown(values, fields)
    check_member(organization_id=organization.pk, user=values.get("owner"))
    interval = int(values.get("review_interval_months") or 12)
    values = _with_review_dates(values, interval=interval)
    obj = model_create(
        actor=actor,
        model=model,
        organization=organization,
        data=values,
        fields=fields,
        event_type=event_type,
    )
    _reindex(obj)
    return obj


def _reviewed_update(
    *,
    actor: User,
    instance: Any,
    data: Mapping[str, Any],
    version: int | None,
    fields: tuple[str, ...],
    event_type: Any,
) -> Any:
    values = dict(data)
    _unknown(values, fields)
    locked = lock_for_change(instance, version=version)
    if "owner" in values:
        check_member(organization_id=locked.organization_id, user=values["owner"])
    if "next_review_on" in values and not values["next_review_on"]:
        values["last_reviewed_on"] = values.get("last_reviewed_on", locked.last_reviewed_on)
        interval = int(values.get("review_interval_months") or locked.review_interval_months)
        values = _with_review_dates(values, interval=interval)
    obj, changed = model_update(
        actor=actor,
        instance=locked,
        data=values,
        fields=fields,
        event_type=event_type,
        version=version,
    )
    if changed:
        _reindex(obj)
    return obj


@transaction.atomic
def issue_create(
    *, actor: User | None, organization: Organization, data: Mapping[str, Any]
) -> ContextIssue:
    """Add an internal or external issue (§4.1); an empty next review is set from the last
    review (or today) and the interval."""
    issue: ContextIssue = _reviewed_create(
        actor=actor,
        organization=organization,
        data=data,
        model=ContextIssue,
        fields=ISSUE.fields,
        event_type=events.ISSUE_CREATED,
    )
    return issue


@transaction.atomic
def issue_update(
    *, actor: User, instance: ContextIssue, data: Mapping[str, Any], version: int | None = None
) -> ContextIssue:
    issue: ContextIssue = _reviewed_update(
        actor=actor,
        instance=instance,
        data=data,
        version=version,
        fields=ISSUE.fields,
        event_type=events.ISSUE_UPDATED,
    )
    return issue


@transaction.atomic
def party_create(
    *, actor: User | None, organization: Organization, data: Mapping[str, Any]
) -> InterestedParty:
    """Add an interested party (§4.2); review dates as for issues."""
    party: InterestedParty = _reviewed_create(
        actor=actor,
        organization=organization,
        data=data,
        model=InterestedParty,
        fields=PARTY.fields,
        event_type=events.PARTY_CREATED,
    )
    return party


@transaction.atomic
def party_update(
    *,
    actor: User,
    instance: InterestedParty,
    data: Mapping[str, Any],
    version: int | None = None,
) -> InterestedParty:
    party: InterestedParty = _reviewed_update(
        actor=actor,
        instance=instance,
        data=data,
        version=version,
        fields=PARTY.fields,
        event_type=events.PARTY_UPDATED,
    )
    return party


@transaction.atomic
def requirement_create(
    *, actor: User | None, party: InterestedParty, data: Mapping[str, Any]
) -> InterestedPartyRequirement:
    """Add a relevant requirement to a current interested party (Conflict when retired)."""
    values = dict(data)
    _unknown(values, REQUIREMENT.fields)
    locked = lock_for_change(party, version=None)
    if not locked.is_current:
        raise Conflict("The interested party is retired: reinstate it before adding requirements.")
    requirement: InterestedPartyRequirement = model_create(
        actor=actor,
        model=InterestedPartyRequirement,
        organization=locked.organization,
        data={**values, "party": locked},
        fields=(*REQUIREMENT.fields, "party"),
        event_type=events.REQUIREMENT_CREATED,
    )
    return requirement


@transaction.atomic
def requirement_update(
    *,
    actor: User,
    instance: InterestedPartyRequirement,
    data: Mapping[str, Any],
    version: int | None = None,
) -> InterestedPartyRequirement:
    _unknown(data, REQUIREMENT.fields)
    requirement, _changed = model_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=REQUIREMENT.fields,
        event_type=events.REQUIREMENT_UPDATED,
        version=version,
    )
    return requirement


# --- Climate change (Amd 1:2024) ---------------------------------------------------------------


def climate_decide(
    *,
    actor: User,
    organization: Organization,
    data: Mapping[str, Any],
    password: str,
) -> ClimateDecision:
    """Record whether climate change is a relevant issue, with a rationale, signed
    ("decided", password re-entered). Earlier decisions stay; the newest is current.

    The password is checked before the transaction (a wrong one is logged and refused with
    TransitionRefused, nothing written)."""
    values = dict(data)
    _unknown(values, ("relevant", "rationale"))
    if values.get("relevant") is None:
        raise ValidationError({"relevant": "Say whether climate change is a relevant issue."})
    if not str(values.get("rationale") or "").strip():
        raise ValidationError({"rationale": "Give the reasons for the decision."})
    probe = ClimateDecision(organization=organization)
    signature_verify_password(signer=actor, password=password, obj=probe, transition="decide")
    with transaction.atomic():
        decision: ClimateDecision = model_create(
            actor=actor,
            model=ClimateDecision,
            organization=organization,
            data={
                "relevant": bool(values["relevant"]),
                "rationale": str(values["rationale"]).strip(),
                "decided_by": actor,
                "decided_on": timezone.localdate(),
            },
            fields=("relevant", "rationale", "decided_by", "decided_on"),
            event_type=events.CLIMATE_DECIDED,
        )
        signature = signature_record(
            signer=actor,
            obj=decision,
            meaning=Meaning.DECIDED,
            transition="decide",
            reason=decision.rationale,
        )
        ClimateDecision._base_manager.filter(pk=decision.pk).update(signature=signature)
        decision.signature = signature
    return decision


# --- Scope ---------------------------------------------------------------------------------------


@transaction.atomic
def scope_create(
    *, actor: User | None, organization: Organization, data: Mapping[str, Any]
) -> QmsScope:
    """Write the organization's scope (one per organization: a second is a Conflict)."""
    values = dict(data)
    _unknown(values, SCOPE.fields)
    if QmsScope._base_manager.filter(organization=organization).exists():
        raise Conflict("The organization already has a QMS scope: edit it instead.")
    _check_sites(organization.pk, values.get("sites"))
    scope: QmsScope = model_create(
        actor=actor,
        model=QmsScope,
        organization=organization,
        data=values,
        fields=SCOPE.fields,
        event_type=events.SCOPE_CREATED,
    )
    return scope


@transaction.atomic
def scope_update(
    *, actor: User, instance: QmsScope, data: Mapping[str, Any], version: int | None = None
) -> QmsScope:
    _unknown(data, SCOPE.fields)
    _check_sites(instance.organization_id, data.get("sites"))
    scope, _changed = model_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=SCOPE.fields,
        event_type=events.SCOPE_UPDATED,
        version=version,
    )
    return scope


def _check_sites(organization_id: int, sites: Any) -> None:
    if sites and any(getattr(site, "organization_id", None) != organization_id for site in sites):
        raise ValidationError({"sites": "Choose sites of your organization."})


# --- The context and scope document ---------------------------------------------------------------


def _open_revision(document: Document) -> DocumentRevision | None:
    from qms.documents.choices import RevisionStatus
    from qms.documents.models import DocumentRevision

    return (
        DocumentRevision.objects.for_organization(document.organization_id)
        .filter(document=document, status__in=(RevisionStatus.DRAFT, RevisionStatus.IN_REVIEW))
        .order_by("-number")
        .first()
    )


def context_document_publish(
    *, actor: User, organization: Organization, change_summary: str
) -> DocumentRevision:
    """Generate the "Context and scope" PDF and put it under document control.

    The first time, a document (type "manual", numbered by the organization's scheme) is
    registered in the document module and its revision 1 gets the PDF; the scope remembers
    the document. Later, a new draft revision is started with the fresh PDF. The documents
    module's own review and approval (with signatures) then make it effective.

    While a revision is still a DRAFT nobody has signed anything yet, so its file is
    replaced by the fresh PDF (the revision's events record the change). A revision IN
    REVIEW is refused (Conflict): reviewers may be signing that exact content.
    """
    from qms.documents.choices import RevisionStatus
    from qms.documents.services.documents import document_create
    from qms.documents.services.revisions import (
        revision_attach_file,
        revision_create,
        revision_update,
    )

    from .pdf import context_pdf

    if not change_summary.strip():
        raise ValidationError({"change_summary": "Say what changed since the last issue."})
    scope = QmsScope._base_manager.filter(organization=organization).first()
    if scope is None:
        raise Conflict("Write the QMS scope first: the document is built around it.")
    pdf = context_pdf(organization=organization)
    with transaction.atomic():
        scope = lock_for_change(scope, version=None)
        document = scope.document
        if document is None:
            document = document_create(
                actor=actor,
                organization=organization,
                data={
                    "title": DOCUMENT_TITLE,
                    "document_type": DOCUMENT_TYPE,
                    "owner": actor,
                    "description": (
                        "Issues, climate-change decision, interested parties, scope and "
                        "process map (ISO 9001 clause 4). Generated from the context pages."
                    ),
                },
            )
            model_update(
                actor=actor,
                instance=scope,
                data={"document": document},
                fields=("document",),
                event_type=events.SCOPE_UPDATED,
            )
            revision = _open_revision(document)
            if revision is None:  # document_create starts revision 1 as a draft
                raise Conflict("The new document has no draft revision to hold the PDF.")
        else:
            revision = _open_revision(document)
            if revision is not None and revision.status == RevisionStatus.IN_REVIEW:
                problem = rules.open_draft_problem(draft_revision_label=str(revision.number))
                raise Conflict(problem or "")
            if revision is None:
                revision = revision_create(
                    actor=actor, document=document, data={"change_summary": change_summary}
                )
        if revision.change_summary != change_summary:
            revision = revision_update(
                actor=actor, instance=revision, data={"change_summary": change_summary}
            )
        stamp = timezone.localdate().isoformat()
        upload = SimpleUploadedFile(
            f"context-and-scope-{stamp}.pdf", pdf, content_type="application/pdf"
        )
        revision = revision_attach_file(actor=actor, revision=revision, upload=upload)
        record_event(
            actor=actor,
            event_type=events.DOCUMENT_PUBLISHED,
            subject=scope,
            data={
                "document": document.number,
                "revision": revision.number,
                "change_summary": change_summary,
            },
        )
    return revision
