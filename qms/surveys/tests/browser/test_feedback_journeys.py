"""In the browser: a customer answers a survey on a phone (no log-in) and a second answer is
refused; a quality manager escalates a complaint to a nonconformity in one step and reads the
survey results on a phone. Screenshots go to var/screenshots/."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from qms.core.tests.browser.helpers import (
    PHONE,
    fits_width,
    log_in,
    screenshot,
    unlabelled_controls,
)
from qms.nonconformities.models import Nonconformity
from qms.surveys.models import SurveyResponse
from qms.surveys.selectors import questions_of

pytestmark = pytest.mark.browser


def test_a_customer_answers_on_a_phone_and_cannot_answer_twice(
    new_context: Any, invite: Any, open_survey: Any, organization: Any
) -> None:
    _invitation, token = invite()
    page = new_context(viewport=PHONE).new_page()
    page.goto(f"/s/{token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(open_survey.title)
    assert fits_width(page)
    assert unlabelled_controls(page) == []
    rating_5, rating_10, comment = questions_of(survey=open_survey)
    page.get_by_role("group", name=rating_5.text).get_by_label("4").check(force=True)
    page.get_by_role("group", name=rating_10.text).get_by_label("9").check(force=True)
    page.get_by_label(comment.text).fill("Quick and friendly service.")
    screenshot(page, "survey-answer-phone")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert SurveyResponse.objects.for_organization(organization).count() == 1

    page.goto(f"/s/{token}/")
    expect(page.locator("[data-link-message]")).to_contain_text(
        "This survey link has already been answered on"
    )
    assert fits_width(page)
    screenshot(page, "survey-answered-phone")


def test_a_missing_rating_is_named_beside_its_question(
    new_context: Any, invite: Any, open_survey: Any
) -> None:
    _invitation, token = invite()
    page = new_context(viewport=PHONE).new_page()
    page.goto(f"/s/{token}/")
    page.get_by_role("button", name="Send my answers").click()
    rating_5 = questions_of(survey=open_survey)[0]
    expect(page.locator(f"#q{rating_5.pk}-error")).to_have_text("Please choose a rating.")
    assert fits_width(page)


def test_a_complaint_is_escalated_in_one_step(
    page: Any, quality_manager: Any, organization: Any
) -> None:
    from django.utils import timezone

    from qms.complaints.services import complaint_create

    complaint = complaint_create(
        actor=quality_manager,
        organization=organization,
        data={
            "customer_name": "Northern Rail Supplies",
            "received_on": timezone.localdate(),
            "description": "Two gauges arrived with cracked glass.",
            "owner": quality_manager,
        },
    )
    log_in(page, quality_manager.email)
    page.goto(complaint.get_absolute_url())
    page.get_by_role("link", name="Escalate to a nonconformity").first.click()
    page.get_by_label("Severity of the nonconformity").select_option("major")
    page.get_by_role("button", name="Escalate").click()
    nonconformity = Nonconformity.objects.for_organization(organization).get()
    expect(page.locator("[data-escalated]")).to_contain_text(nonconformity.number)
    screenshot(page, "complaint-escalated")


def test_results_read_on_a_phone(
    new_context: Any, quality_manager: Any, invite: Any, open_survey: Any
) -> None:
    from qms.surveys import services
    from qms.surveys.tests.conftest import answers_for

    for number in range(3):
        _invitation, token = invite(email=f"c{number}@customer.example", name=f"C{number}")
        services.response_submit(token=token, answers=answers_for(open_survey))
    page = new_context(viewport=PHONE).new_page()
    log_in(page, quality_manager.email)
    page.goto(f"/surveys/results/{open_survey.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(open_survey.title)
    assert fits_width(page)
    screenshot(page, "survey-results-phone")
    page.goto("/surveys/results/")
    assert fits_width(page)
    screenshot(page, "survey-trend-phone")
