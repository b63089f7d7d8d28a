"""The survey workflow: draft → open (at least one question; the questions lock) → closed
(no more answers). Registered from the app's `ready()`; core serves it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qms.core.workflow import Transition, Workflow, register_workflow

from . import events, rules
from .choices import SurveyStatus
from .models import Survey

SURVEY_WORKFLOW = register_workflow(
    Survey,
    Workflow(
        field="status",
        states=SurveyStatus,
        transitions=(
            Transition(
                name="open",
                label=_("Open for answers"),
                done=_("opened"),
                source=(SurveyStatus.DRAFT,),
                target=SurveyStatus.OPEN,
                permission="open",
                guards=(rules.has_questions,),
                event_type=events.SURVEY_OPENED,
            ),
            Transition(
                name="close",
                label=_("Close"),
                done=_("closed"),
                source=(SurveyStatus.OPEN,),
                target=SurveyStatus.CLOSED,
                permission="close",
                event_type=events.SURVEY_CLOSED,
            ),
        ),
    ),
)
