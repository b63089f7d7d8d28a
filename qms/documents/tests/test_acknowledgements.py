"""Read-and-acknowledge: readers are asked when a revision becomes effective, sign with
their password, and a superseded revision's pending acknowledgement is no longer required."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from qms.accounts.tests.factories import PASSWORD
from qms.core.audit import AuditEvent
from qms.core.errors import TransitionRefused
from qms.core.notifications import Notification
from qms.core.permissions import Role
from qms.core.signatures import Meaning, Signature, content_hash
from qms.documents import events
from qms.documents.choices import DistributionKind
from qms.documents.models import Acknowledgement, DocumentDistribution
from qms.documents.selectors.reading import (
    acknowledgements_of_user,
    acknowledgements_to_read,
    reading_matrix,
)
from qms.documents.services.reading import (
    acknowledgement_sign,
    acknowledgements_request,
    distribution_add,
)

from .test_reading_helpers import effective_document, new_revision

pytestmark = pytest.mark.django_db


@pytest.fixture
def distributed(organization: Any, process_owner: Any, quality_manager: Any, employee: Any) -> Any:
    """A procedure distributed to every employee, then approved (employee asked to read)."""
    document = effective_document(
        organization=organization, author=process_owner, approver=quality_manager
    )
    distribution_add(
        actor=quality_manager,
        document=document,
        data={"kind": DistributionKind.ROLE, "role": Role.EMPLOYEE},
    )
    return document


def _mine(user: Any, organization: Any) -> list[Acknowledgement]:
    return list(acknowledgements_to_read(user=user, organization=organization))


def test_approving_a_revision_asks_the_distribution_to_read_it(
    organization: Any, process_owner: Any, quality_manager: Any, employee: Any
) -> None:
    # given a document distributed to the employees before its first approval
    document = effective_document(
        organization=organization, author=process_owner, approver=quality_manager
    )
    distribution_add(
        actor=quality_manager,
        document=document,
        data={"kind": DistributionKind.ROLE, "role": Role.EMPLOYEE},
    )
    # when its revision 2 is approved
    revision = new_revision(document, author=process_owner, approver=quality_manager)
    # then the employee is asked to read revision 2, with a due date and a notification
    pending = _mine(employee, organization)
    assert [item.revision_id for item in pending] == [revision.pk]
    assert pending[0].due_on is not None
    assert Notification.objects.filter(
        recipient=employee, kind="documents.acknowledgement_requested"
    ).exists()
    assert AuditEvent.objects.filter(
        event_type=events.ACKNOWLEDGEMENT_REQUESTED.name, subject_id=str(revision.pk)
    ).exists()


def test_adding_a_reader_while_a_revision_is_effective_asks_them_for_it(
    distributed: Any, organization: Any, employee: Any
) -> None:
    # the fixture distributed after approval: the employee is asked for the revision in force
    pending = _mine(employee, organization)
    assert [item.revision_id for item in pending] == [distributed.current_revision_id]


def test_asking_twice_creates_nothing_new(
    distributed: Any, organization: Any, quality_manager: Any, employee: Any
) -> None:
    revision = distributed.current_revision
    assert acknowledgements_request(actor=quality_manager, revision=revision) == []
    assert Acknowledgement.objects.filter(organization=organization).count() == 1


def test_the_reader_acknowledges_with_a_signature_over_the_revision(
    distributed: Any, organization: Any, employee: Any
) -> None:
    item = _mine(employee, organization)[0]
    signed = acknowledgement_sign(actor=employee, acknowledgement=item, password=PASSWORD)
    assert signed.acknowledged_at is not None
    signature = Signature.objects.get(pk=signed.signature_id)
    assert signature.meaning == Meaning.ACKNOWLEDGED
    assert signature.subject_id == str(item.revision_id)
    assert signature.content_hash == content_hash(distributed.current_revision)
    assert _mine(employee, organization) == []
    evidence = list(acknowledgements_of_user(user=employee, organization=organization))
    assert [row.pk for row in evidence] == [item.pk]


def test_a_wrong_password_is_refused_and_changes_nothing(
    distributed: Any, organization: Any, employee: Any
) -> None:
    item = _mine(employee, organization)[0]
    with pytest.raises(TransitionRefused):
        acknowledgement_sign(actor=employee, acknowledgement=item, password="wrong")
    item.refresh_from_db()
    assert item.acknowledged_at is None
    assert item.signature_id is None


def test_nobody_acknowledges_for_someone_else(
    distributed: Any, organization: Any, employee: Any, quality_manager: Any
) -> None:
    item = _mine(employee, organization)[0]
    with pytest.raises(PermissionDenied):
        acknowledgement_sign(actor=quality_manager, acknowledgement=item, password=PASSWORD)


def test_a_superseded_revisions_pending_acknowledgement_is_no_longer_listed(
    distributed: Any, organization: Any, process_owner: Any, quality_manager: Any, employee: Any
) -> None:
    old = _mine(employee, organization)[0]
    revision = new_revision(distributed, author=process_owner, approver=quality_manager)
    assert [item.revision_id for item in _mine(employee, organization)] == [revision.pk]
    with pytest.raises(TransitionRefused):
        acknowledgement_sign(actor=employee, acknowledgement=old, password=PASSWORD)


def test_the_matrix_shows_read_and_pending(
    distributed: Any, organization: Any, employee: Any, quality_manager: Any, client_for: Any
) -> None:
    item = _mine(employee, organization)[0]
    matrix = reading_matrix(user=quality_manager, organization=organization)
    assert [cell.status for cell in matrix.rows[0].cells if cell] == ["pending"]
    acknowledgement_sign(actor=employee, acknowledgement=item, password=PASSWORD)
    matrix = reading_matrix(user=quality_manager, organization=organization)
    assert [cell.status for cell in matrix.rows[0].cells if cell] == ["read"]
    assert matrix.columns[0].percent == 100
    page = client_for(quality_manager).get(reverse("documents:reading_matrix"))
    assert page.status_code == 200
    assert "100%" in page.content.decode()


def test_the_to_read_page_lists_and_signs(
    distributed: Any, organization: Any, employee: Any, client_for: Any
) -> None:
    client = client_for(employee)
    page = client.get(reverse("documents:to_read"))
    assert page.status_code == 200
    assert distributed.number in page.content.decode()
    item = _mine(employee, organization)[0]
    url = reverse("documents:acknowledgement_sign", args=[item.pk])
    refused = client.post(url, {f"ack{item.pk}-password": "wrong"})
    assert refused.status_code == 409
    assert "not correct" in refused.content.decode()
    done = client.post(url, {f"ack{item.pk}-password": PASSWORD})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.acknowledged_at is not None


def test_the_document_page_shows_the_reading_panel(
    distributed: Any, quality_manager: Any, employee: Any, client_for: Any
) -> None:
    page = client_for(quality_manager).get(distributed.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="reading"' in html
    assert employee.email in html or str(employee) in html


def test_the_to_read_list_costs_a_fixed_number_of_queries(
    organization: Any,
    process_owner: Any,
    quality_manager: Any,
    employee: Any,
    client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    for _ in range(5):
        document = effective_document(
            organization=organization, author=process_owner, approver=quality_manager
        )
        distribution_add(
            actor=quality_manager,
            document=document,
            data={"kind": DistributionKind.USER, "user": employee},
        )
    client = client_for(employee)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("documents:to_read"))
    assert page.content.decode().count("I have read and understood</button>") == 5


def test_the_matrix_costs_a_fixed_number_of_queries(
    organization: Any,
    process_owner: Any,
    quality_manager: Any,
    employee: Any,
    viewer: Any,
    client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    for _ in range(4):
        document = effective_document(
            organization=organization, author=process_owner, approver=quality_manager
        )
        for role in (Role.EMPLOYEE, Role.VIEWER):
            distribution_add(
                actor=quality_manager, document=document, data={"kind": "role", "role": role}
            )
    client = client_for(quality_manager)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("documents:reading_matrix"))
    assert page.status_code == 200
    assert DocumentDistribution.objects.filter(organization=organization).count() == 8


def test_an_acknowledgement_page_is_seen_by_its_reader_and_managers_only(
    distributed: Any,
    organization: Any,
    employee: Any,
    quality_manager: Any,
    viewer: Any,
    client_for: Any,
) -> None:
    item = _mine(employee, organization)[0]
    url = reverse("documents:acknowledgement_detail", args=[item.pk])
    mine = client_for(employee).get(url)
    assert mine.status_code == 200
    assert "I have read and understood" in mine.content.decode()
    assert client_for(quality_manager).get(url).status_code == 200
    assert client_for(viewer).get(url).status_code == 404


def test_a_process_owner_distributes_only_the_documents_they_own(
    distributed: Any, organization: Any, process_owner: Any, quality_manager: Any, employee: Any
) -> None:
    theirs = effective_document(
        organization=organization,
        author=process_owner,
        approver=quality_manager,
        owner=quality_manager,
    )
    distribution_add(
        actor=process_owner, document=distributed, data={"kind": "user", "user": employee}
    )
    with pytest.raises(PermissionDenied):
        distribution_add(
            actor=process_owner, document=theirs, data={"kind": "user", "user": employee}
        )
