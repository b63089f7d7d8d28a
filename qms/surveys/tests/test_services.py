"""Surveys, questions (locked once open), invitations (per-row errors, links e-mailed on
commit, the token never stored) and answers (atomic, one per link)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from qms.core.audit import AuditEvent
from qms.core.errors import Conflict, TransitionRefused
from qms.core.workflow import model_transition
from qms.surveys import services
from qms.surveys.models import Survey, SurveyAnswer, SurveyInvitation, SurveyResponse
from qms.surveys.selectors import questions_of
from qms.surveys.tasks import send_invitation_email
from qms.surveys.tests.conftest import answers_for
from qms.surveys.tokens import token_hash


def test_a_survey_without_questions_cannot_open(organization: Any, quality_manager: Any) -> None:
    survey = services.survey_create(
        actor=quality_manager,
        organization=organization,
        data={"title": "Empty", "period_label": "2026"},
    )
    with pytest.raises(TransitionRefused, match="no question"):
        model_transition(actor=quality_manager, instance=survey, transition="open")


def test_questions_lock_once_the_survey_is_open(
    open_survey: Survey, organization: Any, quality_manager: Any
) -> None:
    question = questions_of(survey=open_survey)[0]
    with pytest.raises(Conflict, match="locked"):
        services.question_create(
            actor=quality_manager,
            organization=organization,
            data={"survey": open_survey, "text": "Late one?", "kind": "comment"},
        )
    with pytest.raises(Conflict, match="locked"):
        services.question_update(actor=quality_manager, instance=question, data={"text": "New"})
    with pytest.raises(Conflict, match="locked"):
        services.question_delete(actor=quality_manager, instance=question)
    assert len(questions_of(survey=open_survey)) == 3


def test_a_draft_survey_is_deleted_with_its_questions_and_an_open_one_is_not(
    draft_survey: Survey, quality_manager: Any, organization: Any
) -> None:
    other = services.survey_create(
        actor=quality_manager, organization=organization, data={"title": "B", "period_label": "x"}
    )
    services.survey_delete(actor=quality_manager, instance=other)
    assert not Survey.objects.for_organization(organization).filter(pk=other.pk).exists()
    opened = model_transition(actor=quality_manager, instance=draft_survey, transition="open")
    with pytest.raises(Conflict):
        services.survey_delete(actor=quality_manager, instance=opened)


def test_inviting_names_each_faulty_row_and_writes_nothing(
    open_survey: Survey, quality_manager: Any, invite: Any, organization: Any
) -> None:
    invite(email="taken@customer.example")
    with pytest.raises(ValidationError) as raised:
        services.invitations_send(
            actor=quality_manager,
            survey=open_survey,
            invitees=[
                services.Invitee("Good Ltd", "good@customer.example"),
                services.Invitee("", "noname@customer.example"),
                services.Invitee("Bad mail", "not-an-address"),
                services.Invitee("Again", "TAKEN@customer.example"),
                services.Invitee("Twice", "good@customer.example"),
            ],
        )
    problems = raised.value.message_dict["invitees"]
    assert problems == [
        "Row 2: enter the customer's name.",
        "Row 3: “not-an-address” is not a valid e-mail address.",
        "Row 4: taken@customer.example is already invited to this survey.",
        "Row 5: good@customer.example is listed twice.",
    ]
    assert SurveyInvitation.objects.for_organization(organization).count() == 1


def test_only_an_open_survey_takes_invitations(draft_survey: Survey, quality_manager: Any) -> None:
    with pytest.raises(Conflict, match="open survey"):
        services.invitations_send(
            actor=quality_manager,
            survey=draft_survey,
            invitees=[services.Invitee("A", "a@customer.example")],
        )


def test_the_link_is_emailed_once_after_commit_and_never_stored(
    open_survey: Survey,
    quality_manager: Any,
    organization: Any,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    settings.SURVEYS_LINK_DAYS = 30
    with django_capture_on_commit_callbacks(execute=True):
        [invitation] = services.invitations_send(
            actor=quality_manager,
            survey=open_survey,
            invitees=[services.Invitee("Northern Rail", "buyer@nrs.example", "Ann Baker")],
        )
    # The immediate test backend runs the task at once: one e-mail with the public link.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["buyer@nrs.example"]
    assert open_survey.title in message.subject
    link = next(word for word in message.body.split() if "/s/" in word)
    token = link.rstrip("/").rsplit("/", 1)[1]
    stored = SurveyInvitation.objects.for_organization(organization).get(pk=invitation.pk)
    assert stored.token_hash == token_hash(token)
    assert stored.sent_at is not None
    assert stored.expires_on == timezone.localdate() + dt.timedelta(days=30)
    # The token itself is nowhere in the row, nor in any audit event.
    row = SurveyInvitation.objects.for_organization(organization).filter(pk=invitation.pk)
    assert token not in str(list(row.values()))
    assert not any(token in str(e.after) + str(e.data) for e in AuditEvent.objects.all())
    # Sending again sends nothing.
    assert send_invitation_email.call(invitation_id=invitation.pk) is False
    assert len(mail.outbox) == 1


def test_a_rolled_back_invitation_sends_nothing(
    open_survey: Survey, quality_manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.invitations_send(
                actor=quality_manager,
                survey=open_survey,
                invitees=[services.Invitee("A", "a@customer.example")],
            )
            raise RuntimeError
    assert mail.outbox == []


def test_an_answer_is_stored_once_with_its_events(
    open_survey: Survey, invite: Any, organization: Any
) -> None:
    invitation, token = invite()
    response = services.response_submit(token=token, answers=answers_for(open_survey))
    assert response.invitation_id == invitation.pk
    assert SurveyAnswer.objects.filter(response=response).count() == 3
    stored = SurveyInvitation.objects.for_organization(organization).get(pk=invitation.pk)
    assert stored.answered_at == response.submitted_at
    assert AuditEvent.objects.for_subject(response).get().event_type == "survey_response.submitted"
    with pytest.raises(services.LinkRefused) as refused:
        services.response_submit(token=token, answers=answers_for(open_survey))
    assert refused.value.status == 409
    assert refused.value.message == (
        f"This survey link has already been answered on {stored.answered_at:%d %B %Y}. Thank you."
    )
    assert SurveyResponse.objects.for_organization(organization).count() == 1


def test_bad_answers_are_refused_by_question_and_store_nothing(
    open_survey: Survey, invite: Any, organization: Any
) -> None:
    _invitation, token = invite()
    rating_5, rating_10, _comment = questions_of(survey=open_survey)
    with pytest.raises(ValidationError) as raised:
        services.response_submit(
            token=token,
            answers=answers_for(open_survey, **{f"q{rating_5.pk}": "", f"q{rating_10.pk}": "11"}),
        )
    assert set(raised.value.message_dict) == {f"q{rating_5.pk}", f"q{rating_10.pk}"}
    assert not SurveyResponse.objects.for_organization(organization).exists()
    # Optional questions may stay empty.
    services.response_submit(
        token=token,
        answers={f"q{rating_5.pk}": "5"},
    )


@pytest.mark.parametrize(
    ("change", "status"),
    [("expire", 410), ("close", 410), ("withdraw", 404), ("garbage", 404)],
)
def test_expired_closed_withdrawn_or_unknown_links_are_refused(
    change: str, status: int, open_survey: Survey, invite: Any, quality_manager: Any
) -> None:
    invitation, token = invite()
    if change == "expire":
        SurveyInvitation.objects.for_organization(invitation.organization_id).filter(
            pk=invitation.pk
        ).update(expires_on=timezone.localdate() - dt.timedelta(days=1))
    elif change == "close":
        model_transition(actor=quality_manager, instance=open_survey, transition="close")
    elif change == "withdraw":
        services.invitation_delete(actor=quality_manager, instance=invitation)
    else:
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    with pytest.raises(services.LinkRefused) as refused:
        services.response_submit(token=token, answers=answers_for(open_survey))
    assert refused.value.status == status


def test_an_answered_invitation_cannot_be_withdrawn(
    open_survey: Survey, invite: Any, quality_manager: Any
) -> None:
    invitation, token = invite()
    services.response_submit(token=token, answers=answers_for(open_survey))
    with pytest.raises(Conflict, match="cannot be withdrawn"):
        services.invitation_delete(actor=quality_manager, instance=invitation)
