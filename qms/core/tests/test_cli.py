"""The `qms` console script, run as a user runs it: a subprocess on a database file."""

from __future__ import annotations

import io
import json
import re
import socket
import subprocess
import time
import urllib.request

import django
import pytest
from django.core.management import call_command

from qms.__main__ import main
from qms.core.testing.cli import QMS, qms_env, run_qms

TOKEN = re.compile(r"^qms_[A-Za-z0-9_-]{20,}$")

# What `qms audit-verify` prints when every chain checks out.
VERIFIED = re.compile(r"^OK: \d+ events in \d+ chains\n$")


def ok(result):
    assert result.returncode == 0, f"stdout: {result.stdout}\nstderr: {result.stderr}"
    return result


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    """A data directory with a migrated database and the demo data, shared by this module."""
    data_dir = tmp_path_factory.mktemp("qms-cli")
    ok(run_qms(data_dir, "migrate", "--no-input", "-v", "0"))
    ok(run_qms(data_dir, "demo"))
    return data_dir


def test_audit_verify_works_with_a_dash_or_an_underscore(tmp_path):
    # given
    ok(run_qms(tmp_path, "migrate", "--no-input", "-v", "0"))
    # when
    dashed = run_qms(tmp_path, "audit-verify")
    underscored = run_qms(tmp_path, "audit_verify")
    # then
    assert dashed.returncode == 0 and VERIFIED.match(dashed.stdout), dashed.stdout
    assert underscored.returncode == 0 and VERIFIED.match(underscored.stdout), underscored.stdout


def test_django_commands_work_like_manage_py(tmp_path):
    # when
    result = ok(run_qms(tmp_path, "showmigrations", "core"))
    # then
    assert result.stdout.splitlines()[0] == "core"
    assert "0001_create_tables" in result.stdout


def test_options_before_any_command_pass_through_unchanged(capsys):
    # when
    main(["qms", "--version"])
    # then
    assert capsys.readouterr().out.strip() == django.get_version()


def test_the_product_commands_are_listed_in_help(tmp_path):
    # when
    result = ok(run_qms(tmp_path, "help"))
    # then
    for command in (
        "audit_verify",
        "audit_anchor",
        "tenancy_verify",
        "demo",
        "token",
        "serve",
        "check_migration_names",
    ):
        assert re.search(rf"^\s+{command}$", result.stdout, re.MULTILINE), command


def test_the_demo_data_verifies(demo_dir):
    # when
    result = run_qms(demo_dir, "audit-verify")
    # then
    assert result.returncode == 0 and VERIFIED.match(result.stdout), result.stdout


def test_a_second_demo_run_changes_nothing_and_does_not_fail(demo_dir):
    # when
    result = ok(run_qms(demo_dir, "demo"))
    # then
    assert result.stdout == "Demo data ready.\n"


def test_token_create_prints_the_token_and_nothing_else(demo_dir):
    # when
    result = ok(run_qms(demo_dir, "token", "create", "--user", "quality@acme.example"))
    # then
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert result.stdout == lines[0] + "\n"
    assert TOKEN.match(lines[0]), lines[0]


def test_token_create_for_an_unknown_user_fails_with_one_readable_line(demo_dir):
    # when
    result = run_qms(demo_dir, "token", "create", "--user", "nobody@acme.example")
    # then
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "nobody@acme.example" in lines[0]
    assert "Traceback" not in result.stderr


def test_token_create_in_an_organization_the_user_is_not_in_fails(demo_dir):
    # when
    result = run_qms(
        demo_dir, "token", "create", "--user", "quality@northwind.example", "--organization", "acme"
    )
    # then
    assert result.returncode != 0
    assert result.stdout == ""
    assert "not a member of organization 'acme'" in result.stderr


def test_a_created_token_is_listed_and_can_be_revoked(demo_dir):
    # given
    secret = ok(
        run_qms(demo_dir, "token", "create", "--user", "auditor@acme.example", "--name", "CI")
    ).stdout.strip()
    prefix = secret[:10]
    # when
    listed = ok(run_qms(demo_dir, "token", "list", "--user", "auditor@acme.example"))
    # then
    assert listed.stdout.splitlines() == [f"{prefix}\tacme\tactive\tnever\tCI"]
    # when
    revoked = ok(run_qms(demo_dir, "token", "revoke", prefix))
    # then
    assert revoked.stdout == ""
    assert f"Revoked {prefix}." in revoked.stderr
    relisted = ok(run_qms(demo_dir, "token", "list", "--user", "auditor@acme.example"))
    assert relisted.stdout.splitlines() == [f"{prefix}\tacme\trevoked\tnever\tCI"]
    # and revoking again finds no active token
    again = run_qms(demo_dir, "token", "revoke", prefix)
    assert again.returncode != 0
    assert "No active token with prefix" in again.stderr


def test_token_events_keep_the_audit_trail_intact(demo_dir):
    # given
    secret = ok(run_qms(demo_dir, "token", "create", "--user", "employee@acme.example")).stdout
    ok(run_qms(demo_dir, "token", "revoke", secret.strip()[:10]))
    # when
    result = run_qms(demo_dir, "audit-verify")
    # then
    assert result.returncode == 0 and VERIFIED.match(result.stdout), result.stdout


# --- The acceptance flow in process: a CLI token opens the API until it is revoked --------


@pytest.mark.django_db
def test_a_token_from_the_command_opens_the_api_until_it_is_revoked(client, quality_manager):
    # given
    stdout = io.StringIO()
    call_command("token", "create", "--user", quality_manager.email, stdout=stdout)
    secret = stdout.getvalue().strip()
    assert TOKEN.match(secret)
    # when
    allowed = client.get("/api/v1/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    call_command("token", "revoke", secret[:10], stderr=io.StringIO())
    refused = client.get("/api/v1/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    # then
    assert allowed.status_code == 200
    assert refused.status_code == 401


# --- Production serving: `qms serve` runs gunicorn and serves its own static files ---------


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url, timeout=30):
    # A generous timeout: it guards against a hung server, and a loaded CI machine (both
    # suites, or several workers, on two cores) can be slow to answer the first requests.
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
        return response.status, response.headers, response.read()


def wait_until_serving(url, process, deadline_seconds=240):
    """Poll until the server answers; a timeout for a hung start-up, not a speed assertion."""
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"qms serve exited with {process.returncode}")
        try:
            return get(url, timeout=10)
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"qms serve did not answer {url}")


def test_qms_serve_runs_gunicorn_in_production_mode_with_its_static_files(tmp_path):
    # given a production configuration
    port = free_port()
    env = qms_env(
        tmp_path,
        QMS_DEBUG="false",
        QMS_SECRET_KEY="s" * 50,
        QMS_AUDIT_KEY="a" * 50,
        QMS_PORT=str(port),
        QMS_WORKERS="1",
        QMS_ACCESS_LOG="false",
    )
    # when
    server = subprocess.Popen(  # noqa: S603 - our own console script, fixed arguments
        [QMS, "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        status, _headers, body = wait_until_serving(f"http://127.0.0.1:{port}/livez", server)
        static_status, static_headers, css = get(f"http://127.0.0.1:{port}/static/qms/qms.css")
        health_status, _headers, health = get(f"http://127.0.0.1:{port}/healthz")
    finally:
        server.terminate()
        _out, err = server.communicate(timeout=30)
    # then
    assert (status, body) == (200, b"ok")
    assert static_status == 200
    assert static_headers["Content-Type"].startswith("text/css")
    assert css
    assert health_status == 200
    assert json.loads(health)["database"] == {"status": "ok", "vendor": "sqlite"}
    assert f"Serving on http://127.0.0.1:{port}/ with 1 workers." in err
    assert "Warning: QMS_DEBUG=true" not in err
    assert (tmp_path / "static" / "staticfiles.json").exists()
