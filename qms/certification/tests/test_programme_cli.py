"""`qms programme`: the due dates of the worked example, JSON and table output, policy flags,
--check with hard and soft rules, and every error path (exit status 1, one line on stderr)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

import pytest

from qms.__main__ import main


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def qms(capsys: pytest.CaptureFixture[str]) -> Any:
    """Run `qms programme ARGS` in this process: its exit status, stdout and stderr."""

    def run(*args: str) -> Run:
        capsys.readouterr()
        try:
            main(["qms", "programme", *args])
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def test_worked_example_as_json(qms: Any) -> None:
    result = qms("--decision-date", "2025-03-10", "--json")

    assert result.code == 0
    assert result.err == ""
    data = result.json()
    assert data["surveillance_1_due_by"] == "2026-03-10"
    assert data["surveillance_2_window"] == {"from": "2026-12-10", "to": "2027-06-10"}
    assert data["expiry"] == "2028-03-09"
    assert data["recertification_decision_by"] == "2028-03-08"
    assert data["restoration_deadline"] == "2028-09-09"
    assert data["surveillance_years"] == [2026, 2027]
    assert data["recertification_audit_start_by"] == "2027-12-09"
    assert [audit["kind"] for audit in data["proposed_audits"]] == [
        "surveillance_1",
        "surveillance_2",
        "recertification",
    ]
    assert data["policy"]["expiry_days_less"] == 1
    assert "violations" not in data


def test_worked_example_as_a_table(qms: Any) -> None:
    result = qms("--decision-date", "2025-03-10")

    assert result.code == 0
    lines = result.out.splitlines()
    assert any(line.startswith("Surveillance 1 due by") and "2026-03-10" in line for line in lines)
    assert any(line.startswith("Expiry") and line.endswith("2028-03-09") for line in lines)
    assert any("Restoration deadline" in line and "2028-09-09" in line for line in lines)
    assert any("2026-12-10 to 2027-06-10" in line for line in lines)
    assert any("Surveillance needed in" in line and "2026, 2027" in line for line in lines)


def test_recertification_cycle_from_the_previous_expiry(qms: Any) -> None:
    result = qms("--decision-date", "2028-01-20", "--previous-expiry", "2028-03-09", "--json")

    assert result.code == 0
    assert result.json()["expiry"] == "2031-03-09"


def test_policy_flags_replace_the_defaults(qms: Any) -> None:
    result = qms(
        "--decision-date",
        "2025-03-10",
        "--expiry-days-less",
        "0",
        "--restoration-months",
        "3",
        "--tolerance-months",
        "1",
        "--json",
    )

    data = result.json()
    assert result.code == 0
    assert data["expiry"] == "2028-03-10"
    assert data["restoration_deadline"] == "2028-06-10"
    assert data["surveillance_2_window"] == {"from": "2027-02-10", "to": "2027-04-10"}


def test_leap_day_decision(qms: Any) -> None:
    data = qms("--decision-date", "2024-02-29", "--json").json()

    assert data["surveillance_1_due_by"] == "2025-02-28"
    assert data["expiry"] == "2027-02-27"


def test_check_refuses_a_late_first_surveillance_and_exits_1(qms: Any) -> None:
    result = qms(
        "--decision-date",
        "2025-03-10",
        "--check",
        "surveillance_1=2026-04-15",
        "--check",
        "surveillance_2=2027-03-10",
        "--json",
    )

    assert result.code == 1
    assert result.err_lines == [
        "error: [first_surveillance_12_months] Surveillance 1 on 2026-04-15 is more than 12 "
        "months after the certification decision of 2025-03-10 (first surveillance due by "
        "2026-03-10; ISO/IEC 17021-1 §9.1.3.2)."
    ]
    violations = result.json()["violations"]
    assert [(v["rule"], v["severity"]) for v in violations] == [
        ("first_surveillance_12_months", "hard")
    ]


def test_check_refuses_a_year_without_surveillance(qms: Any) -> None:
    result = qms(
        "--decision-date",
        "2025-03-10",
        "--check",
        "surveillance_1=2026-02-10",
        "--check",
        "surveillance_2=2026-12-15",
    )

    assert result.code == 1
    assert result.err_lines == [
        "error: [surveillance_every_calendar_year] No surveillance in calendar year 2027: a "
        "surveillance audit is required in every calendar year of the cycle except the "
        "recertification year (here 2028; ISO/IEC 17021-1 §9.1.3.2)."
    ]
    assert "Check: 1 hard and 0 soft rule(s) broken" in result.out


def test_check_warns_of_soft_rules_and_exits_0(qms: Any) -> None:
    result = qms(
        "--decision-date",
        "2025-03-10",
        "--check",
        "surveillance_1=2026-02-10",
        "--check",
        "surveillance_2=2027-08-01",
    )

    assert result.code == 0
    assert len(result.err_lines) == 1
    assert result.err_lines[0].startswith("warning: [surveillance_tolerance_window] Surveillance 2")


def test_check_of_a_valid_programme(qms: Any) -> None:
    result = qms(
        "--decision-date",
        "2025-03-10",
        "--check",
        "stage2=2025-02-10",
        "--check",
        "surveillance_1=2026-02-10",
        "--check",
        "surveillance_2=2027-03-10",
        "--check",
        "recertification=2027-11-09",
        "--json",
    )

    assert result.code == 0
    assert result.err == ""
    assert result.json()["violations"] == []


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["--decision-date", "2025-02-30"],
            "qms programme: --decision-date: '2025-02-30' is not a valid date "
            "(day is out of range for month).",
        ),
        (
            ["--decision-date", "10/03/2025"],
            "qms programme: --decision-date: '10/03/2025' is not a date (expected YYYY-MM-DD, "
            "e.g. 2025-03-10).",
        ),
        (
            [],
            "qms programme: the following arguments are required: --decision-date (see --help)",
        ),
        (
            ["--decision-date", "2025-03-10", "--previous-expiry", "2028-13-01"],
            "qms programme: --previous-expiry: '2028-13-01' is not a valid date "
            "(month must be in 1..12).",
        ),
        (
            ["--decision-date", "2025-03-10", "--check", "surveillance_3=2026-01-01"],
            "qms programme: --check 'surveillance_3=2026-01-01': unknown audit kind "
            "'surveillance_3' (one of stage1, stage2, surveillance_1, surveillance_2, "
            "recertification, special).",
        ),
        (
            ["--decision-date", "2025-03-10", "--check", "surveillance_1"],
            "qms programme: --check 'surveillance_1': expected KIND=DATE, e.g. "
            "surveillance_1=2026-03-01.",
        ),
        (
            ["--decision-date", "2025-03-10", "--check", "surveillance_1=2026-02-31"],
            "qms programme: --check 'surveillance_1=2026-02-31': '2026-02-31' is not a valid "
            "date (day is out of range for month).",
        ),
        (
            ["--decision-date", "2025-03-10", "--tolerance-months", "-1"],
            "qms programme: --tolerance-months must be between 0 and 6 months (got -1).",
        ),
        (
            ["--decision-date", "2025-03-10", "--restoration-months", "-6"],
            "qms programme: --restoration-months must be between 0 and 6 months (got -6).",
        ),
        (
            ["--decision-date", "2025-03-10", "--tolerance-months", "three"],
            "qms programme: argument --tolerance-months: invalid int value: 'three' (see --help)",
        ),
        (
            ["--decision-date", "2025-03-10", "--second-surveillance-months", "11"],
            "qms programme: --second-surveillance-months (11) must be later than "
            "--first-surveillance-months (12).",
        ),
        (
            ["--decision-date", "2025-03-10", "--frequency", "2"],
            "qms programme: unrecognized arguments: --frequency 2 (see --help)",
        ),
        (
            ["--decision-date", "2029-01-01", "--previous-expiry", "2028-03-09"],
            "qms programme: The recertification decision of 2029-01-01 is after the restoration "
            "deadline of 2028-09-09 (6 months after the previous expiry of 2028-03-09): the "
            "certification can no longer be restored; a new initial certification (at least a "
            "Stage 2 audit) starts a new cycle without a previous expiry.",
        ),
    ],
)
def test_bad_input_exits_1_with_one_line(qms: Any, args: list[str], line: str) -> None:
    result = qms(*args)

    assert result.code == 1
    assert result.err_lines == [line]
    assert result.out == ""


def test_the_installed_command_exits_1_without_a_traceback() -> None:
    environment = {**os.environ, "QMS_DEBUG": "true"}
    done = subprocess.run(
        [sys.executable, "-m", "qms", "programme", "--decision-date", "2025-02-30"],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=120,
    )

    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "qms programme: --decision-date: '2025-02-30' is not a valid date "
        "(day is out of range for month)."
    ]
    assert "Traceback" not in done.stderr


def test_the_installed_command_prints_the_worked_example() -> None:
    environment = {**os.environ, "QMS_DEBUG": "true"}
    done = subprocess.run(
        [sys.executable, "-m", "qms", "programme", "--decision-date", "2025-03-10", "--json"],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["surveillance_1_due_by"], data["expiry"], data["restoration_deadline"]) == (
        "2026-03-10",
        "2028-03-09",
        "2028-09-09",
    )
