"""Under the strict Content-Security-Policy the pages still work and the browser reports
no violation: the dashboard, a list searched through htmx, and the Swagger UI."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from qms.accounts.tests.factories import PASSWORD
from qms.organizations.tests.factories import SiteFactory

from .helpers import log_in, scripts_ready

pytestmark = pytest.mark.browser

# Runs before any page script (Playwright injects it outside the page's policy) and keeps
# every violation the browser reports.
_RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`);
});
"""


def _watch(page: Any) -> list[str]:
    console: list[str] = []
    page.add_init_script(_RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    return console


def _violations(page: Any, console: list[str]) -> list[str]:
    return [*console, *page.evaluate("window.__cspViolations || []")]


def test_dashboard_and_an_htmx_search_run_without_a_csp_violation(
    page: Any, quality_manager: Any, organization: Any
) -> None:
    # given sites to search, and a browser that records policy violations
    SiteFactory(organization=organization, name="Leeds warehouse")
    SiteFactory(organization=organization, name="Bristol depot")
    console = _watch(page)

    # when the quality manager logs in and sees the dashboard
    log_in(page, quality_manager.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    assert _violations(page, console) == []

    # and searches the site list, which htmx answers in place
    page.goto("/organization/sites/")
    scripts_ready(page)
    with page.expect_response(lambda r: "q=leeds" in r.url and r.request.headers.get("hx-request")):
        page.get_by_role("searchbox", name="Search").fill("leeds")
    expect(page.locator("#object-table tbody tr")).to_have_count(1)

    # then htmx worked, injected no style element, and nothing was blocked
    assert page.evaluate("window.htmx.config.includeIndicatorStyles") is False
    assert page.evaluate("document.querySelectorAll('style').length") == 0
    assert _violations(page, console) == []


def test_swagger_ui_runs_without_a_csp_violation(page: Any, quality_manager: Any) -> None:
    # given a browser that records policy violations
    console = _watch(page)
    log_in(page, quality_manager.email)

    # when the API documentation is opened
    page.goto("/api/v1/docs/")

    # then Swagger UI renders the operations and nothing was blocked
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("qms API")
    expect(page.locator(".opblock").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.locator(".opblock-summary").first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()
    assert _violations(page, console) == []


def test_the_django_admin_runs_without_a_csp_violation(page: Any, quality_manager: Any) -> None:
    # given a staff member and a browser that records policy violations
    quality_manager.is_staff = True
    quality_manager.is_superuser = True
    quality_manager.save(update_fields=["is_staff", "is_superuser"])
    console = _watch(page)

    # when they open the admin (through the product's log-in) and a list of records in it
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/admin/"))
    page.get_by_label("E-mail address").fill(quality_manager.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto("/admin/accounts/user/")
    expect(page.locator("#result_list")).to_be_visible()

    # then the admin needs no relaxed policy: nothing was blocked
    assert _violations(page, console) == []
