"""`qms programme --decision-date 2025-03-10 [--previous-expiry DATE] [--check KIND=DATE ...]
[--json]`: the due dates of a certification cycle (domain spec §3.7) and, with `--check`, the
rules a planned programme breaks.

The same calculation as the programme page and the API (qms.certification.programme.rules).
Policy flags (`--expiry-days-less`, `--tolerance-months`, ...) replace the certification
body's defaults. Exit status 1 with one readable line on stderr for bad input; with `--check`,
exit status 1 when a hard rule is broken (one line per violation on stderr; soft ones are
printed as warnings and do not change the status). No database access.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from qms.certification.choices import AuditKind
from qms.certification.programme.rules import (
    HARD,
    CycleDates,
    PlannedAudit,
    PolicyError,
    ProgrammePolicy,
    ProposedAudit,
    Violation,
    check_programme,
    cycle_dates,
    proposed_audits,
)

PROG = "qms programme"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Command-line flag -> ProgrammePolicy field.
POLICY_FLAGS = {
    "expiry-days-less": "expiry_days_less",
    "cycle-months": "cycle_months",
    "first-surveillance-months": "first_surveillance_months",
    "second-surveillance-months": "second_surveillance_months",
    "tolerance-months": "surveillance_tolerance_months",
    "restoration-months": "restoration_months",
    "major-verification-months": "major_verification_months",
    "recertification-lead-months": "recertification_lead_months",
    "max-suspension-months": "max_suspension_months",
}


class InputError(ValueError):
    """Bad command-line input: the message is the whole line."""


def fail(message: str) -> NoReturn:
    sys.stderr.write(f"{PROG}: {message}\n")
    sys.exit(1)


class OneLineErrorParser(CommandParser):
    """Argument errors as one line and exit status 1 (argparse prints the usage and exits 2)."""

    def error(self, message: str) -> NoReturn:
        fail(f"{message} (see --help)")


def parse_date(text: str, what: str) -> date:
    if not ISO_DATE.fullmatch(text.strip()):
        raise InputError(f"{what}: {text!r} is not a date (expected YYYY-MM-DD, e.g. 2025-03-10).")
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise InputError(f"{what}: {text!r} is not a valid date ({error}).") from error


def parse_check(text: str) -> PlannedAudit:
    kind, sep, day = text.partition("=")
    kind = kind.strip()
    if not sep:
        raise InputError(f"--check {text!r}: expected KIND=DATE, e.g. surveillance_1=2026-03-01.")
    if kind not in AuditKind.values:
        kinds = ", ".join(AuditKind.values)
        raise InputError(f"--check {text!r}: unknown audit kind {kind!r} (one of {kinds}).")
    return PlannedAudit(kind=kind, date=parse_date(day, f"--check {text!r}"))


def policy_from(options: dict[str, Any]) -> ProgrammePolicy:
    values = {
        field: options[field] for field in POLICY_FLAGS.values() if options[field] is not None
    }
    try:
        return ProgrammePolicy(**values)
    except PolicyError as error:
        flag = next((f for f, name in POLICY_FLAGS.items() if name == error.field), error.field)
        reason = error.reason
        for other_flag, other in POLICY_FLAGS.items():  # name the flags, not the fields
            reason = reason.replace(other, f"--{other_flag}")
        raise InputError(f"--{flag} {reason}") from error


class Command(BaseCommand):
    help = (
        "Due dates of a 3-year certification cycle from its decision date (surveillance 1 due "
        "by, surveillance 2 window, expiry, recertification decision by, restoration deadline) "
        "and, with --check, the rules a planned programme breaks."
    )
    requires_system_checks: list[str] = []  # pure date arithmetic: no database, no checks

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = OneLineErrorParser
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--decision-date",
            required=True,
            metavar="DATE",
            help="Certification (or recertification) decision date of the cycle, YYYY-MM-DD.",
        )
        parser.add_argument(
            "--previous-expiry",
            metavar="DATE",
            help="Expiry of the previous cycle, for a recertification (or restoration) cycle.",
        )
        parser.add_argument(
            "--check",
            action="append",
            default=[],
            metavar="KIND=DATE",
            help=(
                "A planned audit to check (repeatable), e.g. surveillance_1=2026-03-01; kinds: "
                + ", ".join(AuditKind.values)
                + "."
            ),
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        defaults = ProgrammePolicy()
        for flag, field in POLICY_FLAGS.items():
            parser.add_argument(
                f"--{flag}",
                dest=field,
                type=int,
                metavar="N",
                help=f"Certification body setting {field} (default {getattr(defaults, field)}).",
            )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            policy = policy_from(options)
            decision_date = parse_date(options["decision_date"], "--decision-date")
            previous = options["previous_expiry"]
            previous_expiry = parse_date(previous, "--previous-expiry") if previous else None
            audits = [parse_check(text) for text in options["check"]]
            dates = cycle_dates(
                decision_date=decision_date, policy=policy, previous_expiry=previous_expiry
            )
            proposals = proposed_audits(
                decision_date=decision_date, policy=policy, previous_expiry=previous_expiry
            )
            violations = (
                check_programme(
                    decision_date=decision_date,
                    audits=audits,
                    policy=policy,
                    previous_expiry=previous_expiry,
                )
                if audits
                else []
            )
        except ValueError as error:  # InputError, PolicyError, ProgrammeRuleError
            fail(" ".join(str(error).split()))
        if options["json"]:
            self.stdout.write(self.as_json(dates, proposals, policy, audits, violations))
        else:
            self.stdout.write(self.as_table(dates, proposals, audits, violations))
        for violation in violations:
            label = "error" if violation.severity == HARD else "warning"
            self.stderr.write(f"{label}: [{violation.rule}] {violation.message}")
        if any(violation.severity == HARD for violation in violations):
            sys.exit(1)

    @staticmethod
    def as_json(
        dates: CycleDates,
        proposals: list[ProposedAudit],
        policy: ProgrammePolicy,
        audits: list[PlannedAudit],
        violations: list[Violation],
    ) -> str:
        data: dict[str, Any] = {
            **dates.as_dict(),
            "proposed_audits": [proposal.as_dict() for proposal in proposals],
            "policy": policy.as_dict(),
        }
        if audits:
            data["violations"] = [violation.as_dict() for violation in violations]
        return json.dumps(data, indent=2)

    @staticmethod
    def as_table(
        dates: CycleDates,
        proposals: list[ProposedAudit],
        audits: list[PlannedAudit],
        violations: list[Violation],
    ) -> str:
        if dates.previous_expiry is None:
            cycle = "initial cycle"
        elif dates.is_restoration:
            cycle = f"restoration after the expiry of {dates.previous_expiry}"
        else:
            cycle = f"recertification cycle after the expiry of {dates.previous_expiry}"
        window = dates.surveillance_2_window
        years = ", ".join(str(year) for year in dates.surveillance_years) or "none"
        rows = [
            ("Decision date", f"{dates.decision_date} ({cycle})"),
            ("Surveillance 1 due by", str(dates.surveillance_1_due_by)),
            ("Surveillance 2 window", f"{window.start} to {window.end}"),
            ("Surveillance needed in", years),
            ("Recertification audit start by", str(dates.recertification_audit_start_by)),
            ("Recertification decision by", str(dates.recertification_decision_by)),
            ("Expiry", str(dates.expiry)),
            ("Restoration deadline", str(dates.restoration_deadline)),
        ]
        width = max(len(name) for name, _value in rows)
        lines = [f"{name:<{width}}  {value}" for name, value in rows]
        lines += ["", "Proposed audits", f"  {'Audit':<16}  {'Window':<24}  Suggested"]
        for proposal in proposals:
            label = str(AuditKind(proposal.kind).label)
            span = f"{proposal.window.start} to {proposal.window.end}"
            lines.append(f"  {label:<16}  {span:<24}  {proposal.suggested}")
        if audits:
            hard = sum(1 for violation in violations if violation.severity == HARD)
            soft = len(violations) - hard
            if violations:
                summary = f"{hard} hard and {soft} soft rule(s) broken (listed on stderr)."
            else:
                summary = "the planned audits break no rule."
            lines += ["", f"Check: {summary}"]
        return "\n".join(lines)
