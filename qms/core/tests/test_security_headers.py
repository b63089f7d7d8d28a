"""Every page carries a Content-Security-Policy without 'unsafe-inline' (scripts and styles
are files), and HSTS goes out over HTTPS only."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

CSP = "Content-Security-Policy"
REQUIRED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def _fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [path("fail/", _fail)]
handler500 = "qms.core.views.errors.server_error"


def _policy(response: Any) -> dict[str, str]:
    assert CSP in response, f"no {CSP} on {response.status_code} response"
    directives = (part.strip().split(" ", 1) for part in response[CSP].split(";") if part.strip())
    return dict(directives)


def _assert_strict(response: Any) -> None:
    policy = _policy(response)
    for name, value in REQUIRED.items():
        assert policy.get(name) == value, (name, response[CSP])
    assert "unsafe-inline" not in response[CSP]
    assert "unsafe-eval" not in response[CSP]


@pytest.mark.parametrize(
    "path", ["/", "/organization/sites/", "/organization/sites/add/", "/accounts/profile/"]
)
def test_pages_carry_a_strict_content_security_policy(
    client_for: Any, quality_manager: Any, path: str
) -> None:
    # when
    response = client_for(quality_manager).get(path)
    # then
    assert response.status_code == 200
    _assert_strict(response)


def test_the_log_in_and_password_reset_pages_carry_it_too(db: Any, client: Client) -> None:
    for url in ("/accounts/login/", "/accounts/password/reset/"):
        _assert_strict(client.get(url))


def test_the_api_docs_page_carries_it_and_loads_its_initialiser_as_a_file(
    client_for: Any, quality_manager: Any
) -> None:
    # when the Swagger UI page is opened
    client = client_for(quality_manager)
    page = client.get("/api/v1/docs/")
    # then it carries the policy and has no inline script or style
    assert page.status_code == 200
    _assert_strict(page)
    html = page.content.decode()
    assert "<style" not in html
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all("src=" in attributes for attributes in scripts), scripts
    # and its initialiser is a script the page loads from us
    initialiser = client.get("/api/v1/docs/?script=")
    assert initialiser.status_code == 200
    assert initialiser["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in initialiser.content.decode()


@pytest.mark.parametrize("path", ["/no-such-page/", "/organization/sites/999999/"])
def test_an_error_page_carries_it(client_for: Any, quality_manager: Any, path: str) -> None:
    # when
    response = client_for(quality_manager).get(path)
    # then
    assert response.status_code == 404
    _assert_strict(response)


def test_the_server_error_page_carries_it_and_has_no_inline_style(db: Any) -> None:
    # given a client that sees the 500 page instead of the exception
    client = Client(raise_request_exception=False)
    # when a view fails (this module is also a URLconf with one failing view)
    with override_settings(ROOT_URLCONF=__name__):
        response = client.get("/fail/")
    # then
    assert response.status_code == 500
    _assert_strict(response)
    assert "<style" not in response.content.decode()


def test_the_htmx_indicator_style_is_not_injected(client_for: Any, quality_manager: Any) -> None:
    # when a page is opened
    html = client_for(quality_manager).get("/organization/sites/").content.decode()
    # then htmx is told not to add its <style> (the rule is in qms.css)
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in html
    css = (Path(settings.BASE_DIR) / "qms/static/qms/qms.css").read_text(encoding="utf-8")
    assert ".htmx-indicator" in css


_INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|\bhx-on|javascript:", re.I
)


def test_no_template_of_ours_has_an_inline_script_style_or_handler() -> None:
    # given every template of the product
    root = Path(settings.BASE_DIR) / "qms"
    # (PDF templates are laid out by WeasyPrint on the server and never sent to a browser,
    # so their stylesheet may be inline)
    templates = [
        path
        for path in root.rglob("templates/**/*.html")
        if "tests" not in path.parts and "pdf" not in path.parts
    ]
    assert len(templates) > 10
    # then none holds inline code the policy would block
    offenders = {
        str(path.relative_to(root)): match.group(0)
        for path in templates
        if (match := _INLINE.search(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_hsts_is_sent_over_https_only(db: Any, client: Client, settings: Any) -> None:
    # given HSTS on, as in production
    settings.SECURE_HSTS_SECONDS = 31536000
    # when the log-in page is fetched over HTTPS and over plain HTTP
    secure = client.get("/accounts/login/", secure=True)
    plain = client.get("/accounts/login/")
    # then only the HTTPS answer tells the browser to stick to HTTPS
    assert secure["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in plain
