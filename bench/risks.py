"""Benchmark: the risk register's API list page against a bare Django view, at 10,000 and at
100,000 entries.

Not a test. Run from the repository root with the project's virtual environment:

    make bench-risks                 # or: .venv/bin/python bench/risks.py
    QMS_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/qms_bench_risks \\
        .venv/bin/python bench/risks.py      # an EMPTY PostgreSQL database

Like bench/nonconformities.py (bench/lists.py's helpers: the same production-like
installation under var/bench/, `qms serve` with 2 workers, `wrk` with 4 connections over
loopback, the same floor): after `qms migrate` and `qms demo --force` it adds entries to
Acme's register up to --small (bulk inserts, set-up only; spread over kinds, statuses, bands,
owners and review dates), measures, grows the register to --large and measures again:

- floor:   GET /livez (a bare view behind the whole middleware stack, no database)
- API:     GET /api/v1/risks/?kind=risk&status=assessed&page_size=50        (Bearer token)
- API all: GET /api/v1/risks/?page_size=50  (the unfiltered first page)       (Bearer token)

It prints requests/s, p50, p99, the ratio to the floor at both sizes and the goals of the
foundation's lists (bench/README.md): API >= 0.25 of the floor, p99 < 15 ms.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lists  # bench/lists.py: installation, server, wrk and its parsing

ORGANIZATION = lists.ORGANIZATION
API_PATH = "/api/v1/risks/"
API_QUERY = "?kind=risk&status=assessed&page_size=50"
API_ALL = "?page_size=50"
GOAL = 0.25
API_P99_GOAL_MS = 15.0

SEED_SNIPPET = """
import datetime as dt
from django.db import connection, transaction
from qms.accounts.models import Membership
from qms.organizations.models import Organization
from qms.risks.models import Risk

org = Organization.objects.get(slug={slug!r})
have = Risk.objects.filter(organization=org).count()
owners = list(Membership.objects.filter(organization=org).values_list("user_id", flat=True))
statuses = ("identified", "assessed", "assessed", "planned", "approved", "closed")
bands = {{1: "low", 2: "low", 3: "low", 4: "low", 5: "medium", 6: "medium", 8: "medium",
         9: "medium", 10: "high", 12: "high", 15: "high", 16: "high", 20: "critical",
         25: "critical"}}
today = dt.date.today()
rows = []
for n in range(have, {total}):
    kind = "opportunity" if n % 5 == 0 else "risk"
    lik, con = n % 5 + 1, (n // 5) % 5 + 1
    score = lik * con
    rows.append(Risk(
        organization=org, number=f"BR-{{n // 10000:02d}}-{{n % 10000:04d}}", kind=kind,
        title=f"Bench entry {{n}}", description="Generated for the benchmark.",
        owner_id=owners[n % len(owners)], status=statuses[n % 6],
        inherent_likelihood=lik if kind == "risk" else None,
        inherent_consequence=con if kind == "risk" else None,
        value=(lik % 3) + 1 if kind != "risk" else None,
        effort=(con % 3) + 1 if kind != "risk" else None,
        inherent_score=score, inherent_band=bands.get(score, "medium"),
        next_review_on=today + dt.timedelta(days=n % 400 - 30),
    ))
with transaction.atomic():
    Risk.objects.bulk_create(rows, batch_size=2000)
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
print(Risk.objects.filter(organization=org).count())
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=10_000, help="entries at the first run")
    parser.add_argument("--large", type=int, default=100_000, help="entries at the second run")
    parser.add_argument("--duration", type=int, default=6, help="seconds per endpoint")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up seconds per endpoint")
    parser.add_argument("--keep", action="store_true", help="keep the data dir and server logs")
    args = parser.parse_args()
    wrk = lists.require_tools()
    with lists.installation("risks", keep=args.keep) as bench:
        runs: list[tuple[int, list[lists.Result]]] = []
        for total in (args.small, args.large):
            lists.step(f"growing {ORGANIZATION!r}'s register to {total:,} entries")
            started = time.monotonic()
            seed = SEED_SNIPPET.format(slug=ORGANIZATION, total=total)
            rows = int(lists.qms(bench.env, "shell", "-c", seed).split()[-1])
            lists.step(f"  {rows:,} entries ({time.monotonic() - started:.0f} s)")
            api = bench.base + API_PATH
            targets = [
                lists.floor_target(bench.base),
                lists.Target(f"GET {API_PATH}{API_QUERY}", "API", api + API_QUERY, bench.api),
                lists.Target(f"GET {API_PATH}{API_ALL}", "API", api + API_ALL, bench.api),
            ]
            results, rss = lists.measure(wrk, bench.env, bench.data_dir, "serve", targets, args)
            runs.append((rows, results))
            lists.print_results(
                results,
                database=bench.database,
                rows=f"{rows:,} risk register entries in {ORGANIZATION!r}",
                args=args,
                width=60,
            )
            print(lists.rss_line(rss))
            print(flush=True)
            if any(result.errors for result in results):
                print("bench: some responses were errors (see above); the figures are not valid.")
                return 1
        summary(runs)
        return 0


def summary(runs: list[tuple[int, list[lists.Result]]]) -> None:
    print(f"goals (foundation's list ratio: API >= {GOAL:.2f} of the floor, p99 < 15 ms)")
    for rows, results in runs:
        floor = results[0]
        for result in results[1:]:
            ratio = lists.ratio(result, floor)
            verdict = (
                f"ratio {ratio:.2f} ({'met' if ratio >= GOAL else 'MISSED'}), "
                f"p99 {result.p99_ms:.1f} ms "
                f"({'met' if result.p99_ms < API_P99_GOAL_MS else 'MISSED'})"
            )
            print(f"  {rows:>7,} rows  {result.label:<55} {verdict}")
    print(flush=True)


if __name__ == "__main__":
    sys.exit(main())
