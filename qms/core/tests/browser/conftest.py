"""Browser harness: Playwright driving the system Chromium against pytest-django's live server.

- Chromium is Debian's `/usr/bin/chromium`; Playwright's own browser download is never used.
  Without it the browser tests skip, unless QMS_REQUIRE_BROWSER=1 or true (CI), which fails them.
- Playwright talks to its driver and the driver to Chromium over pipes, and the live server
  listens on 127.0.0.1, so pytest-socket's `--disable-socket --allow-unix-socket
  --allow-hosts=127.0.0.1,localhost,::1` lets everything legitimate through unchanged.
- Every browser context routes all requests through a guard: a request for any host other
  than the live server's is aborted (so nothing leaves the machine) and recorded, and the
  test fails at teardown naming it. Stylesheets, scripts, images and fonts that fail to load
  fail the test the same way.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from .helpers import DESKTOP, PUBLIC_NAME

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # A public-looking name for the live server, for pages that behave differently on
    # localhost (Swagger UI only calls its online validator for non-local hosts).
    f"--host-resolver-rules=MAP {PUBLIC_NAME} 127.0.0.1",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]", PUBLIC_NAME})
# Schemes that never touch the network.
LOCAL_SCHEMES = frozenset({"data", "blob", "about"})


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """One Chromium for the browser test package, closed after its last test.

    Package scope rather than session scope: Playwright's sync API keeps an asyncio loop
    running in the test thread while it is started, and Django refuses ORM calls under a
    running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set. Setting it only while Playwright
    runs, and stopping Playwright after this package, leaves the rest of the suite with
    Django's async-safety check on.
    """
    if not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        message = (
            f"{CHROMIUM} is missing: install Debian's browser with "
            "`apt-get install -y chromium fonts-dejavu-core` (never `playwright install`)."
        )
        if os.environ.get("QMS_REQUIRE_BROWSER", "").strip().lower() in ("1", "true"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def _browser_settings(settings: Any) -> None:
    """Plain-HTTP live server: cookies must not be marked Secure, whatever QMS_DEBUG says."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, PUBLIC_NAME]


class ExternalRequests(list[str]):
    """URLs the page asked for that are not on the live server's host."""

    def assert_none(self) -> None:
        assert not self, "requests left the machine:\n" + "\n".join(self)


class BrokenAssets(list[str]):
    """Stylesheets, scripts, images and fonts that did not load (a page's own status may be
    4xx on purpose, e.g. a refused form; its assets never)."""

    def assert_none(self) -> None:
        assert not self, "assets failed to load:\n" + "\n".join(self)


ASSET_TYPES = frozenset({"stylesheet", "script", "image", "font"})


@pytest.fixture
def external_requests() -> ExternalRequests:
    return ExternalRequests()


@pytest.fixture
def broken_assets() -> BrokenAssets:
    return BrokenAssets()


@pytest.fixture
def new_context(
    transactional_db: Any,
    browser: Any,
    live_server: Any,
    _browser_settings: None,
    external_requests: ExternalRequests,
    broken_assets: BrokenAssets,
) -> Iterator[Callable[..., Any]]:
    """Make a fresh browser context (own cookies) guarded against outside requests."""
    server_host = urlsplit(live_server.url).hostname
    allowed = LOCAL_HOSTS | {server_host}
    contexts: list[Any] = []

    def guard(route: Any) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES or parts.hostname in allowed:
            route.continue_()
        else:
            external_requests.append(url)
            route.abort("blockedbyclient")

    def check_asset(response: Any) -> None:
        if response.request.resource_type in ASSET_TYPES and response.status >= 400:
            broken_assets.append(f"{response.status} {response.url}")

    def check_failure(request: Any) -> None:
        host = urlsplit(request.url).hostname
        failure = request.failure or ""
        if (
            request.resource_type in ASSET_TYPES
            and host in allowed
            and "ERR_ABORTED" not in failure
        ):
            broken_assets.append(f"{failure} {request.url}")

    def make(viewport: dict[str, int] | None = None, **kwargs: Any) -> Any:
        kwargs.setdefault("base_url", live_server.url)
        kwargs.setdefault("locale", "en-GB")
        kwargs.setdefault("timezone_id", "UTC")
        context = browser.new_context(viewport=viewport or DESKTOP, **kwargs)
        context.set_default_timeout(10_000)
        context.route("**/*", guard)
        context.on("response", check_asset)
        context.on("requestfailed", check_failure)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    external_requests.assert_none()
    broken_assets.assert_none()


@pytest.fixture
def page(new_context: Callable[..., Any]) -> Any:
    """A page in a fresh desktop-sized context."""
    return new_context().new_page()
