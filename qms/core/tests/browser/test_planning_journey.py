"""Issue 15's journey in a real browser: the quality manager records a context issue and an
interested party with a requirement, adds a risk to a process, rates it on the matrix, chooses
a treatment and plans an action; the risk's owner approves it with their signature (a wrong
password and a non-owner are refused first); the heat map counts it in its cell; later edits
leave the approved snapshot untouched; bad input gets a message next to the field; the pages
fit a phone.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qms.accounts.tests.factories import PASSWORD
from qms.actions.models import Action
from qms.context.models import ContextIssue, InterestedParty
from qms.objectives.models import Measurement
from qms.objectives.tests.factories import QualityObjectiveFactory
from qms.organizations.tests.factories import ProcessFactory
from qms.risks.models import Risk, RiskApproval

from .helpers import PHONE, fits_width, log_in, screenshot, scripts_ready

pytestmark = pytest.mark.browser

TITLE = "Reference gauges used past their calibration due date"


def _status(page: Any) -> Any:
    return page.get_by_role("region", name="Status")


def _take_step(page: Any, label: str) -> Any:
    _status(page).get_by_role("link", name=label, exact=True).click()
    expect(page.locator("#transition-form")).to_be_visible()
    return page.locator("#transition-form")


def _submit_step(page: Any) -> None:
    page.locator("#transition-form").get_by_role("button").first.click()


def _expect_state(page: Any, state: str) -> None:
    expect(_status(page).locator("[data-state]")).to_have_text(re.compile(state, re.I))


def _save(page: Any) -> None:
    page.get_by_role("button", name="Save").click()


def _wide_elements(page: Any) -> Any:
    return page.evaluate(
        """() => [...document.querySelectorAll('*')]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 5).map((el) => el.outerHTML.slice(0, 200))"""
    )


@pytest.fixture
def calibration(organization: Any, quality_manager: Any) -> Any:
    return ProcessFactory(
        organization=organization, name="Calibration of gauges", owner=quality_manager
    )


def test_a_risk_is_identified_rated_planned_approved_and_its_snapshot_kept(
    page: Any,
    new_context: Any,
    organization: Any,
    quality_manager: Any,
    process_owner: Any,
    calibration: Any,
) -> None:
    today = timezone.localdate()

    # Given the quality manager records a context issue
    log_in(page, quality_manager.email)
    page.goto("/context/issues/add/")
    page.get_by_label(re.compile(r"^Title\b")).fill("Customers expect traceable calibration")
    for name in ("origin", "category", "pestle"):
        select = page.locator(f"select[name={name}]")
        if select.count():
            select.select_option(index=1)
    page.get_by_label(re.compile(r"^Description\b")).fill(
        "Two key customers audit our calibration records every year."
    )
    _save(page)
    issue = ContextIssue.objects.for_organization(organization).get()
    expect(page).to_have_url(re.compile(rf"/context/issues/{issue.pk}/$"))
    screenshot(page, "planning-01-issue")

    # and an interested party with one relevant requirement
    page.goto("/context/parties/add/")
    page.get_by_label(re.compile(r"^Name\b")).fill("Brightwater Pumps")
    for name in ("party_type", "influence"):
        select = page.locator(f"select[name={name}]")
        if select.count():
            select.select_option(index=1)
    _save(page)
    party = InterestedParty.objects.for_organization(organization).get()
    expect(page).to_have_url(re.compile(rf"/context/parties/{party.pk}/$"))
    page.goto(f"/context/parties/{party.pk}/requirements/add/")
    page.get_by_label(re.compile(r"^Requirement\b")).fill(
        "Gauges used on their orders are calibrated and traceable to national standards."
    )
    page.locator("[name=how_addressed]").fill("Calibration procedure P-03.")
    _save(page)
    page.goto(party.get_absolute_url())
    expect(page.get_by_role("main")).to_contain_text("traceable to national standards")
    screenshot(page, "planning-02-party")

    # When they add a risk on the calibration process, owned by the process owner
    page.goto("/risks/add/")
    page.locator("select[name=kind]").select_option("risk")
    page.get_by_label(re.compile(r"^Title\b")).fill(TITLE)
    page.get_by_label(re.compile(r"^Description\b")).fill(
        "A gauge past its due date may still be used at final inspection."
    )
    page.locator("select[name=owner]").select_option(label=str(process_owner))
    page.locator("select[name=processes]").select_option(label=str(calibration))
    page.locator("select[name=issues]").select_option(label=str(issue))
    page.locator("select[name=interested_parties]").select_option(label=str(party))
    # rated on the matrix: likelihood 4 x consequence 4
    page.locator("select[name=inherent_likelihood]").select_option("4")
    page.locator("select[name=inherent_consequence]").select_option("4")
    page.locator("select[name=residual_likelihood]").select_option("2")
    page.locator("select[name=residual_consequence]").select_option("4")
    page.locator("select[name=treatment]").select_option("change_likelihood")
    page.get_by_label(re.compile(r"^Treatment plan\b")).fill(
        "Block overdue gauges in the calibration register and tag them in the crib."
    )
    screenshot(page, "planning-03-risk-form")
    _save(page)
    risk = Risk.objects.for_organization(organization).get()
    expect(page).to_have_url(re.compile(rf"/risks/{risk.pk}/$"))
    assert (risk.inherent_likelihood, risk.inherent_consequence) == (4, 4)
    assert risk.inherent_score == 16
    assert list(risk.processes.all()) == [calibration]
    scripts_ready(page)

    # and plan a treatment action through the actions panel (owner, due date)
    panel = page.locator("section.actions-panel").first
    control = panel.locator("summary", has_text="Add action").or_(
        panel.get_by_role("link", name=re.compile(r"^Add action"))
    )
    control.first.click()
    form = page.locator("form").filter(has=page.get_by_role("button", name="Add action"))
    form.get_by_label(re.compile(r"^Title\b")).fill("Block overdue gauges in the register")
    form.get_by_label(re.compile(r"^Owner\b")).select_option(label=str(process_owner))
    due = (today + dt.timedelta(days=30)).isoformat()
    form.get_by_label(re.compile(r"^Due date\b")).fill(due)
    form.get_by_role("button", name="Add action").click()
    if "/actions/" in page.url:
        page.wait_for_url(re.compile(rf"/risks/{risk.pk}/"))
    expect(page.locator("section.actions-panel [data-action]")).to_have_count(1)
    action = Action.objects.for_organization(organization).get()
    assert action.owner_id == process_owner.pk
    assert action.due_date.isoformat() == due

    # and take it through "assessed" and "planned"
    page.goto(risk.get_absolute_url())
    _take_step(page, "Mark assessed")
    _submit_step(page)
    _expect_state(page, "assessed")
    _take_step(page, "Submit treatment plan")
    _submit_step(page)
    _expect_state(page, "planned")
    screenshot(page, "planning-04-risk-planned")

    # Then the quality manager, not the owner, may not approve it
    page.goto(f"{risk.get_absolute_url()}transition/approve/")
    form = page.locator("#transition-form")
    password = form.get_by_label("Your password")
    if password.count():
        password.fill(PASSWORD)
    _submit_step(page)
    expect(page.locator("#transition-form")).to_contain_text(re.compile(r"owner", re.I))
    risk.refresh_from_db()
    assert risk.status == "planned"
    screenshot(page, "planning-05-non-owner-refused")

    # When the owner approves with a wrong password first, it is refused and nothing changes
    owner_page = new_context().new_page()
    log_in(owner_page, process_owner.email)
    owner_page.goto(risk.get_absolute_url())
    _take_step(owner_page, "Approve treatment (owner)")
    owner_page.get_by_label("Your password").fill("not-my-password")
    _submit_step(owner_page)
    expect(owner_page.locator("#transition-form")).to_contain_text(re.compile(r"password", re.I))
    risk.refresh_from_db()
    assert risk.status == "planned"
    assert not RiskApproval.objects.filter(risk=risk).exists()
    screenshot(owner_page, "planning-06-wrong-password")

    # and then with their password: approved, with a snapshot
    owner_page.get_by_label("Your password").fill(PASSWORD)
    _submit_step(owner_page)
    _expect_state(owner_page, "approved")
    approval = RiskApproval.objects.get(risk=risk)
    assert approval.approved_by_id == process_owner.pk
    assert approval.signature_id is not None
    before = approval.snapshot
    assert before["title"] == TITLE
    assert before["inherent_score"] == 16
    expect(owner_page.locator("[data-approval-unchanged]")).to_be_visible()
    screenshot(owner_page, "planning-07-approved")

    # Then the heat map counts it in its cell, which links to the filtered register
    page.goto("/risks/heat-map/")
    table = page.locator("figure.risk-heatmap-figure").first
    table.locator("summary").click()
    rows = table.locator("tbody tr")
    row = rows.filter(has=page.locator("th", has_text=re.compile(r"^\s*4\b")))
    cell = row.locator("td").nth(3)
    expect(cell.get_by_role("link")).to_have_text("1")
    screenshot(page, "planning-08-heat-map")
    cell.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/risks/\?"))
    expect(page.get_by_role("main")).to_contain_text(risk.number)
    screenshot(page, "planning-09-filtered-register")

    # When the quality manager edits and re-rates it later
    page.goto(f"{risk.get_absolute_url()}edit/")
    page.get_by_label(re.compile(r"^Title\b")).fill("Gauges used after their due date")
    page.get_by_label(re.compile(r"^Description\b")).fill("Seen twice at final inspection.")
    page.locator("select[name=inherent_likelihood]").select_option("5")
    _save(page)
    expect(page).to_have_url(re.compile(rf"/risks/{risk.pk}/$"))

    # Then the page still shows the approval and marks what changed since
    changes = page.locator("table[data-approval-changes]")
    expect(changes).to_contain_text(TITLE)
    expect(changes).to_contain_text("Gauges used after their due date")
    page.get_by_text("Snapshot as approved").click()
    expect(page.locator("[data-snapshot-title]")).to_have_text(TITLE)
    expect(page.locator("[data-snapshot-inherent]")).to_contain_text("4 x 4 = 16")
    screenshot(page, "planning-10-changed-since-approval")
    approval.refresh_from_db()
    assert approval.snapshot == before
    risk.refresh_from_db()
    assert risk.inherent_score == 20

    # A rating outside the matrix is refused next to its field, nothing written
    page.goto(f"{risk.get_absolute_url()}edit/")
    page.evaluate(
        """() => {
          const s = document.querySelector('select[name=inherent_consequence]');
          s.add(new Option('9', '9')); s.value = '9'; }"""
    )
    _save(page)
    field = page.locator("select[name=inherent_consequence]")
    expect(field).to_have_attribute("aria-invalid", "true")
    described = field.get_attribute("aria-describedby") or ""
    error_ids = [part for part in described.split() if "error" in part]
    assert error_ids, described
    expect(page.locator(f"#{error_ids[0]}")).to_contain_text(re.compile(r"valid", re.I))
    screenshot(page, "planning-11-rating-refused")
    risk.refresh_from_db()
    assert risk.inherent_consequence == 4

    # A measurement outside an objective's period is refused next to its field
    objective = QualityObjectiveFactory(
        organization=organization,
        owner=quality_manager,
        start_date=dt.date(today.year, 1, 1),
        due_date=dt.date(today.year, 12, 31),
    )
    page.goto(objective.get_absolute_url())
    page.get_by_label(re.compile(r"^Period\b")).fill(f"{today.year + 1}-03")
    page.get_by_label(re.compile(r"^Value\b")).fill("91")
    page.get_by_role("button", name="Record").click()
    period = page.get_by_label(re.compile(r"^Period\b"))
    expect(period).to_have_attribute("aria-invalid", "true")
    screenshot(page, "planning-12-measurement-refused")
    assert not Measurement.objects.filter(objective=objective).exists()

    # And the pages fit a phone
    phone = new_context(viewport=PHONE).new_page()
    log_in(phone, quality_manager.email)
    for name, path in (
        ("context", "/context/"),
        ("issue", issue.get_absolute_url()),
        ("party", party.get_absolute_url()),
        ("risks", "/risks/"),
        ("risk", risk.get_absolute_url()),
        ("heat-map", "/risks/heat-map/"),
        ("matrix", "/risks/matrix/"),
        ("objectives", "/objectives/"),
        ("objective", objective.get_absolute_url()),
        ("process-map", "/organization/processes/map/"),
    ):
        phone.goto(path)
        screenshot(phone, f"planning-phone-{name}")
        assert fits_width(phone), (path, _wide_elements(phone))
