"""`qms serve` keeps answering while 50 clients drip their request headers a byte a second.

With gunicorn's sync workers two such clients held both workers and nobody else was served;
the uvicorn workers read headers on their event loop. The real `qms serve` runs in a
subprocess; the socket timeouts are hang guards, not speed limits.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from qms.core.testing.cli import QMS, qms_env, run_qms
from qms.core.testing.slow_clients import SlowClients

SLOW_CLIENTS = 50
HANG_GUARD_SECONDS = 30
PASSWORD = "demo"  # of the demo data


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _request(
    port: int,
    method: str,
    path: str,
    body: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """(status, headers with lower-case names and repeated ones joined by newlines, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=HANG_GUARD_SECONDS)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        merged: dict[str, str] = {}
        for name, value in response.getheaders():
            key = name.lower()
            merged[key] = f"{merged[key]}\n{value}" if key in merged else value
        return response.status, merged, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: Any) -> Iterator[tuple[int, str]]:
    """A production `qms serve` (one worker, SQLite) with a quality manager and a token."""
    data_dir: Path = tmp_path_factory.mktemp("serve")
    variables = {
        "QMS_DEBUG": "false",
        "QMS_SECRET_KEY": "s" * 50,
        "QMS_AUDIT_KEY": "a" * 50,
        "QMS_WORKERS": "1",
        "QMS_ACCESS_LOG": "false",
        "QMS_SECURE_COOKIES": "false",
        "QMS_LOG_LEVEL": "WARNING",
    }
    migrated = run_qms(data_dir, "migrate", "--no-input", "-v", "0", **variables)
    assert migrated.returncode == 0, migrated.stderr
    demo = run_qms(data_dir, "demo", "--force", **variables)
    assert demo.returncode == 0, demo.stderr
    made = run_qms(data_dir, "token", "create", "--user", "quality@acme.example", **variables)
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own console script, fixed arguments
        [QMS, "serve"],
        env=qms_env(data_dir, QMS_PORT=str(port), **variables),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 240  # a hung start-up, not a speed assertion
        while True:
            assert process.poll() is None, process.communicate()[1]
            try:
                if _request(port, "GET", "/livez")[0] == 200:
                    break
            except OSError:
                assert time.monotonic() < deadline, "qms serve did not start"
                time.sleep(0.2)
        yield port, token
    finally:
        process.terminate()
        process.communicate(timeout=30)


def _log_in(port: int) -> str:
    """Log in through the real form; returns the Cookie header of the session."""
    _status, headers, _page = _request(port, "GET", "/accounts/login/")
    found = re.search(r"csrftoken=([^;]+)", headers["set-cookie"])
    assert found, headers
    csrf = found.group(1)
    body = urlencode(
        {"csrfmiddlewaretoken": csrf, "username": "quality@acme.example", "password": PASSWORD}
    )
    status, headers, _ = _request(
        port,
        "POST",
        "/accounts/login/",
        body,
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}"},
    )
    assert status == 302, "log-in refused"
    session = re.search(r"sessionid=([^;]+)", headers["set-cookie"])
    assert session
    return f"sessionid={session.group(1)}"


def test_livez_static_files_and_logged_in_pages_answer_with_50_slow_clients_open(
    server: tuple[int, str],
) -> None:
    # given 50 connections dripping their headers a byte a second
    port, token = server
    slow = SlowClients(port, SLOW_CLIENTS, timeout=HANG_GUARD_SECONDS)
    try:
        time.sleep(2)  # let them drip a little before others ask

        # when ordinary requests come in meanwhile
        livez = _request(port, "GET", "/livez")
        css = _request(port, "GET", "/static/qms/qms.css")
        api = _request(port, "GET", "/api/v1/me/", headers={"Authorization": f"Bearer {token}"})
        cookie = _log_in(port)
        dashboard = _request(port, "GET", "/", headers={"Cookie": cookie})
        open_meanwhile = slow.still_open()
    finally:
        slow.close()

    # then every one is answered, while the slow clients were still connected
    assert (livez[0], livez[2]) == (200, b"ok")
    assert css[0] == 200
    assert css[1]["content-type"].startswith("text/css")
    assert api[0] == 200
    assert "quality@acme.example" in json.dumps(json.loads(api[2]))
    assert dashboard[0] == 200
    assert b"Dashboard" in dashboard[2]
    assert "content-security-policy" in dashboard[1]
    assert open_meanwhile == SLOW_CLIENTS
