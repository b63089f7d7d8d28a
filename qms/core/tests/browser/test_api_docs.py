"""The API documentation (Swagger UI) works on a machine with no internet."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .helpers import PUBLIC_NAME, screenshot

pytestmark = pytest.mark.browser


def test_swagger_ui_renders_the_operations_without_leaving_the_machine(
    new_context, live_server, external_requests
):
    # Reached under a public-looking name, as an installation is: Swagger UI treats
    # localhost specially (no online validator badge), so localhost would hide a leak.
    port = live_server.url.rsplit(":", 1)[1]
    page = new_context(base_url=f"http://{PUBLIC_NAME}:{port}").new_page()

    page.goto("/api/v1/docs/")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("qms API")
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible()
    assert operations.count() > 5
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/organizations/sites/").first)
    page.wait_for_load_state("networkidle")
    screenshot(page, "desktop-17-api-docs")
    external_requests.assert_none()
