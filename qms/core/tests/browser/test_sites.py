"""A quality manager works with sites in the browser: the journey every module repeats."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from qms.organizations.models import Site
from qms.organizations.tests.factories import SiteFactory

from .helpers import log_in, scripts_ready

pytestmark = pytest.mark.browser


def test_quality_manager_creates_a_site_finds_it_and_sees_its_history(
    page, quality_manager, organization
):
    # Given a quality manager of Acme, whose organization already has other sites
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    SiteFactory(organization=organization, name="Sheffield plant")
    SiteFactory(organization=organization, name="Bristol depot")

    # When they log in, they see the dashboard of their organization
    log_in(page, quality_manager.email)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.get_by_role("main")).to_contain_text("Acme Gauges Ltd")

    # and reach Sites through the side menu
    menu = page.get_by_role("navigation", name="Modules")
    menu.get_by_role("link", name="Sites").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sites")
    expect(menu.get_by_role("link", name="Sites")).to_have_attribute("aria-current", "page")

    # When they add "Leeds warehouse" through the form
    page.get_by_role("link", name="Add site").click()
    page.get_by_label("Name").fill("Leeds warehouse")
    page.get_by_label("Address").fill("1 Canal Wharf\nLeeds LS11 5PS")
    page.get_by_role("button", name="Save").click()

    # Then they land on its page with a confirmation
    expect(page.get_by_role("heading", level=1)).to_have_text("Leeds warehouse")
    expect(page.get_by_role("status")).to_contain_text("Leeds warehouse created")
    site = Site.objects.get(organization=organization, name="Leeds warehouse")

    # When they go back to the list and search for it, htmx replaces only the table
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Sites").click()
    expect(page.locator("#object-table tbody tr")).to_have_count(3)
    scripts_ready(page)
    page.evaluate("window.__sameDocument = true")
    with page.expect_response(
        lambda r: "q=leeds" in r.url and r.request.headers.get("hx-request") == "true"
    ):
        page.get_by_role("searchbox", name="Search").fill("leeds")
    rows = page.locator("#object-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Leeds warehouse")
    assert page.evaluate("window.__sameDocument === true"), "the page reloaded instead"
    expect(page).to_have_url(re.compile(r"[?&]q=leeds"))
    # and htmx understood every trigger of the filter form (a bad one logs a syntax error)
    assert console_errors == []

    # and open it: the history timeline shows who created it
    rows.first.get_by_role("link", name="Leeds warehouse").click()
    expect(page).to_have_url(re.compile(rf"/organization/sites/{site.pk}/$"))
    history = page.get_by_role("region", name="History")
    expect(history).to_contain_text("Site created")
    expect(history).to_contain_text(quality_manager.email)


def test_a_site_without_a_name_is_refused_with_the_error_beside_the_field(
    page, quality_manager, organization
):
    # Given a quality manager on the new-site form
    log_in(page, quality_manager.email)
    page.goto("/organization/sites/add/")

    # When they save it with an empty name
    page.get_by_label("Address").fill("Somewhere")
    page.get_by_role("button", name="Save").click()

    # Then the form comes back with the error tied to the name field
    name = page.get_by_label("Name")
    expect(name).to_have_attribute("aria-invalid", "true")
    error_id = name.get_attribute("id") + "_error"
    expect(name).to_have_attribute("aria-describedby", re.compile(rf"\b{error_id}\b"))
    error = page.locator(f"#{error_id}")
    expect(error).to_be_visible()
    expect(error).to_contain_text("This field is required.")
    # the error sits inside the same field group as the input, right below it
    assert error.evaluate("(e, input) => e.parentElement.contains(input)", name.element_handle())
    expect(page.get_by_role("alert")).to_contain_text("Please correct")
    # what was typed is kept
    expect(page.get_by_label("Address")).to_have_value("Somewhere")

    # and nothing was created
    assert not Site.objects.filter(organization=organization).exists()
