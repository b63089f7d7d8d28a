"""Distribution: who a line reaches, who may change it, and the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from qms.accounts.tests.factories import PASSWORD, MembershipFactory, UserFactory
from qms.core.audit import AuditEvent
from qms.core.permissions import Role
from qms.documents import events
from qms.documents.models import Acknowledgement, DocumentDistribution
from qms.documents.services.reading import (
    distribution_add,
    distribution_remove,
    document_readers,
)
from qms.organizations.tests.factories import ProcessFactory

from .test_reading_helpers import effective_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(organization: Any, process_owner: Any, quality_manager: Any) -> Any:
    return effective_document(
        organization=organization, author=process_owner, approver=quality_manager
    )


def test_a_role_reaches_its_active_members_only(
    document: Any, organization: Any, quality_manager: Any, employee: Any, outsider: Any
) -> None:
    gone = MembershipFactory(
        organization=organization, role=Role.EMPLOYEE, user=UserFactory(is_active=False)
    ).user
    distribution_add(
        actor=quality_manager, document=document, data={"kind": "role", "role": Role.EMPLOYEE}
    )
    readers = document_readers(document=document)
    assert readers == [employee]
    assert gone not in readers


def test_a_person_and_a_process_owner_are_reached(
    document: Any, organization: Any, quality_manager: Any, employee: Any, auditor: Any
) -> None:
    process = ProcessFactory(organization=organization, owner=auditor)
    distribution_add(
        actor=quality_manager, document=document, data={"kind": "user", "user": employee}
    )
    distribution_add(
        actor=quality_manager, document=document, data={"kind": "process", "process": process}
    )
    assert {user.pk for user in document_readers(document=document)} == {employee.pk, auditor.pk}


def test_targets_must_belong_to_the_organization(
    document: Any, quality_manager: Any, outsider: Any, other_organization: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        distribution_add(
            actor=quality_manager, document=document, data={"kind": "user", "user": outsider}
        )
    assert "user" in error.value.message_dict
    with pytest.raises(ValidationError):
        distribution_add(
            actor=quality_manager, document=document, data={"kind": "role", "role": "chef"}
        )
    foreign = ProcessFactory(organization=other_organization)
    with pytest.raises(ValidationError):
        distribution_add(
            actor=quality_manager,
            document=document,
            data={"kind": "process", "process": foreign},
        )


def test_the_same_target_twice_is_refused(document: Any, quality_manager: Any) -> None:
    data = {"kind": "role", "role": Role.EMPLOYEE}
    distribution_add(actor=quality_manager, document=document, data=data)
    with pytest.raises(ValidationError):
        distribution_add(actor=quality_manager, document=document, data=data)


def test_an_employee_may_not_change_the_distribution(document: Any, employee: Any) -> None:
    with pytest.raises(PermissionDenied):
        distribution_add(actor=employee, document=document, data={"kind": "user", "user": employee})


def test_removing_a_line_is_audited_and_keeps_acknowledgements(
    document: Any, organization: Any, quality_manager: Any, employee: Any
) -> None:
    line = distribution_add(
        actor=quality_manager, document=document, data={"kind": "user", "user": employee}
    )
    distribution_remove(actor=quality_manager, distribution=line)
    assert not DocumentDistribution.objects.filter(organization=organization).exists()
    assert Acknowledgement.objects.filter(organization=organization, user=employee).exists()
    assert AuditEvent.objects.filter(event_type=events.DISTRIBUTION_REMOVED.name).exists()


def test_distribution_pages(
    document: Any, quality_manager: Any, employee: Any, client_for: Any
) -> None:
    client = client_for(quality_manager)
    url = reverse("documents:distribution_add", args=[document.pk])
    assert client.get(url).status_code == 200
    missing = client.post(url, {"kind": "role"})
    assert missing.status_code == 400
    added = client.post(url, {"kind": "user", "user": employee.pk})
    assert added.status_code == 302
    line = DocumentDistribution.objects.get(document=document)
    removed = client.post(reverse("documents:distribution_remove", args=[line.pk]))
    assert removed.status_code == 302
    assert not DocumentDistribution.objects.filter(document=document).exists()
    # an employee may not distribute; another organization's document is not found
    assert client_for(employee).get(url).status_code == 403


def test_another_organization_sees_no_distribution_page(
    document: Any, outsider: Any, client_for: Any
) -> None:
    url = reverse("documents:distribution_add", args=[document.pk])
    assert client_for(outsider).get(url).status_code == 404


def test_api_distribution_and_acknowledgement(
    document: Any, organization: Any, quality_manager: Any, employee: Any, api_client_for: Any
) -> None:
    manager = api_client_for(quality_manager)
    created = manager.post(
        "/api/v1/documents/distribution/",
        {"document": document.pk, "kind": "user", "user": employee.pk},
        format="json",
    )
    assert created.status_code == 201, created.content
    listed = manager.get(f"/api/v1/documents/distribution/?document={document.pk}")
    assert listed.status_code == 200
    reader = api_client_for(employee)
    mine = reader.get("/api/v1/documents/acknowledgements/?mine=true")
    assert mine.status_code == 200
    rows = mine.json()["results"]
    assert [row["status"] for row in rows] == ["pending"]
    url = f"/api/v1/documents/acknowledgements/{rows[0]['id']}/acknowledge/"
    wrong = reader.post(url, {"password": "nope"}, format="json")
    assert wrong.status_code == 409
    done = reader.post(url, {"password": PASSWORD}, format="json")
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "read"
    # a manager may not acknowledge for the reader
    assert manager.post(url, {"password": PASSWORD}, format="json").status_code == 403
    matrix = manager.get("/api/v1/documents/reading-matrix/")
    assert matrix.status_code == 200
    assert matrix.json()["columns"][0]["percent"] == 100
    # bad parameters are a 400 naming the parameter, never ignored or a crash
    for params in (
        {"person": "68109699389110236479488"},
        {"document": "x"},
        {"person": "0"},
        {"status": "maybe"},
    ):
        refused = manager.get("/api/v1/documents/reading-matrix/", params)
        assert refused.status_code == 400, params
        assert list(refused.json()["errors"]) == list(params)
    deleted = manager.delete(f"/api/v1/documents/distribution/{created.json()['id']}/")
    assert deleted.status_code == 204
