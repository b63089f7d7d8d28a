"""The review lifecycle: planned → pack compiled → held → minutes approved (signed by the
owner or the chairing quality manager); cancelled with a reason before the minutes are
approved. Recompiling the pack does not change the state (services.pack_compile)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from qms.actions.origins import register_origin_rule
from qms.core.workflow import Transition, Workflow, register_workflow

from . import events, rules
from .choices import ReviewStatus as S
from .models import ManagementReview


def may_hold(*, obj: Any, actor: Any) -> str | None:
    from .selectors import present_count

    return rules.hold_problem(
        compiled=obj.compiled_at is not None, present=present_count(review=obj)
    )


def may_approve(*, obj: Any, actor: Any) -> str | None:
    return rules.approve_problem(
        minutes=obj.minutes, conclusion=obj.conclusion, held_on=obj.held_on
    )


def _compile(*, obj: Any, actor: Any, reason: str, signature: Any) -> None:
    from .services import write_sections

    write_sections(review=obj)


def _mark_held(*, obj: Any, actor: Any, reason: str, signature: Any) -> None:
    from django.utils import timezone

    if obj.held_on is None:
        ManagementReview.objects.for_organization(obj.organization_id).filter(pk=obj.pk).update(
            held_on=timezone.localdate()
        )
        obj.held_on = timezone.localdate()


REVIEW_WORKFLOW = register_workflow(
    ManagementReview,
    Workflow(
        field="status",
        states=S,
        transitions=(
            Transition(
                name="compile",
                label=_("Compile the pack"),
                done=_("compiled"),
                source=(S.PLANNED,),
                target=S.PACK_COMPILED,
                permission="compile",
                event_type=events.PACK_COMPILED,
                effects=(_compile,),
            ),
            Transition(
                name="hold",
                label=_("Record as held"),
                done=_("recorded as held"),
                source=(S.PACK_COMPILED,),
                target=S.HELD,
                permission="hold",
                guards=(may_hold,),
                event_type=events.REVIEW_HELD,
                effects=(_mark_held,),
            ),
            Transition(
                name="approve",
                label=_("Approve the minutes"),
                done=_("approved"),
                source=(S.HELD,),
                target=S.MINUTES_APPROVED,
                permission="approve",
                guards=(may_approve,),
                signature="approved",
                event_type=events.MINUTES_APPROVED,
            ),
            Transition(
                name="cancel",
                label=_("Cancel"),
                done=_("cancelled"),
                source=(S.PLANNED, S.PACK_COMPILED, S.HELD),
                target=S.CANCELLED,
                permission="cancel",
                reason=True,
                event_type=events.REVIEW_CANCELLED,
            ),
        ),
    ),
)


def _takes_no_actions(origin: Any) -> str | None:
    return rules.frozen_problem(status=origin.status)


register_origin_rule(ManagementReview, _takes_no_actions)
