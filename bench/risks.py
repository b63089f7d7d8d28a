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
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lists  # bench/lists.py: installation, server, wrk and its parsing

ORGANIZATION = lists.ORGANIZATION
USER = lists.USER
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
    if not Path(lists.QMS).exists():
        sys.exit("bench: .venv/bin/qms not found; run `make install-dev` first.")
    wrk = lists.find_wrk()

    lists.BENCH_DIR.mkdir(parents=True, exist_ok=True)
    data_dir = Path(
        tempfile.mkdtemp(prefix=time.strftime("risks-%Y%m%d-%H%M%S-"), dir=lists.BENCH_DIR)
    )
    env = lists.bench_environment(data_dir, lists.free_port())
    database = lists.describe_database(env)
    step = lists.step
    qms = lists.qms
    try:
        step(f"data dir {data_dir.relative_to(lists.ROOT)}; database: {database}")
        qms(env, "migrate", "--no-input", "-v", "0")
        qms(env, "demo", "--force")
        qms(env, "collectstatic", "--no-input", "-v", "0")
        token = qms(env, "token", "create", "--user", USER, "--name", "bench").strip()
        base = f"http://127.0.0.1:{env['QMS_PORT']}"
        api = {"Authorization": f"Bearer {token}"}

        runs: list[tuple[int, list[lists.Result]]] = []
        for total in (args.small, args.large):
            step(f"growing {ORGANIZATION!r}'s register to {total:,} entries")
            started = time.monotonic()
            seed = SEED_SNIPPET.format(slug=ORGANIZATION, total=total)
            rows = int(qms(env, "shell", "-c", seed).split()[-1])
            step(f"  {rows:,} entries ({time.monotonic() - started:.0f} s)")
            targets = [
                lists.Target(
                    f"GET {lists.FLOOR_PATH} (floor)", "floor", base + lists.FLOOR_PATH, {}
                ),
                lists.Target(f"GET {API_PATH}{API_QUERY}", "API", base + API_PATH + API_QUERY, api),
                lists.Target(f"GET {API_PATH}{API_ALL}", "API", base + API_PATH + API_ALL, api),
            ]
            results, rss = lists.measure(wrk, env, data_dir, "serve", targets, args)
            runs.append((rows, results))
            report(results, rss, database=database, rows=rows, args=args)
            if any(result.errors for result in results):
                print("bench: some responses were errors (see above); the figures are not valid.")
                return 1
        summary(runs)
        return 0
    finally:
        if args.keep:
            print(f"kept {data_dir.relative_to(lists.ROOT)} (server logs inside)")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


def _ratio(result: lists.Result, floor: lists.Result) -> float:
    return result.requests_per_s / floor.requests_per_s if floor.requests_per_s else 0.0


def report(
    results: list[lists.Result],
    rss: list[int],
    *,
    database: str,
    rows: int,
    args: argparse.Namespace,
) -> None:
    floor = results[0]
    print()
    print(
        f"qms serve, {lists.WORKERS} workers; wrk {lists.THREADS} threads, {lists.CONNECTIONS} "
        f"connections, {args.duration}s per endpoint, loopback"
    )
    print(f"database: {database}")
    print(f"rows: {rows:,} risk register entries in {ORGANIZATION!r}")
    print()
    print(f"{'endpoint':<60} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'ratio':>6}")
    for result in results:
        print(
            f"{result.label:<60} {result.requests_per_s:>9.1f} {result.p50_ms:>8.2f} "
            f"{result.p99_ms:>8.2f} {result.errors:>7} {_ratio(result, floor):>6.2f}"
        )
    shown_rss = ", ".join(f"{kib / 1024:.0f} MiB" for kib in rss) or "unknown"
    print(f"RSS per worker after the run: {shown_rss}")
    print(flush=True)


def summary(runs: list[tuple[int, list[lists.Result]]]) -> None:
    print(f"goals (foundation's list ratio: API >= {GOAL:.2f} of the floor, p99 < 15 ms)")
    for rows, results in runs:
        floor = results[0]
        for result in results[1:]:
            ratio = _ratio(result, floor)
            verdict = (
                f"ratio {ratio:.2f} ({'met' if ratio >= GOAL else 'MISSED'}), "
                f"p99 {result.p99_ms:.1f} ms "
                f"({'met' if result.p99_ms < API_P99_GOAL_MS else 'MISSED'})"
            )
            print(f"  {rows:>7,} rows  {result.label:<55} {verdict}")
    print(flush=True)


if __name__ == "__main__":
    sys.exit(main())
