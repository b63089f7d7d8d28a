"""The standards API under /api/v1/standards/."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from qms.accounts.models import User
from qms.organizations.models import Organization
from qms.organizations.tests.factories import ProcessFactory, SiteFactory
from qms.standards.models import ClauseApplicability, ClauseEvidence, OrganizationStandard

from .conftest import E2015, I2022, Q2015, Q2026, adopt, clause, edition
from .factories import ClauseEvidenceFactory

pytestmark = pytest.mark.django_db

ApiFor = Callable[[User | None], APIClient]
BASE = "/api/v1/standards"


def test_every_member_reads_the_library(
    library: None, api_client_for: ApiFor, viewer: User
) -> None:
    api = api_client_for(viewer)
    standards = api.get(f"{BASE}/standards/").json()
    assert {row["code"] for row in standards["results"]} >= {"ISO 9001", "ISO/IEC 27001"}
    editions = api.get(f"{BASE}/editions/", {"status": "draft"}).json()["results"]
    assert [row["urn"] for row in editions] == [Q2026]
    detail = api.get(f"{BASE}/editions/{edition(Q2015).pk}/").json()
    assert detail["amendments"][0]["ref"] == "Amd 1:2024"


def test_anonymous_requests_are_refused(library: None, api_client_for: ApiFor) -> None:
    assert api_client_for(None).get(f"{BASE}/clauses/").status_code in (401, 403)


def test_clauses_filter_by_edition_number_kind_and_text(
    library: None, api_client_for: ApiFor, viewer: User, django_assert_max_num_queries: Any
) -> None:
    api = api_client_for(viewer)
    iso27001 = edition(I2022)
    with django_assert_max_num_queries(8):
        controls = api.get(
            f"{BASE}/clauses/",
            {"edition": iso27001.pk, "kind": "control", "page_size": 100, "count": "true"},
        ).json()
    assert controls["count"] == 93
    assert set(controls["results"][0]) == {
        "id",
        "urn",
        "edition",
        "number",
        "title",
        "label",
        "parent",
        "kind",
    }
    found = api.get(f"{BASE}/clauses/", {"edition_urn": Q2015, "number": "7.5.3.1"}).json()
    assert found["results"][0]["title"] is None and found["results"][0]["label"]
    search = api.get(f"{BASE}/clauses/", {"edition": iso27001.pk, "q": "cryptography"}).json()
    assert [row["number"] for row in search["results"]] == ["A.8.24"]
    one = api.get(f"{BASE}/clauses/{clause(Q2015, '7.5').pk}/").json()
    assert one["hs_core_ref"] == "HS.7.5"


def test_organization_standards_crud(
    library: None, api_client_for: ApiFor, quality_manager: User, organization: Organization
) -> None:
    api = api_client_for(quality_manager)
    created = api.post(
        f"{BASE}/organization-standards/", {"edition": edition(Q2015).pk, "scope": "Gauges"}
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    twice = api.post(f"{BASE}/organization-standards/", {"edition": edition(Q2015).pk})
    assert twice.status_code == 400
    changed = api.patch(f"{BASE}/organization-standards/{pk}/", {"scope": "Gauges, calibration"})
    assert changed.status_code == 200 and changed.json()["scope"] == "Gauges, calibration"
    listed = api.get(f"{BASE}/organization-standards/").json()
    assert [row["id"] for row in listed["results"]] == [pk]
    assert api.delete(f"{BASE}/organization-standards/{pk}/").status_code == 204
    assert not OrganizationStandard.objects.for_organization(organization).exists()


def test_a_viewer_cannot_adopt(library: None, api_client_for: ApiFor, viewer: User) -> None:
    response = api_client_for(viewer).post(
        f"{BASE}/organization-standards/", {"edition": edition(Q2015).pk}
    )
    assert response.status_code == 403


def test_applicability_is_refused_where_not_allowed_and_needs_a_justification(
    iso9001: Any, api_client_for: ApiFor, quality_manager: User, organization: Organization
) -> None:
    api = api_client_for(quality_manager)
    refused = api.post(
        f"{BASE}/applicability/",
        {"clause": clause(Q2015, "7.2").pk, "applicable": False, "justification": "x"},
    )
    assert refused.status_code == 400
    assert "cannot be declared not applicable" in str(refused.json())
    missing = api.post(
        f"{BASE}/applicability/", {"clause": clause(Q2015, "8.3").pk, "applicable": False}
    )
    assert missing.status_code == 400 and "justification" in str(missing.json())
    created = api.post(
        f"{BASE}/applicability/",
        {"clause": clause(Q2015, "8.3").pk, "applicable": False, "justification": "No design."},
    )
    assert created.status_code == 201
    listed = api.get(f"{BASE}/applicability/").json()["results"]
    assert [row["clause"] for row in listed] == [clause(Q2015, "8.3").pk]
    assert api.delete(f"{BASE}/applicability/{created.json()['id']}/").status_code == 204
    assert not ClauseApplicability.objects.for_organization(organization).exists()


def test_evidence_create_filter_review_and_delete(
    iso9001: Any,
    api_client_for: ApiFor,
    quality_manager: User,
    organization: Organization,
    django_assert_max_num_queries: Any,
) -> None:
    api = api_client_for(quality_manager)
    process = ProcessFactory(organization=organization)
    created = api.post(
        f"{BASE}/evidence/",
        {
            "clause": clause(Q2015, "8.1").pk,
            "subject_type": "organizations.process",
            "subject_id": process.pk,
            "note": "Route card",
        },
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["subject_type"] == "organizations.process" and body["subject_id"] == process.pk
    for _ in range(20):
        ClauseEvidenceFactory(
            subject=SiteFactory(organization=organization), clause=clause(Q2015, "7.1.3")
        )
    with django_assert_max_num_queries(10):
        listed = api.get(
            f"{BASE}/evidence/",
            {"subject_type": "organizations.process", "subject_id": process.pk},
        ).json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]
    with django_assert_max_num_queries(10):
        by_clause = api.get(
            f"{BASE}/evidence/", {"clause": clause(Q2015, "7.1.3").pk, "count": "true"}
        ).json()
    assert by_clause["count"] == 20
    reviewed = api.post(f"{BASE}/evidence/{body['id']}/review/")
    assert reviewed.status_code == 200 and reviewed.json()["reviewed_by"] == quality_manager.pk
    assert api.delete(f"{BASE}/evidence/{body['id']}/").status_code == 204
    remaining = ClauseEvidence.objects.for_organization(organization)
    assert not remaining.filter(clause=clause(Q2015, "8.1")).exists()


def test_evidence_for_a_subject_of_another_organization_is_404(
    iso9001: Any,
    api_client_for: ApiFor,
    quality_manager: User,
    other_organization: Organization,
) -> None:
    theirs = ProcessFactory(organization=other_organization)
    response = api_client_for(quality_manager).post(
        f"{BASE}/evidence/",
        {
            "clause": clause(Q2015, "8.1").pk,
            "subject_type": "organizations.process",
            "subject_id": theirs.pk,
        },
    )
    assert response.status_code == 404
    bad_type = api_client_for(quality_manager).post(
        f"{BASE}/evidence/",
        {"clause": clause(Q2015, "8.1").pk, "subject_type": "standards.clause", "subject_id": 1},
    )
    assert bad_type.status_code == 400 and "subject_type" in bad_type.json().get(
        "errors", bad_type.json()
    )


def test_evidence_of_another_organization_is_not_listed_nor_found(
    iso9001: Any,
    api_client_for: ApiFor,
    quality_manager: User,
    other_organization: Organization,
) -> None:
    adopt(other_organization, Q2015)
    theirs = ClauseEvidenceFactory(
        subject=SiteFactory(organization=other_organization), clause=clause(Q2015, "7.1.3")
    )
    api = api_client_for(quality_manager)
    assert api.get(f"{BASE}/evidence/").json()["results"] == []
    assert api.post(f"{BASE}/evidence/{theirs.pk}/review/").status_code == 404
    assert api.delete(f"{BASE}/evidence/{theirs.pk}/").status_code == 404


def test_an_employee_cannot_review_evidence(
    iso9001: Any, api_client_for: ApiFor, employee: User, organization: Organization
) -> None:
    link = ClauseEvidenceFactory(
        subject=SiteFactory(organization=organization), clause=clause(Q2015, "7.1.3")
    )
    assert api_client_for(employee).post(f"{BASE}/evidence/{link.pk}/review/").status_code == 403


def test_the_transition_diff(
    iso9001: Any, api_client_for: ApiFor, viewer: User, organization: Organization
) -> None:
    link = ClauseEvidenceFactory(
        subject=ProcessFactory(organization=organization), clause=clause(Q2015, "6.1.2")
    )
    api = api_client_for(viewer)
    rules = api.get(f"{BASE}/transitions/").json()["results"]
    assert len(rules) == 1 and rules[0]["audits_to_new_only_from"] is None
    diff = api.get(f"{BASE}/transitions/{rules[0]['id']}/diff/").json()
    relations = {(row["from_clause"], row["to_clause"], row["relation"]) for row in diff["changes"]}
    assert ("6.1.2", "6.1.3", "split") in relations
    assert ("9.3.3", "9.3.3", "renamed") in relations
    assert diff["carry_over"] == [
        {"clause": "6.1.2", "evidence": [link.pk], "to_clauses": ["6.1.2", "6.1.3"]}
    ]
    assert E2015  # the 14001 edition has no transition rule
