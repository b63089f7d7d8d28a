"""Benchmark: full-text search (qms/core/search.py) at 10,000 entries per tenant, in process.

Not a test. Run from the repository root with the project's virtual environment:

    .venv/bin/python bench/search.py                      # SQLite
    .venv/bin/python bench/search.py --pg postgresql://postgres@127.0.0.1:5432/qms_bench_search
    QMS_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/qms_bench_search \\
        .venv/bin/python bench/search.py                  # SQLite, then that PostgreSQL database

Give PostgreSQL an EMPTY database: the script migrates it and loads its own rows. Each
database is measured in a child process (Django's settings are per process) with a
throwaway installation under var/bench/: two organizations with --entries sites each (the
second one so that "other tenants" exist in the index), every site indexed with a title
("QP-07-0042 ...") and a body of about 150 words drawn from a skewed vocabulary, as
documents are. Then, for several queries, it times in process (no HTTP), --runs times each:

- page:   search_filter(Site.objects.for_organization(org), q).order_by("name", "id")[:25]
- count:  the same queryset's count() (what "1-25 of N" costs)
- ranked: search_ranked_ids(model=Site, organization_id=org.pk, query=q, limit=25)

and the floor, the same page without a search. It prints the matches, p50 and p99 in
milliseconds and the ratio of each p50 to the floor's. Goal: p99 under 50 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

P99_GOAL_MS = 50.0
QUERIES = {
    "common word": "quality",
    "rare word": "xylograph",
    "number prefix": "QP-07",
    "number parts": "qp 07 0107",
    "two words": "supplier audit",
    "prefix, 2 letters": "ca",
    "no match": "zzzzqqq",
}
DOMAIN = (
    "quality process audit supplier document procedure record control review management "
    "risk objective training competence calibration equipment nonconformity corrective "
    "action customer requirement product service measurement analysis improvement "
    "leadership policy planning support operation evaluation internal external provider "
    "design development release monitoring inspection test validation verification "
    "responsibility authority communication awareness resource infrastructure environment "
    "knowledge information retention approval revision distribution access storage"
).split()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10_000, help="entries per tenant")
    parser.add_argument("--runs", type=int, default=200, help="timed calls per figure")
    parser.add_argument("--pg", metavar="URL", help="also measure this (empty) PostgreSQL db")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return _child(args)

    pg = args.pg or os.environ.get("QMS_DATABASE_URL")
    targets: list[tuple[str, str | None]] = [("SQLite", None)]
    if pg:
        targets.append(("PostgreSQL", pg))
    status = 0
    for label, url in targets:
        env = dict(os.environ)
        env.pop("QMS_DATABASE_URL", None)
        if url:
            env["QMS_DATABASE_URL"] = url
        print(f"\n=== {label} ===", flush=True)
        argv = [sys.executable, __file__, "--child", "--entries", str(args.entries)]
        status |= subprocess.call([*argv, "--runs", str(args.runs)], env=env)
    return status


def _configure(data_dir: Path) -> None:
    for key in [k for k in os.environ if k.startswith("QMS_") and k != "QMS_DATABASE_URL"]:
        del os.environ[key]
    os.environ.update(
        {
            "QMS_DEBUG": "false",
            "QMS_SECRET_KEY": secrets.token_urlsafe(48),
            "QMS_AUDIT_KEY": secrets.token_urlsafe(48),
            "QMS_DATA_DIR": str(data_dir),
            "QMS_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "qms.settings",
        }
    )


def _child(args: argparse.Namespace) -> int:
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    data_dir = Path(tempfile.mkdtemp(prefix="search-", dir=bench_dir))
    _configure(data_dir)
    try:
        return _run(args)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _words(rng: random.Random) -> tuple[list[str], list[float]]:
    syllables = "ka lo mi re su ta ne vo ri pa de lu fo ga hi ju ke ma no pe".split()
    synthetic = {
        "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(6000)
    }
    vocabulary = DOMAIN + sorted(synthetic - set(DOMAIN))
    weights = [1.0 / (rank + 1) for rank in range(len(vocabulary))]  # Zipf-like
    return vocabulary, weights


def _load(entries: int) -> Any:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from qms.core.search import SearchEntry, searchable_text
    from qms.organizations.models import Organization, Site

    rng = random.Random(13)
    vocabulary, weights = _words(rng)
    site_type = ContentType.objects.get_for_model(Site)
    organizations = []
    started = time.perf_counter()
    for slug in ("bench-one", "bench-two"):
        with transaction.atomic():
            organization = Organization.objects.create(name=slug, slug=slug, country="GB")
            Site.objects.bulk_create(
                [Site(organization=organization, name=f"Site {n:06d}") for n in range(entries)],
                batch_size=2000,
            )
            sites = list(
                Site.objects.for_organization(organization)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            rare = set(rng.sample(range(entries), 5))
            rows = []
            for n, pk in enumerate(sites):
                words = rng.choices(vocabulary, weights, k=rng.randint(100, 200))
                if n in rare:
                    words.insert(rng.randrange(len(words)), "xylograph")
                title = f"QP-{n % 100:02d}-{n:04d} " + " ".join(rng.choices(vocabulary, k=3))
                rows.append(
                    SearchEntry(
                        organization=organization,
                        content_type=site_type,
                        object_id=pk,
                        title=searchable_text(title),  # as search_index() stores it
                        body=searchable_text(" ".join(words).capitalize() + "."),
                    )
                )
            SearchEntry.objects.bulk_create(rows, batch_size=1000)
        organizations.append(organization)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # autovacuum may be off: real statistics
    print(
        f"loaded {2 * entries:,} sites and entries ({entries:,} per tenant, two tenants) "
        f"in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return organizations[0]


def _time(call: Callable[[], Any], runs: int) -> tuple[float, float, float]:
    """p50 and p99 wall milliseconds, and the p50 of this process's CPU milliseconds (on
    SQLite the database works in this process, so that figure is what the machine's other
    load does not inflate; on PostgreSQL the server's work is not in it)."""
    for _ in range(max(3, runs // 20)):
        call()
    samples, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter_ns(), time.process_time_ns()
        call()
        samples.append((time.perf_counter_ns() - started) / 1e6)
        cpu.append((time.process_time_ns() - started_cpu) / 1e6)
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return statistics.median(samples), p99, statistics.median(cpu)


def _run(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from qms.core.search import search_filter, search_ranked_ids
    from qms.organizations.models import Site

    call_command("migrate", verbosity=0, interactive=False)
    if Site.objects.filter(organization__slug__in=["bench-one", "bench-two"]).exists():
        print("the database already holds bench rows: give the benchmark an empty database")
        return 2
    organization = _load(args.entries)
    scoped = Site.objects.for_organization(organization)

    def page(query: str) -> Callable[[], Any]:
        return lambda: list(search_filter(scoped, query).order_by("name", "id")[:25])

    def count(query: str) -> Callable[[], Any]:
        return lambda: search_filter(scoped, query).count()

    def ranked(query: str) -> Callable[[], Any]:
        return lambda: search_ranked_ids(
            model=Site, organization_id=organization.pk, query=query, limit=25
        )

    floor, floor_p99, floor_cpu = _time(lambda: list(scoped.order_by("name", "id")[:25]), args.runs)
    print(f"database: {connection.vendor}; {args.runs} timed calls per figure, in process")
    print(
        f"floor (the same page, no search): p50 {floor:.2f} ms, p99 {floor_p99:.2f} ms, "
        f"CPU p50 {floor_cpu:.2f} ms"
    )
    print(f"load average: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)\n")
    header = (
        f"{'query':<30} {'matches':>8}  {'what':<7} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'x floor':>8} {'CPU p50':>8}"
    )
    print(header)
    print("-" * len(header))
    worst = 0.0
    for label, query in QUERIES.items():
        matches = search_filter(scoped, query).count()
        for what, make in (("page", page), ("count", count), ("ranked", ranked)):
            p50, p99, cpu = _time(make(query), args.runs)
            worst = max(worst, p99)
            name = f"{label} ({query})" if what == "page" else ""
            shown = f"{matches:>8,}" if what == "page" else " " * 8
            print(
                f"{name:<30} {shown}  {what:<7} {p50:>8.2f} {p99:>8.2f} {p50 / floor:>8.1f} "
                f"{cpu:>8.2f}"
            )
    verdict = "met" if worst < P99_GOAL_MS else "NOT met"
    print(f"\nworst p99 {worst:.2f} ms: goal p99 < {P99_GOAL_MS:.0f} ms {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
