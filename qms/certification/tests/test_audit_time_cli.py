"""`qms audit-time`: the worked example (domain spec §10) as JSON and as a report, and every
refusal as exit status 1 with one line on stderr."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from qms.certification.management.commands.audit_time import Command
from qms.core.testing.cli import run_qms
from qms.standards.loader import FIXTURES, load_files

pytestmark = pytest.mark.django_db

WORKED = [
    "--standard",
    "iso9001",
    "--enp",
    "67",
    "--complexity",
    "medium",
    "--factor",
    "interpreter=+5",
    "--factor",
    "mature=-10",
    "--sites",
    "16",
]
BREAKDOWN = ["--full-time", "58", "--part-time", "10", "--part-time-hours", "20"]


@pytest.fixture
def tables(db: Any) -> None:
    load_files(
        [
            FIXTURES / name
            for name in ("iaf-md5-qms-1.yaml", "iaf-md5-ems-1.yaml", "iaf-md5-ohsms-1.yaml")
        ]
    )


def _json(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("audit_time", *args, "--json", stdout=out, stderr=io.StringIO())
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


def _refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> str:
    """Run as from the command line: exit status 1 and the one line on stderr (the
    command's, or the process's for a usage error)."""
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        Command(stdout=out, stderr=err).run_from_argv(["qms", "audit_time", *args])
    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    assert out.getvalue() == "" and captured.out == ""
    message = err.getvalue() + captured.err
    assert message.endswith("\n") and message.count("\n") == 1, message
    assert "Traceback" not in message
    return message.strip()


def test_the_worked_example_as_json(tables: None) -> None:
    data = _json(*WORKED)
    assert {
        key: data[key]
        for key in (
            "t_table",
            "t_adjusted",
            "t_final",
            "on_site_min",
            "stage1",
            "stage2",
            "surveillance",
            "recertification",
        )
    } == {
        "t_table": 6.0,
        "t_adjusted": 5.7,
        "t_final": 5.5,
        "on_site_min": 4.5,
        "stage1": 2.0,
        "stage2": 3.5,
        "surveillance": 2.0,
        "recertification": 3.5,
    }
    sampled = data["sites_sampled"]
    assert (sampled["initial"], sampled["surveillance"], sampled["recertification"]) == (4, 3, 4)
    assert sampled["central_function"] is True
    assert data["caps_applied"] == [] and data["warnings"] == []
    assert data["table_ref"] == "IAF MD 5:2019 Issue 4 Version 3, Table QMS 1, version 2023-06-14"
    assert any(
        "ENP 67 is in the band 66\u201385: 6.0 days" in line for line in data["justification"]
    )
    assert any("5.7 rounds to 5.5 days" in line for line in data["justification"])


def test_the_worked_example_from_the_personnel_breakdown(tables: None) -> None:
    data = _json("--standard", "ISO 9001", *BREAKDOWN, "--seasonal", "4", *WORKED[4:])
    assert data["enp"] == 67.0 and data["t_final"] == 5.5 and data["on_site_min"] == 4.5
    assert data["inputs"]["personnel"]["full_time"] == 58.0
    assert data["justification"][0].startswith(
        "Effective number of personnel (ENP): 58 full-time (all shifts) + 10 part-time"
    )


def test_the_worked_example_as_a_readable_report(tables: None) -> None:
    out = io.StringIO()
    call_command("audit_time", *WORKED, stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert text.startswith(
        "Audit time: IAF MD 5:2019 Issue 4 Version 3, Table QMS 1, version 2023-06-14"
    )
    for figure in (
        "Table time: 6.0 days",
        "Adjusted time: 5.7 days",
        "Audit time (Stage 1 + Stage 2): 5.5 days",
        "On site, at least: 4.5 days",
        "Stage 1 / Stage 2: 2.0 days + 3.5 days",
        "Surveillance, each year: 2.0 days",
        "Recertification: 3.5 days",
        "Sites to visit: 4 initial, 3 surveillance, 4 recertification, plus the central function",
        "Caps applied: none",
        "Warnings: none",
    ):
        assert f"\n{figure}\n" in text, figure
    assert "  - Increase of 5 % (interpreter): Staff speak several languages" in text
    assert "  - Audit time: 5.7 rounds to 5.5 days (half-day rounding" in text


def test_an_integrated_audit_with_complexity_per_standard(tables: None) -> None:
    data = _json(
        "--standard",
        "iso9001",
        "--standard",
        "iso14001",
        "--enp",
        "67",
        "--complexity",
        "iso14001=high",
        "--integration",
        "20",
    )
    assert data["t_table"] == 15.0  # 6 + 9 (EMS high)
    assert data["t_final"] == 12.0
    assert [part["category"] for part in data["standards"]] == ["medium", "high"]


def test_the_cap_override_and_the_manual_value(tables: None) -> None:
    capped = _json(
        "--standard",
        "iso9001",
        "--enp",
        "67",
        "--factor",
        "mature=-20",
        "--factor",
        "low_risk=-15",
        "--apply-reduction-cap",
    )
    assert capped["t_adjusted"] == 4.2 and capped["caps_applied"][0]["code"] == "reduction_30"
    manual = _json(
        "--standard",
        "iso9001",
        "--enp",
        "12000",
        "--manual-days",
        "23",
        "--manual-justification",
        "Progression of the table",
    )
    assert manual["t_final"] == 23.0
    assert "unverified" in manual["warnings"][0]["message"]


def test_linear_interpolation_and_site_enp(tables: None) -> None:
    data = _json(
        "--standard",
        "iso9001",
        "--enp",
        "67",
        "--interpolation",
        "linear",
        "--site-enp",
        "30,20",
        "17",
    )
    assert data["t_table"] == 6.05
    assert [site["enp"] for site in data["sites"]] == [30, 20, 17]
    assert data["sites_sampled"]["sites"] == 3


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--standard", "iso9001", "--full-time", "-3"],
            "CommandError: Full-time personnel cannot be negative (-3).",
        ),
        (
            ["--standard", "iso9001", "--enp", "-3"],
            "CommandError: The effective number of personnel cannot be negative (-3).",
        ),
        (
            ["--standard", "iso9001", "--enp", "67", "--factor", "interpreter=5"],
            "CommandError: Factor 'interpreter=5': the percentage needs a sign (+5 or -5).",
        ),
        (
            ["--standard", "iso27001", "--enp", "67"],
            "CommandError: No audit-time table for ISO/IEC 27001: it uses ISO/IEC 27006-1; "
            "load one with `qms standards load`.",
        ),
        (
            ["--standard", "iso9002", "--enp", "67"],
            "CommandError: No audit-time table for ISO 9002: the loaded tables serve "
            "ISO 14001, ISO 45001, ISO 9001.",
        ),
        (
            ["--standard", "nine", "--enp", "67"],
            "CommandError: Unknown standard 'nine': name it like iso9001, iso14001 or iso45001.",
        ),
        (
            [
                "--standard",
                "iso9001",
                "--enp",
                "67",
                "--factor",
                "mature=-20",
                "--factor",
                "low_risk=-15",
            ],
            "CommandError: The factors reduce the time of ISO 9001 by 35 %, more than the 30 % "
            "IAF MD 5 allows (no less than 4.2 of 6.0 days); remove a decrease or apply the cap. "
            "Use --apply-reduction-cap to hold it at the limit.",
        ),
        (
            ["--standard", "iso14001", "--enp", "67", "--complexity", "extreme"],
            "CommandError: Complexity 'extreme' is not a category of Table EMS 1: use high, "
            "medium, low, limited.",
        ),
        (
            ["--standard", "iso9001", "--enp", "12000"],
            "CommandError: ENP 12,000 is above 10,700, the last band of Table QMS 1 (IAF MD 5): "
            "the table gives no value (follow the progression), so enter the audit time by "
            "hand with its justification; a straight continuation of the table suggests about "
            "22.5 days (unverified). Use --manual-days DAYS --manual-justification TEXT.",
        ),
        (
            ["--standard", "iso9001", "--enp", "67", "--factor", "new_site=+5"],
            "CommandError: Factor new_site (+5 %) needs a justification.",
        ),
        (
            [
                "--standard",
                "iso9001",
                "--standard",
                "iso14001",
                "--enp",
                "67",
                "--integration",
                "25",
            ],
            "CommandError: The integration reduction of 25 % is more than the 20 % allowed for "
            "an integrated audit (IAF MD 11).",
        ),
        (["--enp", "67"], "CommandError: Name a standard: --standard iso9001."),
        (
            ["--standard", "iso9001", "--enp", "67", "--full-time", "60"],
            "CommandError: Give either --enp or the personnel breakdown.",
        ),
        (
            ["--standard", "iso9001", "--enp", "67", "--audit-type", "special"],
            "CommandError: Unknown audit type 'special': use initial, surveillance, "
            "recertification.",
        ),
        (
            ["--standard", "iso9001", "--enp", "67", "--colour"],
            "CommandError: unrecognized arguments: --colour (see qms audit-time --help)",
        ),
    ],
)
def test_every_refusal_is_exit_1_with_one_line(
    tables: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    expected: str,
) -> None:
    assert _refused(monkeypatch, capsys, *args) == expected


def test_without_the_tables_it_says_how_to_load_them(
    db: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _refused(monkeypatch, capsys, "--standard", "iso9001", "--enp", "67") == (
        "CommandError: The audit-time tables are not loaded: run `qms standards load`."
    )


def test_the_console_script_lists_and_runs_audit_time(tmp_path: Path) -> None:
    listed = run_qms(tmp_path, "help")
    assert listed.returncode == 0 and "audit_time" in listed.stdout
    result = run_qms(tmp_path, "audit-time", "--standard", "iso9001", "--enp", "67")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "CommandError: The database is not ready: run `qms migrate`."
    ]


def test_organization_uses_the_bodys_policy_as_its_pages_do(tables: None) -> None:
    # given a certification body whose policy sets a 3-day floor and a 50 % Stage 1 share
    from decimal import Decimal

    from qms.certification.tests.factories import CertificationBodyFactory

    body = CertificationBodyFactory(minimum_audit_days=Decimal("3.0"), stage1_percent=Decimal("50"))

    # when the worked example is computed with and without the body's policy
    plain = _json(*WORKED)
    with_body = _json(*WORKED, "--organization", body.organization.slug)

    # then the defaults apply without it, and the body's floor and split with it
    assert (plain["surveillance"], plain["stage1"]) == (2.0, 2.0)
    assert with_body["surveillance"] == 3.0
    assert with_body["stage1"] == 3.0
    assert with_body["t_final"] == plain["t_final"] == 5.5


def test_unknown_organization_is_one_line(
    tables: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "No organization with the short name 'nobody'" in _refused(
        monkeypatch, capsys, *WORKED, "--organization", "nobody"
    )
