"""Every main page, at desktop and phone width: fits the screen, and leaves a screenshot.

The screenshots land in var/screenshots/ (git-ignored) for people to look at; the test itself
asserts only what a machine can judge: the page loads with its assets, has one main heading
and one main landmark, every form control has a label, nothing scrolls sideways, and nothing
is fetched from outside the machine.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from qms.accounts import services as account_services
from qms.accounts.tests.factories import MembershipFactory, UserFactory
from qms.core.permissions import Role
from qms.organizations import services as organization_services

from .helpers import DESKTOP, PHONE, fits_width, log_in, screenshot, unlabelled_controls

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture
def acme_with_records(organization, quality_manager, owner):
    """A lived-in organization: sites, processes, colleagues, tokens and a history."""
    people = [
        ("auditor@acme.test", "Irene Adler", Role.INTERNAL_AUDITOR),
        ("process@acme.test", "Paul Owens", Role.PROCESS_OWNER),
        ("employee@acme.test", "Emma Walsh", Role.EMPLOYEE),
    ]
    for email, name, role in people:
        MembershipFactory(
            organization=organization, role=role, user=UserFactory(email=email, full_name=name)
        )
    head = organization_services.site_create(
        actor=owner,
        organization=organization,
        data={
            "name": "Sheffield head office",
            "address": "12 Forge Lane\nSheffield S1 2AB",
            "country": "GB",
            "is_head_office": True,
            "employees": 84,
        },
    )
    site = organization_services.site_create(
        actor=quality_manager,
        organization=organization,
        data={
            "name": "Leeds warehouse",
            "address": "1 Canal Wharf\nLeeds LS11 5PS",
            "country": "GB",
            "employees": 12,
        },
    )
    organization_services.site_update(
        actor=quality_manager,
        instance=site,
        data={"employees": 15, "address": "2 Canal Wharf"},
    )
    organization_services.site_create(
        actor=quality_manager,
        organization=organization,
        data={"name": "Rotterdam sales office", "country": "NL", "employees": 4},
    )
    for code, name in [
        ("P-01", "Sales and contract review"),
        ("P-02", "Design and development"),
        ("P-03", "Calibration of gauges"),
    ]:
        organization_services.process_create(
            actor=quality_manager,
            organization=organization,
            data={"name": name, "code": code, "owner": quality_manager, "site": head},
        )
    account_services.token_create(
        actor=quality_manager,
        user=quality_manager,
        organization=organization,
        name="ERP integration",
    )
    account_services.invitation_create(
        actor=owner,
        organization=organization,
        email="new.starter@acme.test",
        role=Role.EMPLOYEE,
    )
    return {"site": site}


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_every_main_page_fits_the_screen(new_context, acme_with_records, quality_manager, size):
    page = new_context(viewport=VIEWPORTS[size]).new_page()
    site = acme_with_records["site"]

    page.goto("/accounts/login/")
    screenshot(page, f"{size}-01-login")
    assert fits_width(page)
    log_in(page, quality_manager.email)

    pages = [
        ("02-dashboard", "/"),
        ("03-sites", "/organization/sites/"),
        ("04-site-detail", f"/organization/sites/{site.pk}/"),
        ("06-audit-log", "/audit/"),
        ("07-api-tokens", "/accounts/tokens/"),
        ("08-members", "/accounts/members/"),
        ("09-processes", "/organization/processes/"),
        ("10-organization", "/organization/"),
        ("11-profile", "/accounts/profile/"),
        ("12-invitations", "/accounts/invitations/"),
        ("13-not-found", "/organization/sites/999999/"),
        ("15-context", "/context/"),
        ("16-process-map", "/organization/processes/map/"),
        ("17-risks", "/risks/"),
        ("18-risk-heat-map", "/risks/heat-map/"),
        ("19-risk-matrix", "/risks/matrix/"),
        ("20-objectives", "/objectives/"),
    ]
    for name, path in pages:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        screenshot(page, f"{size}-{name}")
        assert fits_width(page), f"{path} scrolls sideways at {size} width"
        assert not unlabelled_controls(page), f"{path} has controls without a label"
        expect(page.get_by_role("main")).to_have_count(1)

    page.goto("/organization/sites/add/")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_be_visible()
    screenshot(page, f"{size}-05-site-form-errors")
    assert fits_width(page)

    page.goto("/audit/")
    page.locator("#object-table tbody a").first.click()
    screenshot(page, f"{size}-14-audit-event")
    assert fits_width(page)
