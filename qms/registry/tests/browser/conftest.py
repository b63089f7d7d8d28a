"""The core browser harness's fixtures (system Chromium, outside requests refused)."""

from qms.core.tests.browser.conftest import (  # noqa: F401
    _browser_settings,
    broken_assets,
    browser,
    external_requests,
    new_context,
    page,
)
