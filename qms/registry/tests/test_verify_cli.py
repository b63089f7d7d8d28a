"""`qms verify`: exit codes for valid, not found, not valid, bad signature, usage, network."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from qms.registry.management.commands import verify as verify_command
from qms.registry.services import publish_certificate
from qms.registry.signing import forget_active_key

from .factories import published

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _through_the_test_client(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--url http://registry.test` is answered by this process's views."""
    forget_active_key()

    def fetch(url: str) -> tuple[int, bytes]:
        if not url.startswith("http://registry.test/"):
            raise OSError("connection refused")
        response = Client().get(url.removeprefix("http://registry.test"))
        return response.status_code, response.content

    monkeypatch.setattr(verify_command, "fetch", fetch)


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("verify", *args, stdout=out, stderr=err)
    return int(exited.value.code or 0), out.getvalue().strip(), err.getvalue().strip()


def test_a_valid_active_certificate_exits_0_with_one_line() -> None:
    publish_certificate(published())

    code, out, err = run("MC-2026-0001", "--url", "http://registry.test")

    assert code == 0, err
    assert out.startswith("MC-2026-0001: valid — Müller Präzisionstechnik GmbH")
    assert "signature good" in out and "not pinned" not in out
    assert len(out.splitlines()) == 1


def test_not_found_exits_3_and_a_suspended_one_exits_4_with_its_status() -> None:
    publish_certificate(
        published(status="suspended", status_changed_on=date(2026, 6, 1), status_note="R3")
    )

    assert run("NOPE-1", "--url", "http://registry.test")[0] == 3
    code, out, _ = run("MC-2026-0001", "--url", "http://registry.test")
    assert code == 4
    assert "NOT VALID, suspended since 2026-06-01 (R3)" in out


def test_a_saved_answer_verifies_offline_and_fails_after_one_changed_byte(
    tmp_path: Path,
) -> None:
    publish_certificate(published())
    body = Client().get("/api/v1/public/certificates/MC-2026-0001/").content
    keys = Client().get("/.well-known/qms-registry-keys.json").content
    saved = tmp_path / "answer.json"
    saved.write_bytes(body)
    (tmp_path / "keys.json").write_bytes(keys)

    code, out, _ = run("--file", str(saved))
    assert code == 0
    assert "not pinned" in out
    assert run("--file", str(saved), "--keys", str(tmp_path / "keys.json"))[0] == 0
    assert run("--file", str(saved), "--url", "http://registry.test")[0] == 0

    for position in (body.index(b"Hauptstra"), body.index(b'"value":"') + 12, 1, len(body) - 2):
        changed = bytearray(body)
        changed[position] = ord("x") if changed[position] != ord("x") else ord("y")
        saved.write_bytes(bytes(changed))
        code, _, err = run("--file", str(saved))
        assert code == 5, (position, err)
        assert err.startswith("verify: bad signature")


def test_usage_and_network_errors_exit_2_and_1(tmp_path: Path) -> None:
    assert run()[0] == 2
    assert run("--file", str(tmp_path / "missing.json"))[0] == 2
    assert run("X-1", "--url", "ftp://registry.test")[0] == 2
    code, _, err = run("X-1", "--url", "http://unreachable.test")
    assert code == 1
    assert err.startswith("verify: cannot reach")


def test_an_answer_about_another_number_is_refused(tmp_path: Path) -> None:
    publish_certificate(published())
    saved = tmp_path / "answer.json"
    saved.write_bytes(Client().get("/api/v1/public/certificates/MC-2026-0001/").content)

    assert run("OTHER-1", "--file", str(saved))[0] == 2
    assert json.loads(saved.read_bytes())["data"]["query"]["number"] == "MC-2026-0001"


def test_registry_keys_rotate_and_list() -> None:
    out = StringIO()
    call_command("registry_keys", "list", stdout=out)
    call_command("registry_keys", "rotate", stdout=out)
    call_command("registry_keys", "list", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].endswith("current")
    assert lines[1].startswith("New signing key r2-")
    assert lines[2].split()[-3] == "retired" or "retired" in lines[2]
    assert lines[3].endswith("current")
