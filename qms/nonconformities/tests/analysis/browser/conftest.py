"""The browser harness of core (system Chromium, guarded against outside requests)."""

from qms.core.tests.browser.conftest import (  # noqa: F401  (fixtures)
    _browser_settings,
    broken_assets,
    browser,
    external_requests,
    new_context,
    page,
)
