"""The registers of the reading side: distribution, acknowledgements and periodic reviews, as
list pages and detail pages linking back to their document."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from qms.core.navigation import menu_for
from qms.core.permissions import Role
from qms.documents.choices import DistributionKind, ReviewOutcome, RevisionStatus

from .factories import (
    AcknowledgementFactory,
    DocumentDistributionFactory,
    DocumentFactory,
    DocumentReviewFactory,
    DocumentRevisionFactory,
)

pytestmark = pytest.mark.django_db


def _html(response: Any) -> str:
    return response.content.decode()


# --- Distribution --------------------------------------------------------------------------


def test_the_distribution_register_lists_each_line_with_its_document(
    organization: Any, other_organization: Any, viewer: Any, employee: Any, client_for: Any
) -> None:
    # given two lines of Acme (a role, a person) and one of Northwind
    document = DocumentFactory(organization=organization, number="QP-007", title="Calibration")
    by_role = DocumentDistributionFactory(organization=organization, document=document)
    to_person = DocumentDistributionFactory(
        organization=organization,
        document=document,
        kind=DistributionKind.USER,
        role="",
        user=employee,
    )
    theirs = DocumentDistributionFactory(organization=other_organization)

    # when a viewer opens the register
    response = client_for(viewer).get(reverse("documents:documentdistribution_list"))

    # then both of Acme's lines are listed, linked to their page, and Northwind's is not
    assert response.status_code == 200
    html = _html(response)
    assert "Distribution register" in html
    assert by_role.get_absolute_url() in html
    assert to_person.get_absolute_url() in html
    assert "Calibration" in html
    assert 'data-label="Role">Employee</td>' in html  # the role's name, not its code
    assert str(employee) in html
    assert theirs.get_absolute_url() not in html


def test_the_distribution_register_reads_a_page_in_a_fixed_number_of_queries(
    organization: Any, quality_manager: Any, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    # given thirty lines over thirty documents
    for _ in range(30):
        DocumentDistributionFactory(organization=organization)
    client = client_for(quality_manager)
    url = reverse("documents:documentdistribution_list")
    client.get(url)  # warm the session and permission caches

    # when the first page is read, then the query count does not grow with the rows
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200


def test_a_distribution_line_links_back_to_its_document_and_offers_removal_to_its_editors(
    organization: Any, quality_manager: Any, employee: Any, client_for: Any
) -> None:
    # given a line of a document
    line = DocumentDistributionFactory(organization=organization)
    url = line.get_absolute_url()

    # when a quality manager and an employee open it
    as_manager = client_for(quality_manager).get(url)
    as_employee = client_for(employee).get(url)

    # then both see the document's link; only the manager gets the remove button
    assert as_manager.status_code == as_employee.status_code == 200
    for response in (as_manager, as_employee):
        assert line.document.get_absolute_url() in _html(response)
    remove = reverse("documents:distribution_remove", args=[line.pk])
    assert remove in _html(as_manager)
    assert remove not in _html(as_employee)


def test_distribution_lines_acknowledgements_and_reviews_have_no_edit_or_delete_page() -> None:
    # then: lines are added and removed on the document's page, the others are records
    for name in ("documentdistribution", "acknowledgement", "documentreview"):
        for action in ("edit", "delete"):
            with pytest.raises(NoReverseMatch):
                reverse(f"documents:{name}_{action}", args=[1])


# --- Acknowledgements ----------------------------------------------------------------------


@pytest.fixture
def acknowledgements(organization: Any, employee: Any, auditor: Any) -> dict[str, Any]:
    """The employee's pending one and signed one, and the auditor's own, overdue."""
    effective = {"organization": organization, "status": RevisionStatus.EFFECTIVE}
    return {
        "pending": AcknowledgementFactory(
            organization=organization,
            user=employee,
            revision=DocumentRevisionFactory(**effective),
            due_on=timezone.localdate() + dt.timedelta(days=10),
        ),
        "signed": AcknowledgementFactory(
            organization=organization,
            user=employee,
            revision=DocumentRevisionFactory(**effective),
            acknowledged_at=timezone.now(),
        ),
        "auditors": AcknowledgementFactory(
            organization=organization,
            user=auditor,
            revision=DocumentRevisionFactory(**effective),
            due_on=timezone.localdate() - dt.timedelta(days=1),
        ),
    }


def test_managers_and_auditors_see_every_acknowledgement(
    quality_manager: Any, auditor: Any, acknowledgements: dict[str, Any], client_for: Any
) -> None:
    for user in (quality_manager, auditor):
        # when they open the acknowledgements
        response = client_for(user).get(reverse("documents:acknowledgement_list"))

        # then everyone's are listed, with their status
        assert response.status_code == 200
        html = _html(response)
        for item in acknowledgements.values():
            assert item.get_absolute_url() in html
        assert 'data-label="Status">Read</td>' in html
        assert 'data-label="Status">Pending</td>' in html
        assert 'data-label="Status">Overdue</td>' in html


@pytest.mark.parametrize("role", ["employee", "process_owner", "viewer"])
def test_the_other_roles_see_only_their_own_acknowledgements(
    role: str,
    request: pytest.FixtureRequest,
    organization: Any,
    acknowledgements: dict[str, Any],
    client_for: Any,
) -> None:
    # given a member with an acknowledgement of their own
    user = request.getfixturevalue(role)
    own = AcknowledgementFactory(
        organization=organization,
        user=user,
        revision=DocumentRevisionFactory(organization=organization, status="effective"),
    )

    # when they open the acknowledgements
    response = client_for(user).get(reverse("documents:acknowledgement_list"))

    # then only their own is listed (the employee's own include the signed evidence)
    assert response.status_code == 200
    html = _html(response)
    assert own.get_absolute_url() in html
    assert acknowledgements["auditors"].get_absolute_url() not in html
    if role != "employee":
        assert acknowledgements["pending"].get_absolute_url() not in html
    else:
        assert acknowledgements["signed"].get_absolute_url() in html


def test_an_acknowledgement_no_longer_required_is_not_listed(
    organization: Any, quality_manager: Any, employee: Any, client_for: Any
) -> None:
    # given an unsigned acknowledgement of a superseded revision, and a signed one
    dropped = AcknowledgementFactory(
        organization=organization,
        user=employee,
        revision=DocumentRevisionFactory(organization=organization, status="superseded"),
    )
    evidence = AcknowledgementFactory(
        organization=organization,
        user=employee,
        revision=DocumentRevisionFactory(organization=organization, status="superseded"),
        acknowledged_at=timezone.now(),
    )

    # when the list is read
    html = _html(client_for(quality_manager).get(reverse("documents:acknowledgement_list")))

    # then the signed one stays (evidence) and the dropped one is gone
    assert evidence.get_absolute_url() in html
    assert dropped.get_absolute_url() not in html


def test_an_acknowledgement_page_leads_back_to_the_list_and_the_document(
    employee: Any, acknowledgements: dict[str, Any], client_for: Any
) -> None:
    item = acknowledgements["signed"]
    html = _html(client_for(employee).get(item.get_absolute_url()))
    assert reverse("documents:acknowledgement_list") in html
    assert item.revision.document.get_absolute_url() in html


# --- Periodic reviews ----------------------------------------------------------------------


def test_the_review_history_lists_reviews_newest_first_and_links_to_each(
    organization: Any, other_organization: Any, employee: Any, quality_manager: Any, client_for: Any
) -> None:
    # given two reviews of one document, and one of Northwind
    document = DocumentFactory(organization=organization, number="QP-031")
    older = DocumentReviewFactory(
        organization=organization,
        document=document,
        reviewer=quality_manager,
        reviewed_on=dt.date(2025, 11, 3),
    )
    newer = DocumentReviewFactory(
        organization=organization,
        document=document,
        reviewer=quality_manager,
        reviewed_on=dt.date(2026, 11, 2),
        outcome=ReviewOutcome.REVISION_NEEDED,
    )
    theirs = DocumentReviewFactory(organization=other_organization)

    # when an employee opens the history
    response = client_for(employee).get(reverse("documents:documentreview_list"))

    # then Acme's reviews are listed newest first, with their outcome; Northwind's is not
    assert response.status_code == 200
    html = _html(response)
    assert html.index(newer.get_absolute_url()) < html.index(older.get_absolute_url())
    assert str(newer.get_outcome_display()) in html
    assert theirs.get_absolute_url() not in html


def test_a_review_page_shows_the_record_and_links_to_the_document_and_revision(
    organization: Any, employee: Any, quality_manager: Any, client_for: Any
) -> None:
    # given a review of revision 3 with notes
    revision = DocumentRevisionFactory(organization=organization, number=3, status="effective")
    review = DocumentReviewFactory(
        organization=organization,
        document=revision.document,
        revision=revision,
        reviewer=quality_manager,
        notes="Checked against the new gauge list.",
    )

    # when it is opened
    response = client_for(employee).get(review.get_absolute_url())

    # then it shows the notes and leads to the document and the revision; no edit or delete
    html = _html(response)
    assert response.status_code == 200
    assert "Checked against the new gauge list." in html
    assert revision.document.get_absolute_url() in html
    assert revision.get_absolute_url() in html
    assert ">Edit<" not in html
    assert ">Delete<" not in html


# --- Navigation ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.QUALITY_MANAGER])
def test_the_registers_are_in_the_menu(role: str) -> None:
    urls = {link.url for section in menu_for(role, "/") for link in section.links}
    assert reverse("documents:acknowledgement_list") in urls
    assert reverse("documents:documentdistribution_list") in urls
    assert reverse("documents:documentreview_list") in urls
