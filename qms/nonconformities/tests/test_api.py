"""The register's API: narrow list rows, filters and search, creation with clauses, field
errors 400 with nothing written, tampering refused, stale edits 409, no deletion, another
organization's records 404, the effectiveness checks read-only."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from qms.core.audit import AuditEvent
from qms.nonconformities.models import Nonconformity
from qms.nonconformities.services import nonconformity_create
from qms.organizations.tests.factories import ProcessFactory
from qms.standards.tests.factories import ClauseFactory, EditionFactory, OrganizationStandardFactory

from .factories import EffectivenessCheckFactory, NonconformityFactory

pytestmark = pytest.mark.django_db

NCS = reverse("api:nonconformities-nonconformity-list")
CHECKS = reverse("api:nonconformities-effectivenesscheck-list")


def body(**extra: Any) -> dict[str, Any]:
    return {
        "title": "Crack in setting ring",
        "description": "Hairline crack found at final inspection.",
        "source": "product_inspection",
        "severity": "major",
        "detected_on": "2026-06-01",
        **extra,
    }


def detail(nc: Any) -> str:
    return reverse("api:nonconformities-nonconformity-detail", args=[nc.pk])


def count(organization: Any) -> int:
    return Nonconformity.objects.for_organization(organization).count()


def test_create_read_and_list(api_client_for, employee, organization):
    client = api_client_for(employee)
    created = client.post(NCS, body(quantity_affected="1.5", quantity_unit="kg"), format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["number"] == "NC-2026-0001" and data["status"] == "reported"
    assert data["cycle"] == 1 and data["quantity_affected"] == "1.500"
    assert created["ETag"] == '"1"'
    rows = client.get(NCS).json()["results"]
    assert [row["number"] for row in rows] == ["NC-2026-0001"]
    assert "description" not in rows[0]  # the list row is narrow
    assert client.get(NCS, {"q": "crack"}).json()["results"]
    assert not client.get(NCS, {"q": "zebra"}).json()["results"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"severity": "catastrophic"}, "severity"),
        ({"source": ""}, "source"),
        ({"title": ""}, "title"),
        ({"detected_on": "yesterday"}, "detected_on"),
        ({"quantity_affected": "-3"}, "quantity_affected"),
        ({"quantity_affected": "1e400"}, "quantity_affected"),
        ({"process": 999_999}, "process"),
        ({"clauses": ["x"]}, "clauses"),
        ({"title": "x" * 201}, "title"),
        ({"title": ["list"]}, "title"),
    ],
)
def test_bad_input_is_a_400_with_field_errors_and_nothing_written(
    api_client_for, quality_manager, organization, changes, field
):
    response = api_client_for(quality_manager).post(NCS, body(**changes), format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert count(organization) == 0


@pytest.mark.parametrize(
    "tampered",
    [
        {"status": "closed"},
        {"number": "NC-1999-0001"},
        {"cycle": 7},
        {"reported_by": 1},
        {"closed_at": "2026-01-01T00:00:00Z"},
        {"organization": 1},
    ],
)
def test_workflow_and_bookkeeping_fields_cannot_be_written(
    api_client_for, quality_manager, organization, tampered
):
    response = api_client_for(quality_manager).post(NCS, body(**tampered), format="json")
    assert response.status_code == 400
    assert count(organization) == 0


def test_another_organizations_process_or_owner_is_refused(
    api_client_for, quality_manager, organization, other_organization, outsider
):
    theirs = ProcessFactory(organization=other_organization)
    client = api_client_for(quality_manager)
    assert client.post(NCS, body(process=theirs.pk), format="json").status_code == 400
    assert client.post(NCS, body(owner=outsider.pk), format="json").status_code == 400
    assert count(organization) == 0


def test_clauses_of_adopted_editions_only(api_client_for, quality_manager, organization):
    edition = EditionFactory()
    OrganizationStandardFactory(organization=organization, edition=edition)
    adopted = ClauseFactory(edition=edition, number="8.7")
    other = ClauseFactory(edition=EditionFactory(), number="8.7")
    client = api_client_for(quality_manager)
    refused = client.post(NCS, body(clauses=[other.pk]), format="json")
    assert refused.status_code == 400 and count(organization) == 0
    assert client.post(NCS, body(clauses=[adopted.pk]), format="json").status_code == 201
    assert client.get(NCS, {"clause": adopted.pk}).json()["results"]


def test_patch_with_a_stale_version_is_a_409(api_client_for, quality_manager, organization):
    nc = nonconformity_create(actor=quality_manager, organization=organization, data=body())
    client = api_client_for(quality_manager)
    first = client.patch(detail(nc), {"title": "New"}, format="json", HTTP_IF_MATCH='"1"')
    assert first.status_code == 200 and first["ETag"] == '"2"'
    stale = client.patch(detail(nc), {"title": "Old"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 409
    assert client.patch(detail(nc), {"status": "closed"}, format="json").status_code == 400


def test_nonconformities_are_never_deleted(api_client_for, quality_manager, organization):
    nc = nonconformity_create(actor=quality_manager, organization=organization, data=body())
    assert api_client_for(quality_manager).delete(detail(nc)).status_code == 405
    assert count(organization) == 1


def test_roles(api_client_for, viewer, employee, organization, quality_manager):
    nc = nonconformity_create(actor=quality_manager, organization=organization, data=body())
    assert api_client_for(viewer).post(NCS, body(), format="json").status_code == 403
    assert api_client_for(viewer).get(detail(nc)).status_code == 200
    assert (
        api_client_for(employee).patch(detail(nc), {"title": "x"}, format="json").status_code == 403
    )


def test_another_organizations_records_are_404(
    api_client_for, outsider, organization, quality_manager
):
    nc = nonconformity_create(actor=quality_manager, organization=organization, data=body())
    check = EffectivenessCheckFactory(
        nonconformity=NonconformityFactory(organization=organization), organization=organization
    )
    client = api_client_for(outsider)
    assert client.get(detail(nc)).status_code == 404
    assert client.patch(detail(nc), {"title": "x"}, format="json").status_code == 404
    assert (
        client.get(
            reverse("api:nonconformities-effectivenesscheck-detail", args=[check.pk])
        ).status_code
        == 404
    )
    assert client.get(NCS).json()["results"] == []


def test_effectiveness_checks_are_read_only(api_client_for, quality_manager, organization):
    nc = NonconformityFactory(organization=organization)
    check = EffectivenessCheckFactory(nonconformity=nc, organization=organization)
    client = api_client_for(quality_manager)
    rows = client.get(CHECKS, {"nonconformity": nc.pk}).json()["results"]
    assert [row["id"] for row in rows] == [check.pk]
    assert rows[0]["nonconformity_number"] == nc.number
    assert client.post(CHECKS, {}, format="json").status_code == 405
    url = reverse("api:nonconformities-effectivenesscheck-detail", args=[check.pk])
    assert client.delete(url).status_code == 405


def test_filters(api_client_for, quality_manager, organization):
    nonconformity_create(actor=quality_manager, organization=organization, data=body())
    nonconformity_create(
        actor=quality_manager,
        organization=organization,
        data=body(severity="minor", detected_on="2025-01-05"),
    )
    client = api_client_for(quality_manager)
    assert len(client.get(NCS, {"severity": "minor"}).json()["results"]) == 1
    assert len(client.get(NCS, {"detected_after": "2026-01-01"}).json()["results"]) == 1
    assert len(client.get(NCS, {"state": "open"}).json()["results"]) == 2
    assert client.get(NCS, {"severity": "bogus"}).status_code == 400
    assert client.get(NCS, {"detected_after": "soon"}).status_code == 400


def test_the_create_event_names_the_reporter(api_client_for, employee, organization):
    api_client_for(employee).post(NCS, body(), format="json")
    nc = Nonconformity.objects.for_organization(organization).get()
    event = AuditEvent.objects.for_subject(nc).get(event_type="nonconformity.created")
    assert event.actor == employee


def test_the_api_list_query_budget(
    api_client_for, quality_manager, organization, django_assert_max_num_queries
):
    for index in range(60):
        NonconformityFactory(organization=organization, number=f"NC-2026-{index:04d}")
    client = api_client_for(quality_manager)
    client.get(NCS)
    with django_assert_max_num_queries(10):
        assert len(client.get(NCS, {"severity": "minor", "page_size": 50}).json()["results"]) == 50
