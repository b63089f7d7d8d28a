"""The application review workflow (ISO/IEC 17021-1 §9.1.2):

received → under review (`review`: the competence and scope check is stored with the
reviewer and the day) → accepted (`accept`) or declined (`decline`, the reasons told to the
applicant); `withdraw` records that the applicant withdrew it (received or under review).

The accept guard reads the facts as they are at the moment of acceptance (qualifications,
accreditation, the pre-transfer review) and hands them to rules.acceptance; its refusal
lists every problem. Registered when setup.register() imports this module.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.workflow import Transition, Workflow, register_workflow

from ..choices import ApplicationStatus as S
from ..models import Application
from . import events, rules, selectors, services


def application_complete(*, obj: Any, actor: Any) -> str | None:
    """Something to review: at least one standard and one IAF code."""
    return rules.request_problem(
        edition_count=len(obj.editions.all()), code_count=len(obj.iaf_codes.all())
    )


def application_acceptable(*, obj: Any, actor: Any) -> str | None:
    """Competent, inside the accredited scope (unless non-accredited with a reason) and, for
    a transfer, the pre-transfer review passed: checked now, not as at the review."""
    today = timezone.localdate()
    check = selectors.review_check(application=obj, on_date=today)
    return selectors.acceptance_of(application=obj, check=check, today=today).refusal


APPLICATION_WORKFLOW = register_workflow(
    Application,
    Workflow(
        field="status",
        states=S,
        transitions=(
            Transition(
                name="review",
                label=_("Start the review"),
                done=_("put under review"),
                source=(S.RECEIVED,),
                target=S.UNDER_REVIEW,
                permission="review",
                guards=(application_complete,),
                event_type=events.APPLICATION_REVIEW_STARTED,
                effects=(services.application_record_review,),
            ),
            Transition(
                name="accept",
                label=_("Accept"),
                done=_("accepted"),
                source=(S.UNDER_REVIEW,),
                target=S.ACCEPTED,
                permission="accept",
                guards=(application_acceptable,),
                event_type=events.APPLICATION_ACCEPTED,
                effects=(services.application_record_decision,),
            ),
            Transition(
                name="decline",
                label=_("Decline"),
                done=_("declined"),
                source=(S.UNDER_REVIEW,),
                target=S.DECLINED,
                permission="decline",
                reason=True,
                event_type=events.APPLICATION_DECLINED,
                effects=(services.application_record_decision,),
            ),
            Transition(
                name="withdraw",
                label=_("Record withdrawal by the applicant"),
                done=_("withdrawn"),
                source=(S.RECEIVED, S.UNDER_REVIEW),
                target=S.WITHDRAWN,
                permission="withdraw",
                reason=True,
                event_type=events.APPLICATION_WITHDRAWN,
            ),
        ),
    ),
)
