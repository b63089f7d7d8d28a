"""The findings list (filters, export, query budget), a finding's page with its NC, the
findings API, tenancy."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qms.internal_audits.checklists import checklist_answer
from qms.internal_audits.models import Audit, ChecklistItem, Finding

from . import test_checklist_fixtures as fx

library, iso9001, process, audit = fx.library, fx.iso9001, fx.process, fx.audit

pytestmark = pytest.mark.django_db

LIST = "/internal-audits/findings/"


def _answer_many(audit: Audit, auditor: Any, n: int) -> list[ChecklistItem]:
    items = list(ChecklistItem.objects.filter(audit=audit).order_by("position"))[:n]
    for index, item in enumerate(items):
        grade = ("minor", "observation", "improvement", "major")[index % 4]
        checklist_answer(actor=auditor, item=item, answer=grade, notes=f"Finding text {index}.")
    return items


@pytest.fixture
def graded(audit: Audit, auditor: Any) -> Audit:
    _answer_many(audit, auditor, 4)
    return audit


def test_the_list_shows_findings_with_their_audit_clause_and_nc(
    graded: Audit, viewer: Any, client_for: Any
) -> None:
    response = client_for(viewer).get(LIST)
    assert response.status_code == 200
    body = response.content.decode()
    minor = Finding.objects.get(grade="minor")
    assert minor.nonconformity is not None
    assert minor.get_absolute_url() in body
    assert minor.nonconformity.number in body
    assert graded.number in body


@pytest.mark.parametrize(
    ("params", "grades"),
    [
        ({"grade": "minor"}, {"minor"}),
        ({"state": "open"}, {"minor", "major"}),
        ({"state": "closed"}, {"observation", "improvement"}),
        ({"clause": "7.1.5.1"}, {"minor", "observation"}),
        ({"clause": "7.1"}, {"minor", "observation", "improvement", "major"}),
        ({"clause": "9.2"}, set()),
    ],
)
def test_filters_by_grade_state_and_clause(
    graded: Audit, viewer: Any, client_for: Any, params: dict[str, str], grades: set[str]
) -> None:
    response = client_for(viewer).get(LIST, params)
    assert response.status_code == 200
    shown = {
        f.grade for f in Finding.objects.all() if f.get_absolute_url() in response.content.decode()
    }
    assert shown == grades


def test_filter_by_audit(graded: Audit, viewer: Any, client_for: Any) -> None:
    response = client_for(viewer).get(LIST, {"audit": graded.pk})
    assert response.status_code == 200
    assert all(f.get_absolute_url() in response.content.decode() for f in Finding.objects.all())
    bad = client_for(viewer).get(LIST, {"audit": "not-a-number"})
    assert bad.status_code == 200  # an invalid filter shows no rows, never a 500
    first = Finding.objects.first()
    assert first is not None
    assert first.get_absolute_url() not in bad.content.decode()


def test_csv_and_xlsx_exports(graded: Audit, quality_manager: Any, client_for: Any) -> None:
    client = client_for(quality_manager)
    csv = client.get(LIST, {"export": "csv"})
    assert csv.status_code == 200
    text = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "Finding text 0." in text and "Nonconformity" in text
    xlsx = client.get(LIST, {"export": "xlsx"})
    assert xlsx.status_code == 200


def test_the_list_costs_the_same_for_few_and_many_findings(
    audit: Audit, auditor: Any, viewer: Any, client_for: Any
) -> None:
    client = client_for(viewer)
    _answer_many(audit, auditor, 2)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    _answer_many(audit, auditor, 8)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_finding_page_links_its_nonconformity(
    graded: Audit, viewer: Any, client_for: Any
) -> None:
    minor = Finding.objects.select_related("nonconformity").get(grade="minor")
    assert minor.nonconformity is not None
    response = client_for(viewer).get(reverse("internal_audits:finding_detail", args=[minor.pk]))
    assert response.status_code == 200
    assert minor.nonconformity.get_absolute_url().encode() in response.content
    assert b"Finding text 0." in response.content


def test_the_nonconformity_page_shows_the_clause_of_the_finding(
    graded: Audit, quality_manager: Any, client_for: Any
) -> None:
    minor = Finding.objects.select_related("nonconformity", "clause").get(grade="minor")
    assert minor.nonconformity is not None and minor.clause is not None
    page = client_for(quality_manager).get(minor.nonconformity.get_absolute_url())
    assert page.status_code == 200
    assert minor.clause.number.encode() in page.content
    register = client_for(quality_manager).get("/nonconformities/")
    assert minor.nonconformity.number.encode() in register.content


def test_another_organizations_findings_are_not_found(
    graded: Audit, outsider: Any, client_for: Any, api_client_for: Any
) -> None:
    finding = Finding.objects.first()
    assert finding is not None
    client = client_for(outsider)
    assert (
        client.get(reverse("internal_audits:finding_detail", args=[finding.pk])).status_code == 404
    )
    assert finding.get_absolute_url().encode() not in client.get(LIST).content
    api = api_client_for(outsider)
    assert api.get(f"/api/v1/audit-findings/{finding.pk}/").status_code == 404
    assert api.get("/api/v1/audit-findings/").json()["results"] == []


def test_api_lists_and_reads_findings_with_filters(
    graded: Audit, quality_manager: Any, api_client_for: Any
) -> None:
    api = api_client_for(quality_manager)
    rows = api.get("/api/v1/audit-findings/", {"grade": "minor"}).json()["results"]
    assert [row["grade"] for row in rows] == ["minor"]
    detail = api.get(f"/api/v1/audit-findings/{rows[0]['id']}/").json()
    assert detail["nonconformity_number"].startswith("NC-")
    assert detail["clause_number"] == "7.1.5.1"
    assert api.get("/api/v1/audit-findings/", {"grade": "awful"}).status_code == 400
    assert api.post("/api/v1/audit-findings/", {}, format="json").status_code == 405
