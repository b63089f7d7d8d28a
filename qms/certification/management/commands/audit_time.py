"""`qms audit-time`: the IAF MD 5 audit time of an organization, with its justification.

    qms audit-time --standard iso9001 --enp 67 --complexity medium \\
        --factor "interpreter=+5" --factor "mature=-10" --sites 16 [--json]
    qms audit-time --standard iso9001 --full-time 58 --part-time 10 --part-time-hours 20 \\
        --seasonal 4
    qms audit-time --standard iso9001 --standard iso14001 --integration 10 --enp 120 \\
        --complexity iso14001=high

The calculation is `qms.certification.audit_time.calculator.calculate` (the same as the
form and the API), on the tables loaded by `qms standards load`. Invalid input exits with
status 1 and one line on stderr.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from qms.certification.audit_time.calculator import (
    FACTORS,
    Personnel,
    Policy,
    Result,
    calculate,
    parse_factor,
)
from qms.certification.audit_time.errors import AuditTimeError
from qms.certification.audit_time.explain import fmt_day_count, fmt_enp
from qms.certification.audit_time.tables import standard_key, tables_for

BREAKDOWN = (
    "full_time",
    "part_time",
    "part_time_hours",
    "full_time_hours",
    "seasonal",
    "temporary",
    "contractors",
    "reduction",
    "reduction_justification",
    "shifts",
)


# What to type, added to the calculator's message (which the form and the API show as is).
HINTS = {
    "manual_days": " Use --manual-days DAYS --manual-justification TEXT.",
}


class _OneLineParser(CommandParser):
    """A usage error is one line on stderr and exit status 1, like every other refusal."""

    def error(self, message: str) -> NoReturn:
        if not self.called_from_command_line:
            raise CommandError(f"Error: {message}")
        self.exit(1, f"CommandError: {message} (see qms audit-time --help)\n")


class Command(BaseCommand):
    help = (
        "IAF MD 5 audit time (initial, Stage 1/2, surveillance, recertification, multi-site "
        "sampling) with its justification. Known factor codes: " + ", ".join(FACTORS) + "."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = _OneLineParser
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        add = parser.add_argument
        add(
            "--standard",
            action="append",
            default=[],
            metavar="STD",
            help='iso9001, iso14001 or iso45001 ("ISO 9001" works too); repeat for an '
            "integrated audit.",
        )
        add("--table-version", metavar="V", help="A table version (default: the newest).")
        add("--enp", metavar="N", help="Effective number of personnel (or the breakdown).")
        group = parser.add_argument_group("personnel breakdown (instead of --enp)")
        group.add_argument("--full-time", metavar="N", help="Full-time personnel, all shifts.")
        group.add_argument("--shifts", metavar="N", help="Number of shifts (for the wording).")
        group.add_argument("--part-time", metavar="N", help="Part-time personnel.")
        group.add_argument("--part-time-hours", metavar="H", help="Their average weekly hours.")
        group.add_argument("--full-time-hours", metavar="H", help="Full-time week (default 40).")
        group.add_argument("--seasonal", metavar="N", help="Seasonal personnel present.")
        group.add_argument("--temporary", metavar="N", help="Temporary personnel present.")
        group.add_argument("--contractors", metavar="N", help="Contractors under control.")
        group.add_argument("--reduction", metavar="N", help="Reduction for repetitive work.")
        group.add_argument("--reduction-justification", metavar="TEXT")
        add(
            "--complexity",
            action="append",
            default=[],
            metavar="CAT",
            help="high, medium, low or limited (default: the table's); STD=CAT for one "
            "standard of an integrated audit.",
        )
        add(
            "--factor",
            action="append",
            default=[],
            metavar="CODE=±PCT[:TEXT]",
            help="An adjustment with its sign, e.g. interpreter=+5 or mature=-10; a code not "
            "in the known list needs :justification.",
        )
        add("--sites", metavar="N", help="Number of sites (IAF MD 1 sampling).")
        add(
            "--site-enp",
            nargs="+",
            default=[],
            metavar="N",
            help="Each site's ENP (space- or comma-separated).",
        )
        add("--site-reduction", metavar="PCT", help="Multi-site reduction at each site.")
        add("--site-reduction-justification", metavar="TEXT")
        add(
            "--audit-type",
            default="initial",
            metavar="TYPE",
            help="initial (default), surveillance or recertification.",
        )
        add("--integration", metavar="PCT", help="Integrated-audit reduction (at most 20).")
        add("--integration-justification", metavar="TEXT")
        add(
            "--manual-days",
            action="append",
            default=[],
            metavar="DAYS",
            help="The table time above 10,700 personnel (STD=DAYS for one standard).",
        )
        add("--manual-justification", metavar="TEXT")
        add("--off-site-days", metavar="DAYS", help="Planned off-site time, checked (80 %%).")
        add("--interpolation", metavar="MODE", help="step (default) or linear (continuum).")
        add(
            "--apply-reduction-cap",
            action="store_true",
            help="Hold a reduction over the limits at the limit instead of refusing it.",
        )
        add(
            "--organization",
            metavar="SLUG",
            help="Use this certification body's policies (Stage 1 share, bands, minimum days, "
            "QMS complexity adjustments), as its pages and API do; default: the defaults.",
        )
        add("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = self._calculate(options)
        except AuditTimeError as error:
            hint = HINTS.get(error.field or "", "")
            if error.message.endswith("apply the cap."):
                hint = " Use --apply-reduction-cap to hold it at the limit."
            raise CommandError(error.message + hint) from None
        except DatabaseError:
            raise CommandError("The database is not ready: run `qms migrate`.") from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(report(result))

    def _calculate(self, options: dict[str, Any]) -> Result:
        if not options["standard"]:
            raise AuditTimeError("Name a standard: --standard iso9001.", "standard")
        tables = tables_for(options["standard"], version=options["table_version"])
        personnel = None
        if any(options[name] not in (None, "") for name in BREAKDOWN):
            if options["enp"] not in (None, ""):
                raise AuditTimeError("Give either --enp or the personnel breakdown.", "enp")
            personnel = Personnel(
                full_time=options["full_time"] or 0,
                part_time_count=options["part_time"] or 0,
                part_time_hours=options["part_time_hours"] or 0,
                full_time_hours=options["full_time_hours"] or 40,
                seasonal=options["seasonal"] or 0,
                temporary=options["temporary"] or 0,
                contractors_in_scope=options["contractors"] or 0,
                repetitive_reduction=options["reduction"] or 0,
                reduction_justification=options["reduction_justification"] or "",
                shifts=_whole(options["shifts"] or "1", "--shifts"),
            )
        elif options["enp"] in (None, ""):
            raise AuditTimeError("Give --enp or the personnel breakdown (--full-time ...).", "enp")
        policy = _policy(options)
        site_enp = [
            value for item in options["site_enp"] for value in item.split(",") if value.strip()
        ]
        return calculate(
            tables=tables,
            enp=options["enp"] if personnel is None else None,
            personnel=personnel,
            complexity=_per_standard(options["complexity"], "--complexity"),
            factors=[parse_factor(text) for text in options["factor"]],
            sites=options["sites"] if options["sites"] not in (None, "") else 1,
            site_enp=site_enp or None,
            site_reduction_pct=options["site_reduction"] or 0,
            site_reduction_justification=options["site_reduction_justification"] or "",
            audit_type=options["audit_type"].strip().lower(),
            integration_reduction_pct=options["integration"] or 0,
            integration_justification=options["integration_justification"] or "",
            manual_days=_per_standard(options["manual_days"], "--manual-days"),
            manual_justification=options["manual_justification"] or "",
            off_site_days=options["off_site_days"],
            allow_reduction_cap=options["apply_reduction_cap"],
            policy=policy,
        )


def _whole(value: str, flag: str) -> int:
    if not value.strip().isdigit():
        raise AuditTimeError(f"{flag} must be a whole number, not {value!r}.", flag)
    return int(value)


def _per_standard(values: list[str], flag: str) -> Any:
    """One value for every standard ("high"), or STD=VALUE pairs ("iso14001=high")."""
    if not values:
        return None
    if len(values) == 1 and "=" not in values[0]:
        return values[0]
    pairs: dict[str, str] = {}
    for value in values:
        standard, equals, item = value.partition("=")
        if not equals:
            raise AuditTimeError(
                f"{flag} {value!r}: with several values, write STD=VALUE (iso14001=high).", flag
            )
        pairs[standard_key(standard)[1]] = item.strip()
    return pairs


# --- The readable report ------------------------------------------------------------------

SECTIONS = (
    ("enp", "Effective number of personnel"),
    ("t_table", "Table time"),
    ("t_adjusted", "Adjusted time"),
    ("t_final", "Audit time (Stage 1 + Stage 2)"),
    ("on_site_min", "On site, at least"),
    ("stage1", "Stage 1 / Stage 2"),
    ("surveillance", "Surveillance, each year"),
    ("recertification", "Recertification"),
    ("sites_sampled", "Sites to visit"),
)


def report(result: Result) -> str:
    """The figures, each with its justification lines, then caps and warnings."""
    by_figure: dict[str, list[str]] = {}
    for line in result.lines:
        figure = {"factors": "t_adjusted", "sites": "sites_sampled"}.get(line.figure, line.figure)
        by_figure.setdefault(figure, []).append(line.text)
    sampling = result.sites_sampled
    figures = {
        "enp": fmt_enp(result.enp),
        "t_table": fmt_day_count(result.t_table),
        "t_adjusted": fmt_day_count(result.t_adjusted),
        "t_final": fmt_day_count(result.t_final),
        "on_site_min": fmt_day_count(result.on_site_min),
        "stage1": f"{fmt_day_count(result.stage1)} + {fmt_day_count(result.stage2)}",
        "surveillance": fmt_day_count(result.surveillance),
        "recertification": fmt_day_count(result.recertification),
        "sites_sampled": (
            f"{sampling.initial} initial, {sampling.surveillance} surveillance, "
            f"{sampling.recertification} recertification, plus the central function"
            if sampling.sampled
            else "1 (one site: no sampling)"
        ),
    }
    out = [f"Audit time: {result.table_ref}", *by_figure.get("audit_days", []), ""]
    for key, title in SECTIONS:
        out.append(f"{title}: {figures[key]}")
        out.extend(f"  - {text}" for text in by_figure.get(key, []))
    out.append("")
    out.append("Caps applied:" + ("" if result.caps_applied else " none"))
    out.extend(f"  - {note.message}" for note in result.caps_applied)
    out.append("Warnings:" + ("" if result.warnings else " none"))
    out.extend(f"  - {note.message}" for note in result.warnings)
    return "\n".join(out)


def _policy(options: dict[str, Any]) -> Policy:
    """The named body's policy (as its pages and API use it), else the defaults; an explicit
    --interpolation wins."""
    slug = (options.get("organization") or "").strip()
    if slug:
        from qms.certification.body.selectors import audit_time_policy
        from qms.organizations.models import Organization

        organization = Organization.objects.filter(slug=slug).first()
        if organization is None:
            raise AuditTimeError(f"No organization with the short name {slug!r}.", "organization")
        policy = audit_time_policy(organization)
    else:
        policy = Policy()
    if options["interpolation"]:
        policy = dataclasses.replace(policy, interpolation=options["interpolation"].strip().lower())
    return policy
