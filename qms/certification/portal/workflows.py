"""Declared steps of the client portal (registered at import, from setup.register()).

Finding (majors and minors; conformities and observations stay "no response needed"):
open → submitted (the client's response: `services.response_submit`, which records the
response first; the guard refuses the step without one) → accepted (the auditor) or back to
open (returned with a required comment) → verified (majors only, after acceptance: method
and date recorded first by `services.finding_verify`). A minor ends at accepted: its plan is
verified at the next audit.

Portal access: active → revoked (reason) → active again ("restore", when the manager grants
the same person access again).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from qms.core.workflow import Transition, Workflow, register_workflow

from ..choices import FindingStatus as F
from ..choices import PortalAccessStatus as P
from ..choices import ResponseReview
from ..models import CertFinding, FindingResponse, PortalAccess
from . import events, rules, services
from .selectors import audit_team_ids, is_manager


def has_pending_response(*, obj: Any, actor: Any) -> str | None:
    pending = FindingResponse.objects.for_organization(obj.organization_id).filter(
        finding=obj, review=ResponseReview.PENDING
    )
    if not pending.exists():
        return "The client submits its response in the client portal."
    return None


def reviewer_on_team(*, obj: Any, actor: Any) -> str | None:
    audit = obj.audit
    return rules.reviewer_problem(
        is_manager=is_manager(actor, obj.organization_id),
        actor_id=getattr(actor, "pk", None),
        lead_auditor_id=audit.lead_auditor_id,
        team_ids=audit_team_ids(audit),
    )


def major_only(*, obj: Any, actor: Any) -> str | None:
    return rules.verify_problem(grade=obj.grade)


def verification_recorded(*, obj: Any, actor: Any) -> str | None:
    if not obj.verification_method or obj.verified_on is None:
        return "Record how and when it was verified on the finding's review page."
    return None


FINDING_WORKFLOW = register_workflow(
    CertFinding,
    Workflow(
        field="status",
        states=F,
        transitions=(
            Transition(
                name="submit",
                label=_("Submit the response"),
                done=_("answered"),
                source=(F.OPEN,),
                target=F.SUBMITTED,
                permission="respond",
                guards=(has_pending_response,),
                event_type=events.RESPONSE_SUBMITTED,
                effects=(services.submitted_effect,),
            ),
            Transition(
                name="accept",
                label=_("Accept the response"),
                done=_("accepted"),
                source=(F.SUBMITTED,),
                target=F.ACCEPTED,
                permission="review",
                guards=(reviewer_on_team, has_pending_response),
                event_type=events.RESPONSE_ACCEPTED,
                effects=(services.accepted_effect,),
            ),
            Transition(
                name="return",
                label=_("Return with comments"),
                done=_("returned"),
                source=(F.SUBMITTED,),
                target=F.OPEN,
                permission="review",
                guards=(reviewer_on_team, has_pending_response),
                reason=True,
                event_type=events.RESPONSE_RETURNED,
                effects=(services.returned_effect,),
            ),
            Transition(
                name="verify",
                label=_("Verify"),
                done=_("verified"),
                source=(F.ACCEPTED,),
                target=F.VERIFIED,
                permission="verify",
                guards=(major_only, reviewer_on_team, verification_recorded),
                reason=True,
                event_type=events.FINDING_VERIFIED,
                effects=(services.verified_effect,),
            ),
        ),
    ),
)

PORTAL_ACCESS_WORKFLOW = register_workflow(
    PortalAccess,
    Workflow(
        field="status",
        states=P,
        transitions=(
            Transition(
                name="revoke",
                label=_("Revoke access"),
                done=_("revoked"),
                source=(P.ACTIVE,),
                target=P.REVOKED,
                permission="revoke",
                reason=True,
                event_type=events.PORTAL_ACCESS_REVOKED,
                effects=(services.access_revoked_effect,),
            ),
            Transition(
                name="restore",
                label=_("Give access again"),
                done=_("given again"),
                source=(P.REVOKED,),
                target=P.ACTIVE,
                permission="add",
                reason=True,
                event_type=events.PORTAL_ACCESS_RESTORED,
            ),
        ),
    ),
)
