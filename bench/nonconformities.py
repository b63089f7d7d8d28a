"""Benchmark: the nonconformity register's API page and an NC's detail page against a bare
Django view, at 10,000 and at 100,000 nonconformities.

Not a test. Run from the repository root with the project's virtual environment:

    make bench-nonconformities      # or: .venv/bin/python bench/nonconformities.py
    QMS_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/qms_bench_nc \\
        .venv/bin/python bench/nonconformities.py    # an EMPTY PostgreSQL database

Like bench/lists.py (whose helpers it uses: the same production-like installation under
var/bench/, `qms serve` with 2 workers, `wrk` with 4 connections over loopback, the same
floor): after `qms migrate` and `qms demo --force` (Acme's year of NCs, their actions, root
causes, checks and history) it adds nonconformities to Acme up to --small (bulk inserts,
set-up only; spread over statuses, severities, sources, processes and six years of dates),
measures, grows the register to --large and measures again on a fresh server:

- floor:   GET /livez (a bare view behind the whole middleware stack, no database)
- API:     GET /api/v1/nonconformities/?severity=major&state=open&page_size=50  (Bearer token)
- API detail: GET /api/v1/nonconformities/<id>/ of that NC: its fields, its actions and its
           history (the newest 50 audit events)                           (Bearer token)
- detail:  GET /nonconformities/<id>/ of the demo NC closed after a second action cycle, with
           its actions, checks, analysis panel and history                  (session cookie)

The server runs as in production (DEBUG false, the cached template loader): the bench checks
and prints both before measuring.

It prints requests/s, p50, p99 and the ratio to the floor at both sizes, the slowdown from
the small to the large register, and the goals: API >= 0.25 of the floor, p99 < 15 ms and
no more than 10 % slower at the large size; the NC with its actions and history (the API
detail and the HTML detail page) >= 0.35 of the floor.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lists  # bench/lists.py: installation, server, wrk and its parsing

ORGANIZATION = lists.ORGANIZATION
API_PATH = "/api/v1/nonconformities/"
API_QUERY = "?severity=major&state=open&page_size=50"
GOALS = {"API": 0.25, "API detail": 0.35, "detail": 0.35}
API_P99_GOAL_MS = 15.0
SLOWDOWN_GOAL = 0.10

# Adds nonconformities to Acme until it has {total}; prints the count and the demo NC shown.
SEED_SNIPPET = """
import datetime as dt
from django.db import connection, transaction
from qms.accounts.models import Membership
from qms.nonconformities.models import Nonconformity
from qms.organizations.models import Organization, Process

org = Organization.objects.get(slug={slug!r})
have = Nonconformity.objects.filter(organization=org).count()
processes = list(Process.objects.filter(organization=org).values_list("pk", flat=True)) + [None]
owners = list(Membership.objects.filter(organization=org).values_list("user_id", flat=True))
severities = ("major", "minor", "minor", "observation")
statuses = ("reported", "contained", "analysed", "planned", "implemented", "verified",
            "closed", "closed", "closed", "closed")
sources = ("internal_audit", "external_audit", "customer_complaint", "supplier",
           "process_monitoring", "product_inspection", "management_review")
today = dt.date.today()
with transaction.atomic():
    Nonconformity.objects.bulk_create(
        [
            Nonconformity(
                organization=org, number=f"BN-{{n // 10000:02d}}-{{n % 10000:04d}}",
                title=f"Bench nonconformity {{n}}", description="Generated for the benchmark.",
                source=sources[n % 7], severity=severities[n % 4], status=statuses[n % 10],
                process_id=processes[n % len(processes)], owner_id=owners[n % len(owners)],
                detected_on=today - dt.timedelta(days=n % 2200),
            )
            for n in range(have, {total})
        ],
        batch_size=2000,
    )
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
shown = (
    Nonconformity.objects.filter(organization=org, cycle__gt=1).order_by("pk").first()
    or Nonconformity.objects.filter(organization=org).order_by("pk").first()
)
print(Nonconformity.objects.filter(organization=org).count(), shown.pk)
"""

# What the server will run with: DEBUG and the template loaders (production: cached).
SETTINGS_SNIPPET = """
from django.conf import settings
from django.template import engines
loaders = [type(loader).__module__ + "." + type(loader).__name__
           for loader in engines["django"].engine.template_loaders]
print("DEBUG", settings.DEBUG, "template loaders", loaders)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=10_000, help="NCs at the first run")
    parser.add_argument("--large", type=int, default=100_000, help="NCs at the second run")
    parser.add_argument("--duration", type=int, default=6, help="seconds per endpoint")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up seconds per endpoint")
    parser.add_argument("--keep", action="store_true", help="keep the data dir and server logs")
    args = parser.parse_args()
    wrk = lists.require_tools()
    with lists.installation("nonconformities", keep=args.keep) as bench:
        configured = lists.qms(bench.env, "shell", "-c", SETTINGS_SNIPPET).strip().splitlines()[-1]
        lists.step(configured)
        if "DEBUG False" not in configured or "cached.Loader" not in configured:
            sys.exit("bench: the server would not run as in production (DEBUG, cached loader)")
        base, api = bench.base, bench.api
        runs: list[tuple[int, list[lists.Result]]] = []
        for total in (args.small, args.large):
            lists.step(f"growing {ORGANIZATION!r}'s register to {total:,} nonconformities")
            started = time.monotonic()
            seed = SEED_SNIPPET.format(slug=ORGANIZATION, total=total)
            output = lists.qms(bench.env, "shell", "-c", seed)
            rows, shown = (int(value) for value in output.split()[-2:])
            lists.step(f"  {rows:,} nonconformities ({time.monotonic() - started:.0f} s)")
            detail = f"/nonconformities/{shown}/"
            targets = [
                lists.floor_target(base),
                lists.Target(f"GET {API_PATH}{API_QUERY}", "API", base + API_PATH + API_QUERY, api),
                lists.Target(
                    f"GET {API_PATH}{shown}/ (API detail)",
                    "API detail",
                    f"{base}{API_PATH}{shown}/",
                    api,
                ),
                lists.Target(f"GET {detail} (detail)", "detail", base + detail, bench.html),
            ]
            results, rss = lists.measure(wrk, bench.env, bench.data_dir, "serve", targets, args)
            runs.append((rows, results))
            lists.print_results(
                results,
                database=bench.database,
                rows=f"{rows:,} nonconformities in {ORGANIZATION!r}",
                args=args,
                width=66,
            )
            print(lists.rss_line(rss))
            print(flush=True)
            if any(result.errors for result in results):
                print("bench: some responses were errors (see above); the figures are not valid.")
                return 1
        summary(runs)
        return 0


def summary(runs: list[tuple[int, list[lists.Result]]]) -> None:
    """The goals, judged on both runs, and the slowdown from the small to the large one."""
    (small_rows, small), (large_rows, large) = runs
    print(f"goals ({small_rows:,} -> {large_rows:,} nonconformities)")
    for kind, before, after in zip(GOALS, small[1:], large[1:], strict=True):
        slowdown = (
            1 - after.requests_per_s / before.requests_per_s if before.requests_per_s else 1.0
        )
        checks = [
            (
                f"ratio >= {GOALS[kind]:.2f}",
                min(lists.ratio(before, small[0]), lists.ratio(after, large[0])) >= GOALS[kind],
            )
        ]
        if kind == "API":
            checks.append(
                (
                    f"p99 < {API_P99_GOAL_MS:.0f} ms",
                    max(before.p99_ms, after.p99_ms) < API_P99_GOAL_MS,
                )
            )
            checks.append((f"<= {SLOWDOWN_GOAL:.0%} slower", slowdown <= SLOWDOWN_GOAL))
        verdicts = ", ".join(f"{goal}: {'met' if met else 'MISSED'}" for goal, met in checks)
        print(
            f"  {after.label:<66} ratio {lists.ratio(before, small[0]):.2f} -> "
            f"{lists.ratio(after, large[0]):.2f}, "
            f"p99 {before.p99_ms:.1f} -> {after.p99_ms:.1f} ms, "
            f"{slowdown:+.0%} slower; {verdicts}"
        )
    print(flush=True)


if __name__ == "__main__":
    sys.exit(main())
