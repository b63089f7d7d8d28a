"""API of programmes and audits: list/detail/create/update, 400 field errors (independence
included), transitions, follow-up, planning, another organization's records 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from qms.accounts.tests.factories import PASSWORD
from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.internal_audits.models import Audit, ChecklistItem

from .conftest import iso_clause

pytestmark = pytest.mark.django_db

AUDITS = "/api/v1/internal-audits/"
PROGRAMMES = "/api/v1/audit-programmes/"


def test_create_read_update(
    api_client_for: Any, auditor: Any, purchasing: Any, ia_iso9001: None
) -> None:
    api = api_client_for(auditor)
    response = api.post(
        AUDITS,
        {
            "title": "Purchasing",
            "processes": [purchasing.pk],
            "clauses": [iso_clause("8.4").pk],
            "lead_auditor": auditor.pk,
            "planned_month": "2026-06-15",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"] == "IA-2026-001" and body["planned_month"] == "2026-06-01"
    assert body["status"] == "planned"
    listed = api.get(AUDITS + "?status=planned").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [row["number"] for row in rows] == ["IA-2026-001"]
    response = api.patch(
        f"{AUDITS}{body['id']}/", {"scope": "Buyers", "version": body["version"]}, format="json"
    )
    assert response.status_code == 200 and response.json()["scope"] == "Buyers"


def test_independence_is_a_400_field_error(
    api_client_for: Any, quality_manager: Any, process_owner: Any, purchasing: Any
) -> None:
    response = api_client_for(quality_manager).post(
        AUDITS,
        {
            "title": "Purchasing",
            "processes": [purchasing.pk],
            "lead_auditor": process_owner.pk,
            "planned_month": "2026-06-01",
        },
        format="json",
    )
    assert response.status_code == 400
    text = str(response.json())
    assert "lead_auditor" in text and "cannot audit it" in text


@pytest.mark.parametrize(
    "payload",
    [
        {"title": "X", "planned_month": "June"},
        {"title": "X", "planned_month": "2026-06-01", "lead_auditor": 999999},
        {"title": "X", "planned_month": "2026-06-01", "status": "closed"},
    ],
)
def test_bad_input_is_400(
    api_client_for: Any, quality_manager: Any, auditor: Any, payload: dict[str, Any]
) -> None:
    payload = {"lead_auditor": auditor.pk, **payload}
    response = api_client_for(quality_manager).post(AUDITS, payload, format="json")
    assert response.status_code == 400


def test_transitions_and_follow_up(api_client_for: Any, auditor: Any, make_ia: Any) -> None:
    audit = make_ia(planned_month=timezone.localdate())
    api = api_client_for(auditor)
    response = api.post(f"{AUDITS}{audit.pk}/transitions/start/", {}, format="json")
    assert response.status_code == 200, response.json()
    refused = api.post(
        f"{AUDITS}{audit.pk}/transitions/report/",
        {"password": PASSWORD, "meaning": "released"},
        format="json",
    )
    with allow_unaudited_writes():
        if not ChecklistItem.objects.filter(audit=audit).exists():
            ChecklistItem.objects.create(
                organization=audit.organization, audit=audit, question="Q?"
            )
        blank = ChecklistItem.objects.filter(audit=audit, answer="").exists()
    assert refused.status_code == (409 if blank else 200)
    with allow_unaudited_writes():
        ChecklistItem.objects.filter(audit=audit).update(answer="conform")
    response = api.post(
        f"{AUDITS}{audit.pk}/transitions/report/",
        {"password": PASSWORD, "meaning": "released"},
        format="json",
    )
    assert response.status_code in (200, 409)
    audit.refresh_from_db()
    assert audit.status == "reported"
    response = api.post(
        f"{AUDITS}{audit.pk}/follow-up/", {"planned_month": "2027-02-10"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["previous"] == audit.pk


def test_programme_api(
    api_client_for: Any, quality_manager: Any, auditor: Any, purchasing: Any
) -> None:
    api = api_client_for(quality_manager)
    year = timezone.localdate().year + 1
    response = api.post(PROGRAMMES, {"year": year, "title": "Programme"}, format="json")
    assert response.status_code == 201
    pk = response.json()["id"]
    assert api.post(PROGRAMMES, {"year": year, "title": "Again"}, format="json").status_code == 400
    row = api.post(
        f"{PROGRAMMES}{pk}/processes/",
        {"process": purchasing.pk, "importance": "high"},
        format="json",
    )
    assert row.status_code == 201, row.json()
    assert row.json()["audits_per_year"] == 2  # high 2 + not audited 1 = 3 points
    patched = api.patch(
        f"{PROGRAMMES}{pk}/processes/{row.json()['id']}/",
        {"audits_per_year_override": 1},
        format="json",
    )
    assert patched.status_code == 200 and patched.json()["audits_per_year"] == 1
    planned = api.post(f"{PROGRAMMES}{pk}/plan/", {}, format="json")
    assert planned.status_code == 201 and len(planned.json()) == 1
    assert api.post(f"{PROGRAMMES}{pk}/plan/", {}, format="json").json() == []
    detail = api.get(f"{PROGRAMMES}{pk}/").json()
    assert detail["processes"][0]["process_name"] == "Purchasing"
    approve = api.post(
        f"{PROGRAMMES}{pk}/transitions/approve/",
        {"password": PASSWORD, "meaning": "approved"},
        format="json",
    )
    assert approve.status_code == 200 and approve.json()["status"] == "approved"
    assert api.patch(f"{PROGRAMMES}{pk}/", {"title": "Changed"}, format="json").status_code == 409


def test_other_organization_404(api_client_for: Any, outsider: Any, make_ia: Any) -> None:
    audit = make_ia()
    api = api_client_for(outsider)
    assert api.get(f"{AUDITS}{audit.pk}/").status_code == 404
    assert api.patch(f"{AUDITS}{audit.pk}/", {"title": "x"}, format="json").status_code == 404
    assert api.post(f"{AUDITS}{audit.pk}/transitions/start/", {}, format="json").status_code == 404
    listed = api.get(AUDITS).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert rows == []
    assert not Audit.objects.for_organization(outsider.memberships.get().organization).exists()
