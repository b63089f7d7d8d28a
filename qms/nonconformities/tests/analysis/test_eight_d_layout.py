"""The 8D report: the PDF's running header says the report once per page, D5 shows each
action once (in the table), and the web page's D4 shows the 5 whys and the fishbone."""

from __future__ import annotations

from typing import Any

import pytest

from qms.nonconformities.analysis.pdf import (
    _without_listed_actions,
    eight_d_context,
    eight_d_pdf_arguments,
)

from .test_pdf import report  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def test_the_running_header_does_not_repeat_the_title(report: Any) -> None:  # noqa: F811
    arguments = eight_d_pdf_arguments(report=report)
    assert report.nonconformity.number in arguments["title"]
    assert report.nonconformity.number not in arguments["header_right"]


def test_d5_lists_each_action_once_in_the_table(report: Any) -> None:  # noqa: F811
    assert "Count tool life" in report.d5_corrective_actions  # prefilled from the actions
    context = eight_d_context(report=report)
    d5 = next(d for d in context["disciplines"] if d["code"] == "D5")
    assert "Count tool life" not in d5["text"]
    assert [a["title"] for a in context["actions"]] == ["Count tool life"]


def test_d5_keeps_what_the_team_wrote_besides_the_actions() -> None:
    text = "ACT-2026-0001 Count tool life — Ann, due 2026-04-01\nChosen: cheapest lasting fix."
    assert _without_listed_actions(text, {"ACT-2026-0001"}) == "Chosen: cheapest lasting fix."
    assert _without_listed_actions(text, set()) == text


def test_the_web_page_shows_the_whys_and_the_fishbone_in_d4(
    report: Any,  # noqa: F811
    client_for: Any,
    quality_manager: Any,
) -> None:
    body = client_for(quality_manager).get(report.get_absolute_url()).content.decode()
    d4 = body[body.index('id="d4-heading"') : body.index('id="d5-heading"')]
    assert "data-whys" in d4
    assert "data-fishbone" in d4
