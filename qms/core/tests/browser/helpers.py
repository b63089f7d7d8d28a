"""Steps the browser tests share: log in like a person, measure the layout, take screenshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qms.accounts.tests.factories import PASSWORD

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Chromium resolves this name to 127.0.0.1 (see conftest): the live server under a name that
# is not "localhost", as a real installation is reached.
PUBLIC_NAME = "qms.example.test"
# var/ is git-ignored; screenshots are for people to look at, not for assertions.
SCREENSHOTS = Path(__file__).resolve().parents[4] / "var" / "screenshots"


def log_in(page: Any, email: str, password: str = PASSWORD) -> None:
    """Log in through the real form and wait until the browser has left the log-in page."""
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    scripts_ready(page)


def scripts_ready(page: Any) -> None:
    """Wait until the deferred scripts (htmx, qms.js) run: a click only waits for the new page
    to commit, and typing before htmx binds its triggers would send no request."""
    page.wait_for_load_state("load")
    page.wait_for_function("() => document.readyState === 'complete' && !!window.htmx")


def fits_width(page: Any) -> bool:
    """No horizontal scrolling: the document is no wider than the viewport."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def unlabelled_controls(page: Any) -> list[str]:
    """Visible form controls without an accessible name (label, aria-label, aria-labelledby)."""
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll("input, select, textarea")]
              .filter((el) => el.type !== "hidden" && el.offsetParent !== null)
              .filter((el) => !(el.labels && el.labels.length)
                && !el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby"))
              .map((el) => el.outerHTML)"""
        )
    )


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
