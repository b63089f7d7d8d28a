"""The layout around every page: menus, phone width, the organization switcher, log-out."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from qms.accounts.tests.factories import MembershipFactory
from qms.core.permissions import Role
from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.organizations.services import site_create
from qms.organizations.tests.factories import SiteFactory

from .helpers import PHONE, fits_width, log_in, screenshot, scripts_ready

pytestmark = pytest.mark.browser


def test_on_a_phone_pages_fit_the_screen_and_the_menu_opens_on_demand(
    new_context, quality_manager, organization
):
    # Given a quality manager on a phone, with a few sites with long names
    for name in ("Sheffield head office and calibration laboratory", "Leeds warehouse"):
        site_create(
            actor=quality_manager,
            organization=organization,
            data={"name": name, "address": "Unit 14, Riverside Industrial Estate, " * 4},
        )
    page = new_context(viewport=PHONE).new_page()
    log_in(page, quality_manager.email)

    # The dashboard fits the width; the module menu is folded away but reachable
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    assert fits_width(page)
    menu = page.get_by_role("navigation", name="Modules")
    sites_link = menu.get_by_role("link", name="Sites")
    expect(sites_link).to_be_hidden()
    menu.get_by_text("Menu").click()
    expect(sites_link).to_be_visible()
    screenshot(page, "phone-15-menu-open")
    sites_link.click()

    # The sites list fits the width too, and the menu is folded again on the new page
    expect(page.get_by_role("heading", level=1)).to_have_text("Sites")
    expect(page.locator("#object-table")).to_contain_text("Leeds warehouse")
    assert fits_width(page)
    expect(sites_link).to_be_hidden()

    # and so does a site's page with its long address
    page.get_by_role("link", name="Sheffield head office and calibration laboratory").click()
    expect(page.get_by_role("region", name="History")).to_be_visible()
    assert fits_width(page)


def test_on_a_wide_screen_the_menu_is_always_open(page, quality_manager):
    log_in(page, quality_manager.email)
    menu = page.get_by_role("navigation", name="Modules")
    expect(menu.get_by_role("link", name="Audit log")).to_be_visible()
    expect(menu.get_by_text("Menu", exact=True)).to_be_hidden()
    expect(menu.get_by_role("link", name="Dashboard")).to_have_attribute("aria-current", "page")


def test_the_user_menu_opens_closes_with_escape_and_logs_out(page, quality_manager):
    # Given a logged-in quality manager
    log_in(page, quality_manager.email)
    account = page.get_by_label(f"Account menu for {quality_manager.email}")
    log_out = page.get_by_role("button", name="Log out")
    expect(log_out).to_be_hidden()

    # The menu opens, shows who is logged in with which role, and closes with Escape
    account.click()
    expect(log_out).to_be_visible()
    expect(page.locator(".menu-panel")).to_contain_text("Quality manager")
    screenshot(page, "desktop-16-user-menu")
    page.keyboard.press("Escape")
    expect(log_out).to_be_hidden()
    expect(account).to_be_focused()

    # When they log out, they are logged out: a page asks them to log in again
    account.click()
    log_out.click()
    page.goto("/organization/sites/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/organization/sites/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")


def test_a_person_in_two_organizations_switches_between_them(
    page, quality_manager, organization, other_organization
):
    # Given a quality manager of Acme who is also a viewer at Northwind, each with a site
    MembershipFactory(organization=other_organization, user=quality_manager, role=Role.VIEWER)
    SiteFactory(organization=organization, name="Acme plant")
    SiteFactory(organization=other_organization, name="Northwind foundry")
    log_in(page, quality_manager.email)
    switcher = page.get_by_role("combobox", name="Organization")
    expect(switcher).to_have_value(str(organization.pk))

    # When they pick Northwind in the switcher
    switcher.select_option(label="Northwind Castings")

    # Then they work in Northwind: its dashboard, its sites only, and its role's menu
    expect(page.get_by_role("status")).to_contain_text("You are now working in Northwind Castings")
    expect(page.get_by_role("main")).to_contain_text("Northwind Castings")
    expect(page.get_by_role("combobox", name="Organization")).to_have_value(
        str(other_organization.pk)
    )
    page.get_by_role("navigation", name="Modules").get_by_role("link", name="Sites").click()
    table = page.locator("#object-table")
    expect(table).to_contain_text("Northwind foundry")
    expect(table).not_to_contain_text("Acme plant")
    expect(page.get_by_role("link", name=re.compile("^Add site"))).to_have_count(0)

    # and back again
    scripts_ready(page)
    page.get_by_role("combobox", name="Organization").select_option(label="Acme Gauges Ltd")
    expect(page.get_by_role("main")).to_contain_text("Acme Gauges Ltd")
    page.goto("/organization/sites/")
    expect(page.locator("#object-table")).to_contain_text("Acme plant")


def test_the_switcher_fits_a_phone_even_with_long_organization_names(
    new_context, quality_manager, organization, other_organization
):
    # Given a person in two organizations with long names, on a phone
    organization.name = "Acme Gauges and Precision Measuring Instruments Ltd"
    with allow_unaudited_writes():  # test set-up, like a factory
        organization.save()
    MembershipFactory(organization=other_organization, user=quality_manager, role=Role.VIEWER)
    page = new_context(viewport=PHONE).new_page()

    # When they log in, the switcher is there and nothing scrolls sideways
    log_in(page, quality_manager.email)
    switcher = page.get_by_role("combobox", name="Organization")
    expect(switcher).to_be_visible()
    expect(page.get_by_label(f"Account menu for {quality_manager.email}")).to_be_visible()
    assert fits_width(page)
    screenshot(page, "phone-18-switcher")
