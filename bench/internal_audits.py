"""Benchmark: the internal audit list (page and API) and the findings list page against a
bare Django view, at 10,000 and at 100,000 audits (with as many findings).

Not a test. Run from the repository root with the project's virtual environment:

    make bench-internal-audits       # or: .venv/bin/python bench/internal_audits.py
    QMS_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/qms_bench_ia \\
        .venv/bin/python bench/internal_audits.py   # an EMPTY PostgreSQL database

Like bench/risks.py (bench/lists.py's helpers: the same production-like installation under
var/bench/, `qms serve` with 2 workers, `wrk` with 4 connections over loopback, the same
floor): after `qms migrate` and `qms demo --force` it adds audits (each with one process and
one finding, spread over years, months, statuses and grades; bulk inserts, set-up only) up
to --small, measures, grows to --large and measures again:

- floor:    GET /livez (a bare view behind the whole middleware stack, no database)
- HTML:     GET /internal-audits/                       (the audit list page, logged in)
- API:      GET /api/v1/internal-audits/?status=planned&page_size=50   (Bearer token)
- findings: GET /internal-audits/findings/              (the findings list page, logged in)

It prints requests/s, p50, p99 and the ratio to the floor at both sizes, with the goals of
the foundation's lists (bench/README.md): ratio >= 0.25 of the floor, p99 < 15 ms for the
API (the HTML pages render a whole table: their ratio is shown for comparison).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lists  # bench/lists.py: installation, server, wrk and its parsing

ORGANIZATION = lists.ORGANIZATION
HTML_PATH = "/internal-audits/"
API_PATH = "/api/v1/internal-audits/"
API_QUERY = "?status=planned&page_size=50"
FINDINGS_PATH = "/internal-audits/findings/"
GOAL = 0.25
API_P99_GOAL_MS = 15.0

SEED_SNIPPET = """
import datetime as dt
from django.db import connection, transaction
from qms.accounts.models import Membership
from qms.core.permissions import Role
from qms.internal_audits.models import Audit, Finding
from qms.organizations.models import Organization, Process

org = Organization.objects.get(slug={slug!r})
have = Audit.objects.filter(organization=org).count()
leads = list(
    Membership.objects.filter(organization=org, role=Role.INTERNAL_AUDITOR)
    .values_list("user_id", flat=True)
) or list(Membership.objects.filter(organization=org).values_list("user_id", flat=True))
processes = list(Process.objects.filter(organization=org).values_list("id", flat=True))
statuses = ("planned", "planned", "in_progress", "reported", "closed", "cancelled")
grades = ("minor", "major", "observation", "improvement")
audits = []
for n in range(have, {total}):
    year = 2000 + n // 1200
    month = n % 12 + 1
    status = statuses[n % 6]
    done = status in ("reported", "closed")
    audits.append(Audit(
        organization=org, number=f"BIA-{{year}}-{{n % 1200:04d}}", title=f"Bench audit {{n}}",
        lead_auditor_id=leads[n % len(leads)], planned_month=dt.date(year, month, 1),
        status=status, reported_on=dt.date(year, month, 20) if done else None,
        scope="Generated for the benchmark.",
    ))
with transaction.atomic():
    made = Audit.objects.bulk_create(audits, batch_size=2000)
    through = Audit.processes.through
    through.objects.bulk_create(
        [through(audit_id=a.pk, process_id=processes[i % len(processes)])
         for i, a in enumerate(made)],
        batch_size=5000,
    )
    Finding.objects.bulk_create(
        [
            Finding(organization=org, audit_id=a.pk, number="F-01", grade=grades[i % 4],
                    statement=f"Bench finding {{i}}", evidence="Seen.")
            for i, a in enumerate(made)
        ],
        batch_size=2000,
    )
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
print(Audit.objects.filter(organization=org).count())
"""


def main() -> int:
    args = lists.growth_arguments(__doc__.split("\n\n")[0], "audits")
    wrk = lists.require_tools()
    with lists.installation("internal_audits", keep=args.keep) as bench:
        runs: list[tuple[int, list[lists.Result]]] = []
        for total in (args.small, args.large):
            lists.step(f"growing {ORGANIZATION!r}'s internal audits to {total:,}")
            started = time.monotonic()
            seed = SEED_SNIPPET.format(slug=ORGANIZATION, total=total)
            rows = int(lists.qms(bench.env, "shell", "-c", seed).split()[-1])
            lists.step(f"  {rows:,} audits ({time.monotonic() - started:.0f} s)")
            targets = [
                lists.floor_target(bench.base),
                lists.Target(f"GET {HTML_PATH}", "HTML", bench.base + HTML_PATH, bench.html),
                lists.Target(
                    f"GET {API_PATH}{API_QUERY}",
                    "API",
                    bench.base + API_PATH + API_QUERY,
                    bench.api,
                ),
                lists.Target(
                    f"GET {FINDINGS_PATH}", "HTML", bench.base + FINDINGS_PATH, bench.html
                ),
            ]
            results = lists.measure_and_print(
                wrk,
                bench,
                targets,
                args,
                rows=f"{rows:,} internal audits (and as many findings) in {ORGANIZATION!r}",
                width=60,
            )
            if results is None:
                return 1
            runs.append((rows, results))
        summary(runs)
        return 0


def summary(runs: list[tuple[int, list[lists.Result]]]) -> None:
    print(f"goals (foundation's list ratio >= {GOAL:.2f} of the floor; API p99 < 15 ms)")
    for rows, results in runs:
        floor = results[0]
        for result in results[1:]:
            ratio = lists.ratio(result, floor)
            verdict = f"ratio {ratio:.2f} ({'met' if ratio >= GOAL else 'MISSED'})"
            if result.label.startswith(f"GET {API_PATH}"):
                met = "met" if result.p99_ms < API_P99_GOAL_MS else "MISSED"
                verdict += f", p99 {result.p99_ms:.1f} ms ({met})"
            else:
                verdict += f", p99 {result.p99_ms:.1f} ms"
            print(f"  {rows:>7,} rows  {result.label:<55} {verdict}")
    print(flush=True)


if __name__ == "__main__":
    sys.exit(main())
