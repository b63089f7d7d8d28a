"""Issue 13's journey in a real browser: a procedure's new revision is written, reviewed and
approved with electronic signatures, becomes effective (superseding the one in force), and an
employee reads and acknowledges it; the reading matrix and the audit trail show every step.

Lives beside the core browser harness (Debian's Chromium through Playwright, no outside
request) so that one browser serves the whole browser package.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from qms.accounts.tests.factories import PASSWORD
from qms.core.permissions import Role
from qms.core.workflow import model_transition
from qms.documents.choices import DistributionKind, RevisionStatus
from qms.documents.models import Acknowledgement, Document, DocumentRevision
from qms.documents.services.documents import document_create
from qms.documents.services.reading import acknowledgement_sign, distribution_add
from qms.documents.services.revisions import revision_sign_review, revision_update

from .helpers import PHONE, fits_width, log_in, screenshot

pytestmark = pytest.mark.browser


def _revision(document: Document, number: int) -> DocumentRevision:
    return DocumentRevision.objects.for_organization(document.organization_id).get(
        document=document, number=number
    )


@pytest.fixture
def procedure(
    organization: Any, quality_manager: Any, owner: Any, auditor: Any, employee: Any
) -> Document:
    """QP-001 with revision 1 in force, distributed to every employee."""
    document = document_create(
        actor=quality_manager,
        organization=organization,
        data={
            "title": "Control of documented information",
            "document_type": "procedure",
            "owner": quality_manager,
            "review_interval_months": 12,
            "body": "# Purpose\n\nHow we control documents.\n\n# Steps\n\n1. Write\n2. Approve\n",
        },
    )
    first = _revision(document, 1)
    revision_update(
        actor=quality_manager, instance=first, data={"reviewers": [auditor], "approvers": [owner]}
    )
    model_transition(actor=quality_manager, instance=_revision(document, 1), transition="submit")
    revision_sign_review(actor=auditor, revision=_revision(document, 1), password=PASSWORD)
    model_transition(
        actor=owner, instance=_revision(document, 1), transition="approve", password=PASSWORD
    )
    distribution_add(
        actor=quality_manager,
        document=document,
        data={"kind": DistributionKind.ROLE, "role": Role.EMPLOYEE},
    )
    # the employee has acknowledged revision 1, so "to read" later holds revision 2 only
    for pending in Acknowledgement.objects.for_organization(organization).filter(
        revision=_revision(document, 1)
    ):
        acknowledgement_sign(actor=pending.user, acknowledgement=pending, password=PASSWORD)
    return Document.objects.for_organization(organization).get(pk=document.pk)


def test_a_revision_is_written_reviewed_approved_and_acknowledged(
    page: Any,
    new_context: Any,
    procedure: Document,
    quality_manager: Any,
    auditor: Any,
    owner: Any,
    employee: Any,
) -> None:
    # Given QP-001 rev. 1 in force; the quality manager (its owner) starts revision 2
    log_in(page, quality_manager.email)
    page.goto(procedure.get_absolute_url())
    page.get_by_role("button", name="Start a new revision").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2")

    # When they write it: what changed, the text, a reviewer and two approvers (one is
    # themselves, to show that separation of duties holds)
    page.get_by_label("Change summary").fill("Adds the periodic review step.")
    page.get_by_label("Text (Markdown)").fill(
        "# Purpose\n\nHow we control documents.\n\n# Steps\n\n1. Write\n2. Review\n"
        "3. Approve\n4. Review every 12 months\n"
    )
    page.get_by_label("Reviewers").select_option(label=str(auditor))
    page.get_by_label("Approvers").select_option(label=[str(owner), str(quality_manager)])
    page.get_by_role("button", name="Save").click()
    revision = _revision(procedure, 2)
    expect(page).to_have_url(re.compile(rf"/documents/revisions/{revision.pk}/$"))
    screenshot(page, "documents-revision-draft")

    # and send it for review
    page.get_by_role("region", name="Status").get_by_role("link", name="Send for review").click()
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_role("status")).to_contain_text("In review")

    # Then the author may not approve their own change: the step says why
    status = page.get_by_role("region", name="Status")
    expect(status.get_by_role("button", name="Approve")).to_be_disabled()
    expect(status).to_contain_text("You wrote this revision, so you cannot approve it")
    screenshot(page, "documents-self-approval-refused")

    # and the other approver waits for the reviewer
    approver_page = new_context().new_page()
    log_in(approver_page, owner.email)
    approver_page.goto(revision.get_absolute_url())
    status = approver_page.get_by_role("region", name="Status")
    expect(status.get_by_role("button", name="Approve")).to_be_disabled()
    expect(status).to_contain_text(f"Waiting for the review signature of {auditor}")

    # When the reviewer signs "reviewed" with their password
    reviewer_page = new_context().new_page()
    log_in(reviewer_page, auditor.email)
    reviewer_page.goto(revision.get_absolute_url())
    reviewer_page.get_by_label("Your password").fill(PASSWORD)
    reviewer_page.get_by_role("button", name="Sign “Reviewed”").click()
    expect(reviewer_page.get_by_role("main")).to_contain_text("signed")
    screenshot(reviewer_page, "documents-review-signed")

    # When the approver signs with a wrong password, nothing changes
    approver_page.reload()
    approver_page.get_by_role("region", name="Status").get_by_role("link", name="Approve").click()
    expect(approver_page.get_by_role("main")).to_contain_text("with the meaning Approved")
    approver_page.get_by_label("Your password").fill("not my password")
    approver_page.get_by_role("button", name="Sign and approve").click()
    expect(approver_page.get_by_role("main")).to_contain_text("The password is not correct")
    assert _revision(procedure, 2).status == RevisionStatus.IN_REVIEW

    # and then with their password
    approver_page.get_by_label("Your password").fill(PASSWORD)
    approver_page.get_by_role("button", name="Sign and approve").click()
    expect(approver_page.get_by_role("status")).to_contain_text("Approved, effective")
    screenshot(approver_page, "documents-revision-approved")

    # Then revision 2 is in force and revision 1 superseded
    assert _revision(procedure, 2).status == RevisionStatus.EFFECTIVE
    assert _revision(procedure, 1).status == RevisionStatus.SUPERSEDED
    approver_page.goto(procedure.get_absolute_url())
    expect(approver_page.get_by_role("main")).to_contain_text("Effective content: revision 2")
    expect(approver_page.get_by_role("main")).to_contain_text("Superseded")

    # When the employee opens "To read" on their phone
    reader = new_context(viewport=PHONE).new_page()
    log_in(reader, employee.email)
    reader.goto("/documents/to-read/")
    card = reader.locator(".card", has_text=procedure.number)
    expect(card).to_contain_text("Rev. 2")
    screenshot(reader, "documents-to-read-phone")
    assert fits_width(reader), reader.evaluate(
        """() => [...document.querySelectorAll('*')]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 5).map((el) => el.outerHTML.slice(0, 200))"""
    )
    # and acknowledges it with their password
    card.get_by_label("Your password").fill(PASSWORD)
    card.get_by_role("button", name="I have read and understood").click()
    expect(reader.get_by_role("main")).to_contain_text("Nothing to read")
    acknowledgement = Acknowledgement.objects.for_organization(procedure.organization_id).get(
        revision=revision, user=employee
    )
    assert acknowledgement.acknowledged_at is not None
    assert acknowledgement.signature_id is not None

    # Then the reading matrix shows who has read revision 2
    page.goto("/documents/reading/")
    matrix = page.get_by_role("main")
    expect(matrix).to_contain_text(procedure.number)
    expect(matrix).to_contain_text(str(employee))
    screenshot(page, "documents-reading-matrix")

    # And the revision's history shows each step, the signed ones with their content hash
    page.goto(revision.get_absolute_url())
    history = page.get_by_role("region", name="History")
    for step in (
        "Revision sent for review",
        "Record signed",
        "Revision approved and effective",
    ):
        expect(history).to_contain_text(step)
    expect(history.locator("[data-signature-hash]")).to_have_count(2)
    screenshot(page, "documents-revision-history")
