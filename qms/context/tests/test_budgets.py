"""Query budgets of the context's readers not covered in test_views/test_api: the overview,
the climate-decision list (page and API), the CSV exports of issues, parties and
requirements, and the PDF's context cost the same for 3 records of each kind as for 43."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qms.context.pdf import pdf_context
from qms.context.tests.factories import (
    ClimateDecisionFactory,
    ContextIssueFactory,
    InterestedPartyFactory,
    InterestedPartyRequirementFactory,
)

pytestmark = pytest.mark.django_db


def _records(organization: Any, owner: Any, n: int) -> None:
    for _ in range(n):
        ContextIssueFactory(organization=organization, owner=owner)
        party = InterestedPartyFactory(organization=organization, owner=owner)
        InterestedPartyRequirementFactory(organization=organization, party=party)
        ClimateDecisionFactory(organization=organization, decided_by=owner)


def _same_cost(organization: Any, owner: Any, fn: Any) -> None:
    _records(organization, owner, 3)
    fn()  # warm caches (session, permissions, content types)
    with CaptureQueriesContext(connection) as few:
        fn()
    _records(organization, owner, 40)
    with CaptureQueriesContext(connection) as many:
        fn()
    assert len(many.captured_queries) <= len(few.captured_queries)


def _read(response: Any) -> None:
    assert response.status_code == 200
    if response.streaming:
        b"".join(response.streaming_content)


def test_overview_and_climate_pages(
    organization: Any, quality_manager: Any, client_for: Any
) -> None:
    client = client_for(quality_manager)

    def pages() -> None:
        _read(client.get(reverse("context:overview")))
        _read(client.get(reverse("context:climatedecision_list"), {"per_page": 100}))

    _same_cost(organization, quality_manager, pages)


def test_climate_api_list(organization: Any, quality_manager: Any, api_client_for: Any) -> None:
    api = api_client_for(quality_manager)

    def listing() -> None:
        _read(api.get(reverse("api:context-climatedecision-list"), {"page_size": 100}))

    _same_cost(organization, quality_manager, listing)


@pytest.mark.parametrize(
    "url_name",
    [
        "context:contextissue_list",
        "context:interestedparty_list",
        "context:interestedpartyrequirement_list",
    ],
)
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_exports(
    organization: Any, quality_manager: Any, client_for: Any, url_name: str, kind: str
) -> None:
    client = client_for(quality_manager)

    def export() -> None:
        _read(client.get(reverse(url_name), {"export": kind}))

    _same_cost(organization, quality_manager, export)


def test_pdf_context(organization: Any, quality_manager: Any) -> None:
    def build() -> None:
        data = pdf_context(organization=organization)
        for issue in [*data["internal_issues"], *data["external_issues"]]:
            str(issue.owner)
        for party in data["parties"]:
            str(party.owner)
            list(party.requirements.all())

    _same_cost(organization, quality_manager, build)


def test_pdf_context_reads_the_processes_once(organization: Any) -> None:
    """The map and the process table of the PDF share one read of the processes."""
    from qms.organizations.models import Process
    from qms.organizations.tests.factories import ProcessFactory

    for _ in range(3):
        ProcessFactory(organization=organization)
    table = Process._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        data = pdf_context(organization=organization)
    reads = [q for q in queries.captured_queries if f'FROM "{table}"' in q["sql"]]
    assert len(reads) == 1
    assert sorted(box.pk for box in data["map"].boxes) == sorted(p.pk for p in data["processes"])
    assert all(p.site_id is None or p.site for p in data["processes"])
