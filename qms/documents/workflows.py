"""The document-control workflows, declared once; core serves them (pages, API, buttons).

Revision: draft → in review (content, change summary and an approver required) → effective
(signed "approved" by an assigned approver who is not the author, after every reviewer
signed "reviewed") → superseded (when a newer revision is approved) or obsolete (when the
document is made obsolete). Changes may be requested during review (reason required).

Document: active → obsolete (reason) → disposed (records only, after their retention
period, reason required).

What each step implies beyond its state (superseding the previous revision, asking readers
to acknowledge, notifying reviewers) runs as the step's effects, in its transaction; the
effects are the module's services (`qms.documents.services`).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.utils.translation import gettext_lazy as _

from qms.core.signatures import Meaning
from qms.core.workflow import Transition, Workflow, register_workflow

from . import events, rules
from .choices import DocumentStatus, RevisionStatus
from .models import Document, DocumentRevision


def _effect(path: str) -> Any:
    """The service `module.function` of qms.documents.services, imported when the step runs
    (the services use this module's workflows, so they cannot be imported here)."""
    module_name, name = path.rsplit(".", 1)

    def run(*, obj: Any, actor: Any, reason: str, signature: Any) -> None:
        module = import_module(f"qms.documents.services.{module_name}")
        getattr(module, name)(obj=obj, actor=actor, reason=reason, signature=signature)

    run.__name__ = name
    return run


REVISION_WORKFLOW = register_workflow(
    DocumentRevision,
    Workflow(
        field="status",
        states=RevisionStatus,
        transitions=(
            Transition(
                name="submit",
                label=_("Send for review"),
                done=_("sent for review"),
                source=(RevisionStatus.DRAFT,),
                target=RevisionStatus.IN_REVIEW,
                permission="submit",
                guards=(
                    rules.document_is_active,
                    rules.has_content,
                    rules.has_change_summary,
                    rules.has_approver,
                ),
                event_type=events.REVISION_SUBMITTED,
                effects=(_effect("revisions.revision_submitted_effect"),),
            ),
            Transition(
                name="request_changes",
                label=_("Request changes"),
                done=_("sent back for changes"),
                source=(RevisionStatus.IN_REVIEW,),
                target=RevisionStatus.DRAFT,
                permission="request_changes",
                reason=True,
                event_type=events.REVISION_CHANGES_REQUESTED,
                effects=(_effect("revisions.revision_changes_requested_effect"),),
            ),
            Transition(
                name="approve",
                label=_("Approve"),
                done=_("approved"),
                source=(RevisionStatus.IN_REVIEW,),
                target=RevisionStatus.EFFECTIVE,
                permission="approve",
                guards=(
                    rules.document_is_active,
                    rules.actor_is_approver,
                    rules.not_self_approval,
                    rules.reviewers_signed,
                ),
                event_type=events.REVISION_APPROVED,
                signature=Meaning.APPROVED,
                effects=(_effect("revisions.revision_approved_effect"),),
            ),
            Transition(
                name="supersede",
                label=_("Supersede"),
                done=_("superseded"),
                source=(RevisionStatus.EFFECTIVE,),
                target=RevisionStatus.SUPERSEDED,
                permission="supersede",
                guards=(rules.newer_revision_effective,),
                event_type=events.REVISION_SUPERSEDED,
                effects=(_effect("revisions.revision_superseded_effect"),),
            ),
            Transition(
                name="withdraw",
                label=_("Withdraw"),
                done=_("withdrawn"),
                source=(RevisionStatus.EFFECTIVE,),
                target=RevisionStatus.OBSOLETE,
                permission="withdraw",
                reason=True,
                guards=(rules.document_made_obsolete,),
                event_type=events.REVISION_WITHDRAWN,
                effects=(_effect("revisions.revision_withdrawn_effect"),),
            ),
        ),
    ),
)

DOCUMENT_WORKFLOW = register_workflow(
    Document,
    Workflow(
        field="status",
        states=DocumentStatus,
        transitions=(
            Transition(
                name="make_obsolete",
                label=_("Make obsolete"),
                done=_("made obsolete"),
                source=(DocumentStatus.ACTIVE,),
                target=DocumentStatus.OBSOLETE,
                permission="make_obsolete",
                reason=True,
                event_type=events.DOCUMENT_MADE_OBSOLETE,
                effects=(_effect("documents.document_obsolete_effect"),),
            ),
            Transition(
                name="dispose",
                label=_("Dispose of record"),
                done=_("disposed of"),
                source=(DocumentStatus.ACTIVE, DocumentStatus.OBSOLETE),
                target=DocumentStatus.DISPOSED,
                permission="dispose",
                reason=True,
                guards=(rules.retention_passed,),
                event_type=events.DOCUMENT_DISPOSED,
                effects=(_effect("retention.document_disposed_effect"),),
            ),
        ),
    ),
)
