"""A quality manager takes a process through its workflow in the browser: activates a draft
with an electronic signature, then retires it with a reason, on a desktop and on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from qms.accounts.tests.factories import PASSWORD
from qms.core.signatures import Signature
from qms.organizations.choices import ProcessStatus
from qms.organizations.models import Process
from qms.organizations.tests.factories import ProcessFactory

from .helpers import PHONE, fits_width, log_in, screenshot, unlabelled_controls

pytestmark = pytest.mark.browser


def _stored(process: Process) -> Process:
    return Process.objects.for_organization(process.organization_id).get(pk=process.pk)


def test_quality_manager_activates_with_a_signature_and_retires_with_a_reason(
    page, new_context, quality_manager, process_owner, organization
):
    # Given a draft process with an owner, and one without
    process = ProcessFactory(
        organization=organization, owner=process_owner, name="Calibration", code="P-04"
    )
    orphan = ProcessFactory(organization=organization, owner=None, name="Packing", code="P-09")

    # When the quality manager opens the process without an owner
    log_in(page, quality_manager.email)
    page.goto(orphan.get_absolute_url())
    workflow = page.get_by_role("region", name="Status")
    # Then Activate is there but disabled, with the reason in words
    expect(workflow.get_by_role("button", name="Activate")).to_be_disabled()
    expect(workflow).to_contain_text("The process has no owner")
    screenshot(page, "workflow-blocked")

    # When they open the draft process with an owner and choose Activate
    page.goto(process.get_absolute_url())
    workflow = page.get_by_role("region", name="Status")
    expect(workflow).to_contain_text("Draft")
    workflow.get_by_role("link", name="Activate").click()

    # Then the form says what they sign and asks for their password
    expect(page.get_by_role("heading", level=1)).to_have_text("Activate P-04 Calibration")
    expect(page.get_by_role("main")).to_contain_text("with the meaning Approved")
    assert unlabelled_controls(page) == []
    screenshot(page, "workflow-sign-form")

    # When they mistype the password, the step is refused beside the field
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Sign and activate").click()
    expect(page.get_by_role("main")).to_contain_text(
        "The password is not correct: the signature was refused."
    )
    assert _stored(process).status == ProcessStatus.DRAFT

    # When they sign with their password
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Sign and activate").click()

    # Then the process is active, and its signature shows name, meaning and time
    expect(page).to_have_url(re.compile(rf"/organization/processes/{process.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text("Active")
    workflow = page.get_by_role("region", name="Status")
    expect(workflow).to_contain_text("Approved")
    expect(workflow).to_contain_text(quality_manager.get_full_name())
    expect(workflow).to_contain_text("Valid")
    screenshot(page, "workflow-activated")

    # When they retire it on a phone, first without a reason
    mobile = new_context(viewport=PHONE).new_page()
    log_in(mobile, quality_manager.email)
    mobile.goto(process.get_absolute_url())
    assert fits_width(mobile)
    mobile.get_by_role("region", name="Status").get_by_role("link", name="Retire").click()
    mobile.get_by_role("button", name="Retire").click()
    expect(mobile.get_by_role("main")).to_contain_text("A reason is required.")
    assert _stored(process).status == ProcessStatus.ACTIVE

    # then with one
    mobile.get_by_label("Reason (required)").fill("Merged into P-02 Design.")
    assert fits_width(mobile)
    screenshot(mobile, "workflow-retire-phone")
    mobile.get_by_role("button", name="Retire").click()
    status = mobile.get_by_role("region", name="Status")
    expect(status).to_contain_text("Retired")
    expect(status).to_contain_text("Reason: Merged into P-02 Design.")
    assert fits_width(mobile)
    # And the history shows both steps
    history = mobile.get_by_role("region", name="History")
    expect(history).to_contain_text("Process retired")
    expect(history).to_contain_text("Process activated")
    screenshot(mobile, "workflow-retired-phone")

    stored = _stored(process)
    assert stored.status == ProcessStatus.RETIRED
    assert Signature.objects.for_organization(organization).count() == 1
