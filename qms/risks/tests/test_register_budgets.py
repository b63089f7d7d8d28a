"""Query budgets of the register's readers beyond the list page and API list (those are in
test_views/test_api): the CSV and XLSX exports, the PDF report and the heat map page cost
the same with 3 entries as with 43 entries that each have an owner, links and approvals."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qms.context.tests.factories import ContextIssueFactory, InterestedPartyFactory
from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.organizations.tests.factories import ProcessFactory
from qms.risks import services
from qms.risks.reports import register_context
from qms.risks.tests.factories import RiskFactory

pytestmark = pytest.mark.django_db

LIST = "/risks/"


def _entries(organization: Any, owner: Any, n: int) -> None:
    process = ProcessFactory(organization=organization)
    issue = ContextIssueFactory(organization=organization)
    party = InterestedPartyFactory(organization=organization)
    for risk in RiskFactory.create_batch(
        n,
        organization=organization,
        owner=owner,
        inherent_likelihood=3,
        inherent_consequence=4,
        inherent_score=12,
        inherent_band="high",
    ):
        with allow_unaudited_writes():  # set-up, like a factory
            risk.processes.add(process)
            risk.issues.add(issue)
            risk.interested_parties.add(party)
        services.record_approval(obj=risk, actor=owner, reason="", signature=None)


def _count(fn: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        fn()
    return len(queries.captured_queries)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_exports_cost_the_same_for_3_and_43_entries(
    client_for: Any, quality_manager: Any, organization: Any, kind: str
) -> None:
    client = client_for(quality_manager)

    def export() -> None:
        response = client.get(f"{LIST}?export={kind}")
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)

    _entries(organization, quality_manager, 3)
    export()  # warm caches (session, permissions)
    few = _count(export)
    _entries(organization, quality_manager, 40)
    assert _count(export) <= few


def test_pdf_report_context_costs_the_same_for_3_and_43_entries(
    quality_manager: Any, organization: Any
) -> None:
    today = timezone.localdate()

    def build() -> None:
        context = register_context(user=quality_manager, organization=organization, today=today)
        for row in context["rows"]:
            str(row["risk"].owner)

    _entries(organization, quality_manager, 3)
    build()
    few = _count(build)
    _entries(organization, quality_manager, 40)
    assert _count(build) <= few


def test_heatmap_page_costs_the_same_for_3_and_43_entries(
    client_for: Any, quality_manager: Any, organization: Any
) -> None:
    client = client_for(quality_manager)
    url = reverse("risks:risk_heatmap")

    def page() -> None:
        assert client.get(url).status_code == 200

    _entries(organization, quality_manager, 3)
    page()
    few = _count(page)
    _entries(organization, quality_manager, 40)
    assert _count(page) <= few
