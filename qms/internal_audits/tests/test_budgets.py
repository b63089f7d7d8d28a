"""Query budgets: the audit list page, its export, the API list, the programme page (with
its processes x months matrix), calendar and coverage cost the same for 3 and 23 audits."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qms.internal_audits import services
from qms.organizations.tests.factories import ProcessFactory

pytestmark = pytest.mark.django_db


def _count(fn: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        fn()
    return len(queries.captured_queries)


def _add(organization: Any, actor: Any, lead: Any, programme: Any, n: int) -> None:
    for i in range(n):
        process = ProcessFactory(organization=organization, status="active")
        services.programme_process_add(actor=actor, programme=programme, data={"process": process})
        services.audit_create(
            actor=actor,
            organization=organization,
            data={
                "title": f"Audit {i}",
                "programme": programme,
                "processes": [process],
                "auditors": [actor],
                "lead_auditor": lead,
                "planned_month": date(programme.year, i % 12 + 1, 1),
            },
        )


def test_pages_cost_the_same_for_3_and_23_audits(
    client_for: Any, organization: Any, quality_manager: Any, auditor: Any, ia_iso9001: None
) -> None:
    programme = services.programme_create(
        actor=quality_manager, organization=organization, data={"year": 2026, "title": "P"}
    )
    client = client_for(quality_manager)
    urls = [
        reverse("internal_audits:audit_list"),
        reverse("internal_audits:audit_list") + "?status=planned",
        reverse("internal_audits:auditprogramme_detail", args=[programme.pk]),
        reverse("internal_audits:auditprogramme_calendar", args=[programme.pk]),
        reverse("internal_audits:auditprogramme_coverage", args=[programme.pk]),
        reverse("internal_audits:audit_kpis"),
        "/api/v1/internal-audits/",
    ]

    def costs() -> list[int]:
        result = []
        for url in urls:

            def get(url: str = url) -> None:
                assert client.get(url).status_code == 200

            result.append(_count(get))
        return result

    _add(organization, quality_manager, auditor, programme, 3)
    few = costs()
    _add(organization, quality_manager, auditor, programme, 20)
    many = costs()
    assert few == many, list(zip(urls, few, many, strict=True))


def test_export_costs_the_same(
    client_for: Any, organization: Any, quality_manager: Any, auditor: Any
) -> None:
    programme = services.programme_create(
        actor=quality_manager, organization=organization, data={"year": 2026, "title": "P"}
    )
    client = client_for(quality_manager)

    def export() -> None:
        response = client.get(reverse("internal_audits:audit_list") + "?export=csv")
        b"".join(response.streaming_content)

    _add(organization, quality_manager, auditor, programme, 3)
    few = _count(export)
    _add(organization, quality_manager, auditor, programme, 20)
    assert _count(export) == few
