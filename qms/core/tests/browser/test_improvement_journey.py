"""Issue 14's journey in a real browser: a customer complaint becomes a nonconformity, its
containment is recorded, the 5 whys are filled in, a corrective action is assigned and its
owner completes it, someone else records the effectiveness check, and the nonconformity
closes. Closing earlier names the conditions still missing.

Real pages as real users, in separate browser contexts: the quality manager, the process
owner who owns the corrective action, and an internal auditor who checks its effectiveness.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qms.accounts.tests.factories import PASSWORD
from qms.actions.models import Action
from qms.complaints.models import Complaint
from qms.nonconformities.models import Nonconformity
from qms.organizations.tests.factories import ProcessFactory

from .helpers import PHONE, fits_width, log_in, screenshot, scripts_ready

pytestmark = pytest.mark.browser

CLOSE_ROOT_CAUSE = "no root cause is recorded"
CLOSE_COMPLETED = "no corrective action is completed"
CLOSE_CHECK = "no effectiveness check is recorded as effective"


def _status(page: Any) -> Any:
    return page.get_by_role("region", name="Status")


def _take_step(page: Any, label: str) -> Any:
    """Follow a workflow step's button in the Status panel to its form (the step's page)."""
    _status(page).get_by_role("link", name=label, exact=True).click()
    expect(page.locator("#transition-form")).to_be_visible()
    return page.locator("#transition-form")


def _submit_step(page: Any) -> None:
    page.locator("#transition-form").get_by_role("button").first.click()


def _expect_state(page: Any, state: str) -> None:
    expect(page.locator("dd[data-status]")).to_have_attribute("data-status", state)


def _close_blocked_reason(page: Any) -> Any:
    """Close is shown but disabled, described by why it cannot happen yet."""
    button = _status(page).get_by_role("button", name="Close the nonconformity", exact=True)
    expect(button).to_be_disabled()
    return _status(page).locator("#transition-close-why")


def _corrective_panel(page: Any) -> Any:
    return page.locator("section.actions-panel").filter(
        has=page.get_by_role("heading", name=re.compile(r"^Corrective actions"))
    )


def _open_add_action(page: Any) -> Any:
    """Open the corrective-actions panel's "Add action" form and return it. The panel offers
    the form behind a disclosure, or as a link that loads it in place (htmx) or opens the
    add page without JavaScript; each shape is accepted."""
    scripts_ready(page)
    panel = _corrective_panel(page)
    control = panel.locator("summary", has_text="Add action").or_(
        panel.get_by_role("link", name=re.compile(r"^Add action"))
    )
    control.first.click()
    form = page.locator("form").filter(has=page.get_by_role("button", name="Add action"))
    expect(form.get_by_label(re.compile(r"^Title\b"))).to_be_visible()
    return form


@pytest.fixture
def inspection(organization: Any, process_owner: Any) -> Any:
    return ProcessFactory(organization=organization, name="Final inspection", owner=process_owner)


def test_a_complaint_becomes_a_nonconformity_that_is_corrected_verified_and_closed(
    page: Any,
    new_context: Any,
    organization: Any,
    quality_manager: Any,
    process_owner: Any,
    auditor: Any,
    inspection: Any,
) -> None:
    today = timezone.localdate().isoformat()

    # Given the quality manager logs a customer's complaint
    log_in(page, quality_manager.email)
    page.goto("/complaints/")
    page.get_by_role("link", name=re.compile(r"^Add complaint")).click()
    page.get_by_label(re.compile(r"^Customer\b")).fill("Brightwater Pumps")
    page.get_by_label("Product or order reference").fill("PO-4471")
    page.get_by_label("Description").fill(
        "Twelve gauges of the last delivery read 0.3 bar high at the customer's incoming "
        "inspection."
    )
    page.get_by_role("button", name="Save").click()
    complaint = Complaint.objects.for_organization(organization).get()
    expect(page).to_have_url(re.compile(rf"/complaints/{complaint.pk}/$"))
    screenshot(page, "journey-01-complaint")

    # When they escalate it to a nonconformity in one step
    page.get_by_role("link", name="Escalate to a nonconformity").first.click()
    page.get_by_label("Severity of the nonconformity").select_option("major")
    page.get_by_label("Process").select_option(label=str(inspection))
    page.get_by_role("button", name="Escalate").click()
    escalated = page.locator("[data-escalated]")
    expect(escalated).to_be_visible()
    nc = Nonconformity.objects.for_organization(organization).get()
    expect(escalated).to_contain_text(nc.number)

    # Then the nonconformity's page says it came from the complaint
    escalated.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/nonconformities/{nc.pk}/$"))
    scripts_ready(page)
    details = page.get_by_role("region", name="Details")
    expect(details).to_contain_text(f"From complaint {complaint.number} of Brightwater Pumps")
    expect(details).to_contain_text("Customer complaint")
    _expect_state(page, "reported")
    screenshot(page, "journey-02-nc-reported")

    # When they try to close it at once, the page names every missing condition
    why = _close_blocked_reason(page)
    for condition in (CLOSE_ROOT_CAUSE, CLOSE_COMPLETED, CLOSE_CHECK):
        expect(why).to_contain_text(condition)
    screenshot(page, "journey-03-close-refused")

    # When they record the containment and the correction, then take "Record containment"
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Containment").fill(
        "Quarantined the 40 gauges left in stock; the customer holds the delivery."
    )
    page.get_by_label("Correction").fill("Recalibrate and re-test the twelve gauges returned.")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(rf"/nonconformities/{nc.pk}/$"))
    expect(page.locator("[data-containment]")).to_contain_text("Quarantined the 40 gauges")
    _take_step(page, "Record containment")
    _submit_step(page)
    _expect_state(page, "contained")
    screenshot(page, "journey-04-contained")

    # When they fill in the 5 whys (adding steps in the editor) and the root cause
    page.get_by_role("link", name="Start the analysis").click()
    editor = page.locator("#whys-editor")
    whys = [
        ("Why did the gauges read high?", "Their zero point had drifted."),
        ("Why had the zero point drifted?", "The calibration bench was out of tolerance."),
        ("Why was the bench out of tolerance?", "Its own calibration had lapsed."),
    ]
    for index, (question, answer) in enumerate(whys):
        if index:
            editor.get_by_role("button", name="Add a step").click()
            expect(editor.locator("li.whys-step")).to_have_count(index + 1)
            editor = page.locator("#whys-editor")
        step = editor.locator("li.whys-step").nth(index)
        step.get_by_label("Why?").fill(question)
        step.get_by_label("Because").fill(answer)
    page.get_by_label("Root cause", exact=True).fill(
        "The calibration bench had no recall date, so its calibration lapsed unnoticed."
    )
    screenshot(page, "journey-05-analysis-editor")
    page.get_by_role("button", name="Save the analysis").click()
    page.wait_for_url(re.compile(r"/nonconformities/(analyses/)?\d+/$"))
    if "/analyses/" in page.url:
        page.goto(nc.get_absolute_url())
    analysis = page.get_by_role("region", name=re.compile(r"^Root-cause analysis"))
    expect(analysis.locator("[data-root-cause]")).to_contain_text("no recall date")
    expect(analysis).to_contain_text("Its own calibration had lapsed.")
    _take_step(page, "Root cause analysed")
    _submit_step(page)
    _expect_state(page, "analysed")
    screenshot(page, "journey-06-analysed")

    # When they add a corrective action for the process owner from the NC page
    form = _open_add_action(page)
    form.get_by_label(re.compile(r"^Title\b")).fill(
        "Put the calibration bench on the recall schedule"
    )
    form.get_by_label(re.compile(r"^Owner\b")).select_option(label=str(process_owner))
    form.get_by_label(re.compile(r"^Due date\b")).fill(today)
    form.get_by_role("button", name="Add action").click()
    if "/actions/" in page.url:  # the add page (no JavaScript) returns to the NC
        page.wait_for_url(re.compile(rf"/nonconformities/{nc.pk}/"))
    panel = _corrective_panel(page)
    expect(panel.locator("[data-action]")).to_have_count(1)
    action = Action.objects.for_organization(organization).get()
    assert action.owner_id == process_owner.pk
    assert action.kind == "corrective"
    expect(panel).to_contain_text(action.number)

    # and plan the effectiveness check for today, then agree the plan
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Effectiveness check due").fill(today)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("[data-verification-due]")).to_contain_text(today)
    _take_step(page, "Agree action plan")
    _submit_step(page)
    _expect_state(page, "planned")
    screenshot(page, "journey-07-planned")

    # Then closing names only what is still missing
    why = _close_blocked_reason(page)
    expect(why).not_to_contain_text(CLOSE_ROOT_CAUSE)
    expect(why).to_contain_text(CLOSE_COMPLETED)
    expect(why).to_contain_text(CLOSE_CHECK)
    # and the step's own page (reached by its address) refuses it in the same words
    page.goto(f"{nc.get_absolute_url()}transition/close/")
    _submit_step(page)
    refusal = page.locator("#transition-form")
    expect(refusal).to_contain_text(CLOSE_COMPLETED)
    expect(refusal).not_to_contain_text(CLOSE_ROOT_CAUSE)
    nc.refresh_from_db()
    assert nc.status == "planned"
    screenshot(page, "journey-07b-close-refused-again")

    # When the action's owner finds it on "My actions" and completes it with a note
    owner_page = new_context().new_page()
    log_in(owner_page, process_owner.email)
    owner_page.goto("/actions/mine/")
    owner_page.get_by_role("link", name=re.compile(action.number)).click()
    screenshot(owner_page, "journey-08-my-action")
    _take_step(owner_page, "Complete")
    owner_page.get_by_label(re.compile(r"^Reason")).fill(
        "Bench added to the recall schedule (every 6 months); recalibrated on the spot."
    )
    _submit_step(owner_page)
    expect(owner_page.locator("[data-state]")).to_have_text(re.compile("Done"))
    action.refresh_from_db()
    assert action.status == "done"

    # and the quality manager marks the actions implemented
    page.goto(nc.get_absolute_url())
    _take_step(page, "Actions implemented")
    _submit_step(page)
    _expect_state(page, "implemented")

    # Then the action's owner may not check the effectiveness of their own action
    owner_page.goto(nc.get_absolute_url())
    verify = _status(owner_page).get_by_role("button", name="Verify effectiveness")
    expect(verify).to_be_disabled()
    expect(_status(owner_page)).to_contain_text(
        "You own a corrective action of this cycle: someone else must check its effectiveness."
    )
    screenshot(owner_page, "journey-09-owner-may-not-verify")

    # When an internal auditor records the check with notes and their signature
    auditor_page = new_context().new_page()
    log_in(auditor_page, auditor.email)
    auditor_page.goto(nc.get_absolute_url())
    _take_step(auditor_page, "Verify effectiveness")
    auditor_page.get_by_label(re.compile(r"^Reason")).fill(
        "Sampled 20 gauges of the next two deliveries: all within 0.05 bar."
    )
    auditor_page.get_by_label("Your password").fill(PASSWORD)
    screenshot(auditor_page, "journey-10-verify-form")
    _submit_step(auditor_page)
    _expect_state(auditor_page, "verified")
    checks = auditor_page.locator("table[data-checks]")
    expect(checks).to_contain_text("Effective")
    expect(checks).to_contain_text("Sampled 20 gauges")
    screenshot(auditor_page, "journey-11-verified")

    # Then the quality manager closes it
    page.goto(nc.get_absolute_url())
    _take_step(page, "Close the nonconformity")
    _submit_step(page)
    _expect_state(page, "closed")
    nc.refresh_from_db()
    assert nc.status == "closed"

    # and the history lists every step, with the reasons and the signature
    history = page.get_by_role("region", name="History")
    for step in (
        "Containment and correction recorded",
        "Root cause analysed",
        "Corrective-action plan agreed",
        "Corrective actions implemented",
        "Effectiveness verified",
        "Nonconformity closed",
    ):
        expect(history).to_contain_text(step)
    expect(history).to_contain_text("Reason: Sampled 20 gauges")
    expect(history.locator("[data-signature-hash]")).to_have_count(1)
    screenshot(page, "journey-12-closed")

    # And the page fits a phone
    phone = new_context(viewport=PHONE).new_page()
    log_in(phone, quality_manager.email)
    phone.goto(nc.get_absolute_url())
    _expect_state(phone, "closed")
    screenshot(phone, "journey-13-nc-phone")
    assert fits_width(phone), phone.evaluate(
        """() => [...document.querySelectorAll('*')]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 5).map((el) => el.outerHTML.slice(0, 200))"""
    )
