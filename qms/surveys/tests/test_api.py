"""/api/v1/surveys/…: lists with query budgets, invitations without their link, responses
read-only with answers, questions locked once open, 404 across organizations."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from qms.surveys import services
from qms.surveys.models import Survey, SurveyInvitation
from qms.surveys.tests.conftest import answers_for
from qms.surveys.tests.factories import (
    SurveyAnswerFactory,
    SurveyFactory,
    SurveyInvitationFactory,
    SurveyQuestionFactory,
    SurveyResponseFactory,
)


def _response_with_answers(organization: Any) -> Any:
    response = SurveyResponseFactory(organization=organization)
    for _ in range(3):
        SurveyAnswerFactory(response=response)
    return response


LISTS = {
    "api:surveys-survey-list": lambda org: SurveyFactory(organization=org),
    "api:surveys-surveyquestion-list": lambda org: SurveyQuestionFactory(organization=org),
    "api:surveys-surveyinvitation-list": lambda org: SurveyInvitationFactory(organization=org),
    "api:surveys-surveyresponse-list": _response_with_answers,
}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_list_costs_the_same_with_a_few_or_many_rows(
    name: str,
    organization: Any,
    quality_manager: Any,
    api_client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    api = api_client_for(quality_manager)
    for _ in range(2):
        LISTS[name](organization)
    api.get(reverse(name))
    with django_assert_max_num_queries(10) as few:
        assert api.get(reverse(name)).status_code == 200
    for _ in range(25):
        LISTS[name](organization)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = api.get(reverse(name) + "?page_size=50")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 27


def test_inviting_through_the_api_never_shows_the_link(
    open_survey: Survey, organization: Any, quality_manager: Any, api_client_for: Any
) -> None:
    api = api_client_for(quality_manager)
    url = reverse("api:surveys-surveyinvitation-list")
    bad = api.post(
        url,
        {"survey": open_survey.pk, "invitees": [{"customer_name": "A", "email": "nope"}]},
        format="json",
    )
    assert bad.status_code == 400
    empty = api.post(url, {"survey": open_survey.pk, "invitees": []}, format="json")
    assert empty.status_code == 400
    created = api.post(
        url,
        {
            "survey": open_survey.pk,
            "invitees": [
                {"customer_name": "Acme Retail", "email": "buyer@acme-retail.example"},
                {"customer_name": "Delta", "email": "orders@delta.example", "contact": "Jo"},
            ],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert [row["email"] for row in body] == ["buyer@acme-retail.example", "orders@delta.example"]
    for row in body:
        assert not {"token", "token_hash", "token_nonce"} & set(row)
    twice = api.post(
        url,
        {
            "survey": open_survey.pk,
            "invitees": [{"customer_name": "A", "email": "ORDERS@delta.example"}],
        },
        format="json",
    )
    assert twice.status_code == 400
    assert "already invited" in str(twice.json())
    assert SurveyInvitation.objects.for_organization(organization).count() == 2


def test_responses_are_read_only_with_their_answers(
    open_survey: Survey, invite: Any, quality_manager: Any, owner: Any, api_client_for: Any
) -> None:
    _invitation, token = invite()
    response = services.response_submit(token=token, answers=answers_for(open_survey))
    api = api_client_for(owner)
    detail = reverse("api:surveys-surveyresponse-detail", args=[response.pk])
    body = api.get(detail).json()
    assert len(body["answers"]) == 3
    assert body["customer_name"] == "Northern Rail"
    assert api.delete(detail).status_code == 405
    assert api.patch(detail, {}, format="json").status_code == 405
    assert (
        api.post(reverse("api:surveys-surveyresponse-list"), {}, format="json").status_code == 405
    )


def test_questions_are_locked_once_open_and_surveys_open_and_close(
    draft_survey: Survey, quality_manager: Any, api_client_for: Any
) -> None:
    api = api_client_for(quality_manager)
    opened = api.post(
        reverse("api:surveys-survey-transition", args=[draft_survey.pk, "open"]), {}, format="json"
    )
    assert opened.status_code == 200
    added = api.post(
        reverse("api:surveys-surveyquestion-list"),
        {"survey": draft_survey.pk, "text": "Late?", "kind": "comment"},
        format="json",
    )
    assert added.status_code == 409
    assert "locked" in added.json()["message"]


def test_another_organizations_records_are_404(
    other_organization: Any, quality_manager: Any, api_client_for: Any
) -> None:
    api = api_client_for(quality_manager)
    response = _response_with_answers(other_organization)
    for name, pk in (
        ("api:surveys-survey-detail", response.survey_id),
        ("api:surveys-surveyinvitation-detail", response.invitation_id),
        ("api:surveys-surveyresponse-detail", response.pk),
    ):
        assert api.get(reverse(name, args=[pk])).status_code == 404
    survey = SurveyFactory(organization=other_organization, status="open")
    invited = api.post(
        reverse("api:surveys-surveyinvitation-list"),
        {"survey": survey.pk, "invitees": [{"customer_name": "A", "email": "a@b.example"}]},
        format="json",
    )
    assert invited.status_code == 400


def test_invitee_errors_are_plain_messages_per_row(
    open_survey: Survey, quality_manager: Any, api_client_for: Any
) -> None:
    response = api_client_for(quality_manager).post(
        reverse("api:surveys-surveyinvitation-list"),
        {
            "survey": open_survey.pk,
            "invitees": [
                {"customer_name": "Good", "email": "good@customer.example"},
                {"customer_name": "", "email": "nope"},
            ],
        },
        format="json",
    )
    assert response.status_code == 400
    messages = response.json()["errors"]["invitees"]
    assert all(isinstance(message, str) for message in messages)
    assert any(message.startswith("Row 2: email:") for message in messages)
    assert any(message.startswith("Row 2: customer_name:") for message in messages)


def test_a_surveys_results_in_the_api(
    open_survey: Survey,
    invite: Any,
    quality_manager: Any,
    api_client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    for number in range(3):
        _invitation, token = invite(email=f"c{number}@customer.example", name=f"C{number}")
        services.response_submit(token=token, answers=answers_for(open_survey))
    invite(email="late@customer.example", name="Late")
    api = api_client_for(quality_manager)
    url = reverse("api:surveys-survey-results", args=[open_survey.pk])
    api.get(url)
    with django_assert_max_num_queries(10):
        body = api.get(url).json()
    assert (body["invited"], body["responded"], body["response_rate"]) == (4, 3, 75.0)
    rating_5, rating_10, comment = body["questions"]
    assert rating_5["mean"] == 4.0
    assert {"rating": 4, "count": 3} in rating_5["distribution"]
    assert len(rating_10["distribution"]) == 11
    assert comment["comments"] == ["Good.", "Good.", "Good."]
