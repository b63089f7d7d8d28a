"""A survey's period is shown once, the demo's comments are not repeated on a results page,
and the menu marks "Survey results" on a survey's results page."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.urls import reverse

from qms.organizations import demo as organizations_demo
from qms.organizations.models import Organization
from qms.surveys import demo as surveys_demo
from qms.surveys.models import Survey
from qms.surveys.selectors import survey_results


@pytest.mark.parametrize(
    ("title", "period", "shown"),
    [
        ("Customer satisfaction", "2026 H1", "Customer satisfaction (2026 H1)"),
        ("Customer satisfaction 2026 H1", "2026 H1", "Customer satisfaction 2026 H1"),
        ("Customer satisfaction 2026 h1", "2026 H1", "Customer satisfaction 2026 h1"),
        ("Customer satisfaction", "", "Customer satisfaction"),
    ],
)
def test_the_period_is_shown_once(title: str, period: str, shown: str) -> None:
    assert str(Survey(title=title, period_label=period)) == shown


@pytest.mark.django_db
def test_the_demo_shows_each_comment_once_and_the_period_once(
    django_capture_on_commit_callbacks: Any,
) -> None:
    out = io.StringIO()
    organizations_demo.load(stdout=out)
    with django_capture_on_commit_callbacks(execute=False):
        surveys_demo.load(stdout=out)
    acme = Organization.objects.get(slug="acme")
    surveys = list(Survey.objects.for_organization(acme))
    assert len(surveys) == 3
    for survey in surveys:
        assert str(survey).count(survey.period_label) == 1
        results = survey_results(survey=survey)
        comments = [c for q in results.questions for c in q.comments]
        assert comments, "the demo answers the comment question"
        assert len(comments) == len(set(comments)), comments


@pytest.mark.django_db
def test_the_results_page_marks_survey_results_in_the_menu(
    open_survey: Survey, quality_manager: Any, client_for: Any
) -> None:
    url = reverse("surveys:survey_results", args=[open_survey.pk])
    html = client_for(quality_manager).get(url).content.decode()
    current = re.findall(r'<a class="nav-link" href="([^"]+)" aria-current="page">', html)
    assert current == [reverse("surveys:results_over_time")]
