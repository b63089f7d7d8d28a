"""Member pages of surveys: lists (query budgets), the survey page, inviting customers,
results and results over time (query budgets), 404 across organizations, the card."""

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

LISTS = {
    "surveys:survey_list": SurveyFactory,
    "surveys:surveyquestion_list": SurveyQuestionFactory,
    "surveys:surveyinvitation_list": SurveyInvitationFactory,
    "surveys:surveyresponse_list": SurveyResponseFactory,
}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_list_costs_the_same_with_a_few_or_many_rows(
    name: str,
    organization: Any,
    quality_manager: Any,
    client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(quality_manager)
    make = LISTS[name]
    make.create_batch(3, organization=organization)
    client.get(reverse(name))
    with django_assert_max_num_queries(12) as few:
        assert client.get(reverse(name)).status_code == 200
    make.create_batch(40, organization=organization)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(name) + "?per_page=50").status_code == 200


def _answered_survey(organization: Any, respondents: int) -> Survey:
    survey = SurveyFactory(organization=organization, status="open")
    questions = [
        SurveyQuestionFactory(organization=organization, survey=survey, kind=kind)
        for kind in ("rating_5", "rating_10", "comment")
    ]
    for index in range(respondents):
        response = SurveyResponseFactory(
            organization=organization, invitation__survey=survey, survey=survey
        )
        for question in questions:
            SurveyAnswerFactory(
                response=response,
                question=question,
                rating=None if question.kind == "comment" else 1 + index % 5,
                comment=f"Comment {index}" if question.kind == "comment" else "",
            )
    return survey


def test_the_results_page_costs_the_same_with_a_few_or_many_answers(
    organization: Any,
    quality_manager: Any,
    client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(quality_manager)
    small = _answered_survey(organization, 2)
    big = _answered_survey(organization, 30)
    client.get(reverse("surveys:survey_results", args=[small.pk]))
    with django_assert_max_num_queries(14) as few:
        assert client.get(reverse("surveys:survey_results", args=[small.pk])).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("surveys:survey_results", args=[big.pk]))
    page = response.content.decode()
    assert "Response rate" in page
    assert "100.0 %" in page
    assert "mean <strong>3.0</strong>" in page  # 1..5 six times each
    assert "Comment 29" in page


def test_results_over_time_and_the_satisfaction_card(
    organization: Any, quality_manager: Any, client_for: Any
) -> None:
    _answered_survey(organization, 5)
    client = client_for(quality_manager)
    response = client.get(reverse("surveys:results_over_time"))
    assert response.status_code == 200
    assert b"Customer satisfaction index" in response.content
    assert b"Mean rating per question (1 to 5)" in response.content
    from qms.core.dashboard import dashboard_page

    if dashboard_page("improvement") is not None:
        card = client.get(reverse("core:dashboard_page", kwargs={"slug": "improvement"}))
        assert card.status_code == 200
        assert b"satisfaction index (0" in card.content


def test_the_survey_page_offers_what_its_state_allows(
    draft_survey: Survey, quality_manager: Any, viewer: Any, client_for: Any
) -> None:
    client = client_for(quality_manager)
    page = client.get(draft_survey.get_absolute_url()).content.decode()
    assert "Add a question" in page
    assert "transition/open" in page
    assert "Invite customers" not in page
    viewer_page = client_for(viewer).get(draft_survey.get_absolute_url()).content.decode()
    assert "Add a question" not in viewer_page
    assert "transition/open" not in viewer_page


def test_inviting_from_the_page_with_rows_and_a_pasted_list(
    open_survey: Survey, organization: Any, quality_manager: Any, client_for: Any
) -> None:
    client = client_for(quality_manager)
    add = reverse("surveys:surveyinvitation_add")
    assert client.get(f"{add}?survey={open_survey.pk}").status_code == 200
    bad = client.post(
        add,
        {
            "survey": open_survey.pk,
            "name_1": "Acme Retail",
            "email_1": "buyer@acme-retail.example",
            "pasted": "Delta Instruments <orders@delta.example>\nno address here\n",
        },
    )
    assert bad.status_code == 400
    assert "Line 2: write the customer&#x27;s name" in bad.content.decode()
    assert not SurveyInvitation.objects.for_organization(organization).exists()
    good = client.post(
        add,
        {
            "survey": open_survey.pk,
            "name_1": "Acme Retail",
            "email_1": "buyer@acme-retail.example",
            "contact_1": "Bo Lee",
            "pasted": "Delta Instruments <orders@delta.example>\n",
        },
    )
    assert good.status_code == 302
    emails = set(
        SurveyInvitation.objects.for_organization(organization).values_list("email", flat=True)
    )
    assert emails == {"buyer@acme-retail.example", "orders@delta.example"}
    again = client.post(add, {"survey": open_survey.pk, "pasted": "Again <ORDERS@delta.example>"})
    assert again.status_code == 400
    assert "already invited" in again.content.decode()


def test_questions_pages_refuse_changes_once_open(
    open_survey: Survey, quality_manager: Any, client_for: Any
) -> None:
    from qms.surveys.selectors import questions_of

    question = questions_of(survey=open_survey)[0]
    response = client_for(quality_manager).post(
        reverse("surveys:surveyquestion_edit", args=[question.pk]),
        {"survey": open_survey.pk, "text": "Changed?", "kind": "rating_5", "order": 0},
    )
    assert response.status_code == 400
    assert "locked" in response.content.decode()


def test_a_response_page_shows_the_answers(
    open_survey: Survey, invite: Any, organization: Any, quality_manager: Any, client_for: Any
) -> None:
    _invitation, token = invite()
    response = services.response_submit(token=token, answers=answers_for(open_survey))
    page = client_for(quality_manager).get(response.get_absolute_url())
    assert page.status_code == 200
    assert "How likely are you to recommend us?" in page.content.decode()


def test_an_employee_reads_surveys_but_not_who_was_invited(
    open_survey: Survey, invite: Any, employee: Any, client_for: Any
) -> None:
    invitation, _token = invite()
    client = client_for(employee)
    assert client.get(open_survey.get_absolute_url()).status_code == 200
    assert client.get(reverse("surveys:surveyinvitation_list")).status_code == 403
    assert client.get(invitation.get_absolute_url()).status_code == 404


def test_another_organizations_survey_pages_are_404(
    other_organization: Any, quality_manager: Any, client_for: Any
) -> None:
    client = client_for(quality_manager)
    survey = _answered_survey(other_organization, 1)
    for name in ("survey_detail", "survey_results", "survey_edit", "survey_delete"):
        assert client.get(reverse(f"surveys:{name}", args=[survey.pk])).status_code == 404
    invitation = SurveyInvitationFactory(organization=other_organization)
    assert client.get(invitation.get_absolute_url()).status_code == 404
    theirs = SurveyInvitation.objects.for_organization(other_organization)
    before = theirs.count()
    add = reverse("surveys:surveyinvitation_add")
    response = client.post(add, {"survey": invitation.survey_id, "pasted": "A <a@b.example>"})
    assert response.status_code == 400
    assert theirs.count() == before


def test_a_refused_delete_or_withdrawal_is_a_message_and_nothing_is_removed(
    open_survey: Survey, invite: Any, quality_manager: Any, client_for: Any
) -> None:
    client = client_for(quality_manager)
    row, token = invite()
    services.response_submit(token=token, answers=answers_for(open_survey))
    url = reverse("surveys:survey_delete", args=[open_survey.pk])
    page = client.post(url, {"version": open_survey.version}, follow=True)
    assert page.status_code == 200
    assert Survey.objects.filter(pk=open_survey.pk).exists()
    assert [m.level_tag for m in page.context["messages"]] == ["error"]
    row.refresh_from_db()
    url = reverse("surveys:surveyinvitation_delete", args=[row.pk])
    page = client.post(url, {"version": row.version}, follow=True)
    assert page.status_code == 200
    assert SurveyInvitation.objects.filter(pk=row.pk).exists()
    assert [m.level_tag for m in page.context["messages"]] == ["error"]
