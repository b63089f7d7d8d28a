"""Surveys and their questions (questions change only while the survey is a draft)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from qms.core.errors import Conflict
from qms.core.services import lock_for_change, model_create, model_delete, model_update

from .. import events, rules
from ..models import Survey, SurveyInvitation, SurveyQuestion
from ..specs import QUESTION, SURVEY

if TYPE_CHECKING:
    from qms.accounts.models import User
    from qms.organizations.models import Organization


@transaction.atomic
def survey_create(
    *, actor: User | None, organization: Organization, data: Mapping[str, Any]
) -> Survey:
    return model_create(
        actor=actor,
        model=Survey,
        organization=organization,
        data=data,
        fields=SURVEY.fields,
        event_type=events.SURVEY_CREATED,
    )


@transaction.atomic
def survey_update(
    *, actor: User, instance: Survey, data: Mapping[str, Any], version: int | None = None
) -> Survey:
    survey, _changed = model_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=SURVEY.fields,
        event_type=events.SURVEY_UPDATED,
        version=version,
    )
    return survey


@transaction.atomic
def survey_delete(*, actor: User, instance: Survey, version: int | None = None) -> None:
    """Delete a draft survey nobody was invited to, with its questions (each recorded)."""
    survey = lock_for_change(instance, version=version)
    invited = SurveyInvitation.objects.for_organization(survey.organization_id).filter(
        survey=survey
    )
    problem = rules.survey_delete_problem(status=survey.status, invitation_count=invited.count())
    if problem:
        raise Conflict(problem)
    questions = SurveyQuestion.objects.for_organization(survey.organization_id).filter(
        survey=survey
    )
    for question in questions:
        model_delete(actor=actor, instance=question, event_type=events.QUESTION_DELETED)
    model_delete(actor=actor, instance=survey, event_type=events.SURVEY_DELETED)


def _lock_draft(survey: Any, *, field: str = "survey") -> Survey:
    """The survey's row, locked, refusing unless it is a draft (so a question cannot change
    while the survey is being opened)."""
    if survey is None:
        raise ValidationError({field: "Choose a survey."})
    locked: Survey = Survey._base_manager.select_for_update().get(pk=survey.pk)
    problem = rules.questions_locked_problem(status=locked.status)
    if problem:
        raise Conflict(problem, errors={field: [problem]})
    return locked


@transaction.atomic
def question_create(
    *, actor: User | None, organization: Organization, data: Mapping[str, Any]
) -> SurveyQuestion:
    survey = data.get("survey")
    if survey is not None and survey.organization_id != organization.pk:
        raise ValidationError({"survey": "Choose one of your organization's surveys."})
    _lock_draft(survey)
    return model_create(
        actor=actor,
        model=SurveyQuestion,
        organization=organization,
        data=data,
        fields=QUESTION.fields,
        event_type=events.QUESTION_CREATED,
    )


@transaction.atomic
def question_update(
    *, actor: User, instance: SurveyQuestion, data: Mapping[str, Any], version: int | None = None
) -> SurveyQuestion:
    _lock_draft(instance.survey)
    target = data.get("survey")
    if target is not None and target.pk != instance.survey_id:
        if target.organization_id != instance.organization_id:
            raise ValidationError({"survey": "Choose one of your organization's surveys."})
        _lock_draft(target)
    question, _changed = model_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=QUESTION.fields,
        event_type=events.QUESTION_UPDATED,
        version=version,
    )
    return question


@transaction.atomic
def question_delete(*, actor: User, instance: SurveyQuestion, version: int | None = None) -> None:
    _lock_draft(instance.survey)
    model_delete(
        actor=actor, instance=instance, event_type=events.QUESTION_DELETED, version=version
    )
