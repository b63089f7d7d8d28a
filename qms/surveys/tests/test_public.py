"""The public answer page /s/<token>/: no log-in, CSRF-safe, nothing of the organization
but its name and the survey's title and introduction, one answer per link (also two at
once), plain words for unknown, expired and closed links."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from qms.complaints.tests.factories import ComplaintFactory
from qms.core.workflow import model_transition
from qms.surveys.models import Survey, SurveyInvitation, SurveyResponse
from qms.surveys.selectors import questions_of
from qms.surveys.tests.conftest import answers_for
from qms.surveys.tests.factories import SurveyFactory


def url(token: str) -> str:
    return reverse("surveys_public:answer", args=[token])


def test_anyone_with_the_link_sees_the_form_and_nothing_else_of_the_organization(
    open_survey: Survey, invite: Any, organization: Any, quality_manager: Any
) -> None:
    invitation, token = invite()
    secret_survey = SurveyFactory(organization=organization, title="Internal pricing review")
    complaint = ComplaintFactory(organization=organization, customer_name="Secret Customer Plc")
    response = Client().get(url(token))
    assert response.status_code == 200
    page = response.content.decode()
    assert organization.name in page
    assert open_survey.title in page
    assert open_survey.intro in page
    for question in questions_of(survey=open_survey):
        assert question.text.replace("'", "&#x27;") in page
    for leak in (
        secret_survey.title,
        complaint.customer_name,
        complaint.number,
        quality_manager.email,
        invitation.email,  # a forwarded link shows nothing about whom it was sent to
        invitation.customer_name,
        open_survey.period_label,
        'class="sidenav"',
        "Log out",
    ):
        assert leak not in page, leak
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_ratings_are_accessible_radio_groups(open_survey: Survey, invite: Any) -> None:
    _invitation, token = invite()
    page = Client().get(url(token)).content.decode()
    rating_5 = questions_of(survey=open_survey)[0]
    assert page.count(f'type="radio" name="q{rating_5.pk}"') == 5
    assert "<fieldset" in page and "<legend>" in page
    assert 'aria-describedby="q' in page
    assert 'style="' not in page


def test_answering_stores_one_response_and_a_second_answer_is_refused_with_the_date(
    open_survey: Survey, invite: Any, organization: Any
) -> None:
    invitation, token = invite()
    client = Client()
    first = client.post(url(token), answers_for(open_survey))
    assert first.status_code == 200
    assert b"Thank you" in first.content
    stored = SurveyInvitation.objects.for_organization(organization).get(pk=invitation.pk)
    expected = (
        f"This survey link has already been answered on {stored.answered_at:%d %B %Y}. Thank you."
    )
    second = client.post(url(token), answers_for(open_survey))
    assert second.status_code == 409
    assert expected in second.content.decode()
    assert Client().get(url(token)).status_code == 409
    assert SurveyResponse.objects.for_organization(organization).count() == 1


def test_missing_or_bad_answers_show_beside_the_question(open_survey: Survey, invite: Any) -> None:
    _invitation, token = invite()
    rating_5 = questions_of(survey=open_survey)[0]
    response = Client().post(url(token), answers_for(open_survey, **{f"q{rating_5.pk}": "7"}))
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="q{rating_5.pk}-error"' in page
    assert "Choose a rating from 1 to 5." in page


def test_the_form_is_csrf_protected(open_survey: Survey, invite: Any, organization: Any) -> None:
    _invitation, token = invite()
    client = Client(enforce_csrf_checks=True)
    assert client.post(url(token), answers_for(open_survey)).status_code == 403
    page = client.get(url(token))
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    assert not SurveyResponse.objects.for_organization(organization).exists()


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ("expire", 410, "expired on"),
        ("close", 410, "This survey is closed"),
        ("unknown", 404, "not valid"),
        ("malformed", 404, "not valid"),
    ],
)
def test_unusable_links_say_so_plainly(
    change: str,
    status: int,
    words: str,
    open_survey: Survey,
    invite: Any,
    quality_manager: Any,
    organization: Any,
) -> None:
    invitation, token = invite()
    if change == "expire":
        SurveyInvitation.objects.for_organization(organization).filter(pk=invitation.pk).update(
            expires_on=timezone.localdate() - dt.timedelta(days=1)
        )
    elif change == "close":
        model_transition(actor=quality_manager, instance=open_survey, transition="close")
    elif change == "unknown":
        token = "A" * 43
    else:
        token = "not-a-token"
    for response in (Client().get(url(token)), Client().post(url(token), {})):
        assert response.status_code == status
        page = response.content.decode()
        assert words in page
        assert open_survey.title not in page
        assert organization.name not in page
    assert not SurveyResponse.objects.for_organization(organization).exists()


def test_guessing_links_is_slowed_down(open_survey: Survey, invite: Any) -> None:
    from django.core.cache import cache

    from qms.surveys.views.public import LIMIT

    cache.clear()
    _invitation, token = invite()
    client = Client()
    for attempt in range(LIMIT):
        assert client.get(url(f"{attempt:043d}")).status_code == 404
    assert client.get(url("B" * 43)).status_code == 429
    assert client.get(url(token)).status_code == 429
    cache.clear()
    assert client.get(url(token)).status_code == 200


def test_behind_our_proxy_each_customer_is_counted_apart(
    open_survey: Survey, invite: Any, settings: Any
) -> None:
    from django.core.cache import cache

    from qms.surveys.views.public import LIMIT

    settings.TRUSTED_PROXIES = 1
    cache.clear()
    _invitation, token = invite()
    guesser = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    customer = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    for attempt in range(LIMIT):
        assert guesser.get(url(f"{attempt:043d}")).status_code == 404
    assert guesser.get(url(token)).status_code == 429
    assert customer.get(url(token)).status_code == 200
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_two_answers_at_once_leave_one_response(organization: Any, quality_manager: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite cannot run two writing transactions at once")
    from qms.surveys import services

    survey = services.survey_create(
        actor=quality_manager, organization=organization, data={"title": "T", "period_label": "P"}
    )
    services.question_create(
        actor=quality_manager,
        organization=organization,
        data={"survey": survey, "text": "Q?", "kind": "rating_5"},
    )
    survey = model_transition(actor=quality_manager, instance=survey, transition="open")
    [invitation] = services.invitations_send(
        actor=quality_manager, survey=survey, invitees=[services.Invitee("A", "a@c.example")]
    )
    from qms.surveys.tokens import token_for

    token = token_for(invitation.token_nonce)
    answers = answers_for(survey)
    start = threading.Barrier(2)
    codes: list[int] = []

    def submit() -> None:
        try:
            start.wait()
            codes.append(Client().post(url(token), answers).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [200, 409]
    assert SurveyResponse.objects.for_organization(organization).count() == 1


def test_tampered_answers_are_refused_or_ignored(
    open_survey: Survey, invite: Any, organization: Any
) -> None:
    _invitation, token = invite()
    other = SurveyFactory(organization=organization, status="open")
    rating_5, _rating_10, comment = questions_of(survey=open_survey)
    answers = answers_for(open_survey, **{f"q{comment.pk}": "bad\x00byte"})
    response = Client().post(url(token), {**answers, "q999999": "5", f"q{other.pk}": "1"})
    assert response.status_code == 400
    assert "cannot be stored" in response.content.decode()
    response = Client().post(
        url(token), {**answers_for(open_survey), f"q{rating_5.pk}": "4 OR 1=1"}
    )
    assert response.status_code == 400
    assert not SurveyResponse.objects.for_organization(organization).exists()
