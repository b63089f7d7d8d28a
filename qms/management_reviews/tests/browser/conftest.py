"""The product's browser harness (system Chromium, requests kept on the machine)."""

from qms.core.tests.browser.conftest import (  # noqa: F401  (fixtures)
    _browser_settings,
    broken_assets,
    browser,
    external_requests,
    new_context,
    page,
)
