"""The audit, findings and checklist item lists do not grow with the number of audits: the same
queries and (bar the rows of one page) the same page, whether the organization has 3 audits
or 60. The findings page (and the checklist item page) once offered every audit as an <option>
of its filter: 20,000 audits made a 1.2 MB page taking 2 s (bench/internal_audits.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qms.internal_audits.tests.factories import AuditFactory, FindingFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "internal_audits:audit_list",
    "internal_audits:finding_list",
    "internal_audits:checklistitem_list",
]


def _add(organization: Any, lead: Any, n: int) -> list[Any]:
    audits = []
    for _ in range(n):
        audit = AuditFactory(organization=organization, lead_auditor=lead)
        FindingFactory(organization=organization, audit=audit)
        audits.append(audit)
    return audits


def _measure(client: Any, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_list_page_does_not_grow_with_the_audits(
    client_for: Any, organization: Any, quality_manager: Any, auditor: Any, name: str
) -> None:
    client = client_for(quality_manager)
    url = reverse(name) + "?per_page=25"
    first = _add(organization, auditor, 3)
    few_queries, _few_page = _measure(client, url)
    _add(organization, auditor, 60)
    many_queries, page = _measure(client, url)
    assert many_queries == few_queries
    # Only one page of rows: the oldest audits (not on the first page) appear nowhere,
    # not even as choices of a filter.
    for audit in first:
        assert f">{audit.number}<" not in page
        assert f"{audit.number} {audit.title}" not in page  # an <option> label
    assert page.count("<tr") <= 25 + 2


def test_findings_filter_by_audit_number_or_id(
    client_for: Any, organization: Any, quality_manager: Any, auditor: Any
) -> None:
    one, other = _add(organization, auditor, 2)
    client = client_for(quality_manager)
    url = reverse("internal_audits:finding_list")
    for value in (str(one.pk), one.number, one.number.lower()):
        page = client.get(url, {"audit": value}).content.decode()
        assert one.number in page, value
        assert other.number not in page, value
    assert other.number not in client.get(url, {"audit": "IA-1999-999"}).content.decode()


def test_findings_api_filter_by_audit(
    client_for: Any, organization: Any, quality_manager: Any, auditor: Any
) -> None:
    one, _other = _add(organization, auditor, 2)
    response = client_for(quality_manager).get("/api/v1/audit-findings/", {"audit": one.pk})
    assert response.status_code == 200, response.content
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [row["audit"] for row in rows] == [one.pk]


def test_checklist_items_filter_by_audit_number_or_id(
    client_for: Any, organization: Any, quality_manager: Any, auditor: Any
) -> None:
    from qms.core.testing.audit_guard import allow_unaudited_writes
    from qms.internal_audits.models import ChecklistItem

    one, other = _add(organization, auditor, 2)
    with allow_unaudited_writes():
        for audit in (one, other):
            ChecklistItem.objects.create(
                organization=organization, audit=audit, position=1, question=f"Q of {audit.pk}?"
            )
    client = client_for(quality_manager)
    for value in (str(one.pk), one.number, one.number.lower()):
        rows = client.get("/api/v1/audit-checklist-items/", {"audit": value}).json()["results"]
        assert [row["audit"] for row in rows] == [one.pk], value
        page = client.get(reverse("internal_audits:checklistitem_list"), {"audit": value})
        assert f"Q of {one.pk}?" in page.content.decode(), value
        assert f"Q of {other.pk}?" not in page.content.decode(), value
