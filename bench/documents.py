"""Benchmark: the document register's list and search against a bare Django view.

Not a test. Run from the repository root with the project's virtual environment:

    .venv/bin/python bench/documents.py
    QMS_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/qms_bench_documents \\
        .venv/bin/python bench/documents.py          # an EMPTY PostgreSQL database

Like bench/lists.py (whose helpers it uses: the same production-like installation under
var/bench/, `qms serve`, `wrk` over loopback, the same floor), but for the documents
register: after `qms migrate` and `qms demo --force` it adds --documents native documents to
Acme, each with one effective Markdown revision of about 150 words (bulk inserts, set-up
only), builds their search entries with `qms search-reindex --model documents.document`,
then measures in one run, on one server:

- floor:       GET /livez (a bare view behind the whole middleware stack, no database)
- API list:    GET /api/v1/documents/documents/            (Bearer token)
- HTML list:   GET /documents/                             (session cookie)
- API search:  ?q=quality (a word in nearly every document), ?q=BQ-07 (a number prefix)
- HTML search: ?q=quality, ?q=BQ-07

It prints requests/s, p50, p99, errors and the ratio to the floor, and the goals: lists at
the foundation's list ratios (API >= 0.25, HTML >= 0.15 of the floor), search p99 < 50 ms.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lists  # bench/lists.py: installation, server, wrk and its parsing

ORGANIZATION = lists.ORGANIZATION
USER = lists.USER
SEARCH_P99_GOAL_MS = 50.0

# Adds {count} native documents with an effective revision each; prints how many Acme has.
SEED_SNIPPET = """
import hashlib, random
from django.db import connection, transaction
from django.utils import timezone
from qms.accounts.models import User
from qms.documents.models import Document, DocumentRevision
from qms.organizations.models import Organization

rng = random.Random(11)
org = Organization.objects.get(slug={slug!r})
owner = User.objects.get(email={email!r})
domain = ("quality process audit supplier document procedure record control review "
          "management risk objective training competence calibration equipment "
          "nonconformity corrective action customer requirement product service measurement "
          "analysis improvement leadership policy planning support operation evaluation "
          "internal external provider design development release monitoring inspection test "
          "validation verification responsibility authority communication awareness resource "
          "infrastructure environment knowledge information retention approval revision "
          "distribution access storage").split()
syllables = "ka lo mi re su ta ne vo ri pa de lu fo ga hi ju ke ma no pe".split()
vocabulary = domain + sorted({{"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
                               for _ in range(6000)}} - set(domain))
weights = [1.0 / (rank + 1) for rank in range(len(vocabulary))]
now = timezone.now()
with transaction.atomic():
    documents = Document.objects.bulk_create(
        [
            Document(
                organization=org, owner=owner, document_type="procedure",
                number=f"BQ-{{n % 100:02d}}-{{n:05d}}",
                title=" ".join(rng.choices(vocabulary[:400], k=4)).capitalize(),
            )
            for n in range({count})
        ],
        batch_size=1000,
    )
    revisions = []
    for document in documents:
        words = rng.choices(vocabulary, weights, k=rng.randint(100, 200))
        body = "# " + document.title + "\\n\\n" + " ".join(words).capitalize() + ".\\n"
        revisions.append(DocumentRevision(
            organization=org, document=document, number=1, status="effective",
            content_format="markdown", body=body, author=owner, approved_by=owner,
            approved_at=now, effective_on=now.date(),
            content_sha256=hashlib.sha256(body.encode()).hexdigest(),
        ))
    DocumentRevision.objects.bulk_create(revisions, batch_size=1000)
    for document, revision in zip(documents, revisions):
        document.current_revision = revision
    Document.objects.bulk_update(documents, ["current_revision"], batch_size=1000)
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
print(Document.objects.filter(organization=org).count())
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=6, help="seconds per endpoint")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up seconds per endpoint")
    parser.add_argument("--keep", action="store_true", help="keep the data dir and server logs")
    args = parser.parse_args()
    wrk = lists.require_tools()
    with lists.installation("documents", keep=args.keep) as bench:
        lists.step(f"adding {args.documents:,} native documents to {ORGANIZATION!r}")
        started = time.monotonic()
        seed = SEED_SNIPPET.format(slug=ORGANIZATION, email=USER, count=args.documents)
        rows = int(lists.qms(bench.env, "shell", "-c", seed).split()[-1])
        lists.step(f"  {rows:,} documents in {ORGANIZATION!r} ({time.monotonic() - started:.0f} s)")
        started = time.monotonic()
        reindexed = lists.qms(bench.env, "search-reindex", "--model", "documents.document").strip()
        lists.step(f"  qms search-reindex: {reindexed} ({time.monotonic() - started:.0f} s)")

        base = bench.base
        api_path, html_path = "/api/v1/documents/documents/", "/documents/"
        targets = [
            lists.floor_target(base),
            lists.Target(f"GET {api_path}", "API", base + api_path, bench.api),
            lists.Target(f"GET {html_path}", "HTML", base + html_path, bench.html),
        ]
        for query in ("quality", "BQ-07"):
            targets.append(
                lists.Target(
                    f"GET {api_path}?q={query}", "API", f"{base}{api_path}?q={query}", bench.api
                )
            )
            targets.append(
                lists.Target(
                    f"GET {html_path}?q={query}", "HTML", f"{base}{html_path}?q={query}", bench.html
                )
            )
        results, rss = lists.measure(wrk, bench.env, bench.data_dir, "serve", targets, args)
        report(results, rss, database=bench.database, rows=rows, args=args)
        if any(result.errors for result in results):
            print("bench: some responses were errors (see above); the figures are not valid.")
            return 1
        return 0


def report(
    results: list[lists.Result],
    rss: list[int],
    *,
    database: str,
    rows: int,
    args: argparse.Namespace,
) -> None:
    lists.print_results(
        results,
        database=database,
        rows=f"{rows:,} documents in {ORGANIZATION!r} (native, one effective revision each)",
        args=args,
        width=44,
    )
    print()
    floor = results[0]
    for result in results[1:]:
        ratio = lists.ratio(result, floor)
        kind = "API" if "/api/" in result.label else "HTML"
        if "?q=" in result.label:
            met = result.p99_ms < SEARCH_P99_GOAL_MS
            goal = f"search p99 < {SEARCH_P99_GOAL_MS:.0f} ms"
        else:
            met = ratio >= lists.GOALS[kind]
            goal = f"list ratio >= {lists.GOALS[kind]:.2f}"
        verdict = "met" if met else "MISSED"
        print(
            f"{result.label:<44} {goal:<22} -> {verdict} "
            f"(ratio {ratio:.2f}, p99 {result.p99_ms:.1f} ms)"
        )
    print(lists.rss_line(rss))
    print(flush=True)


if __name__ == "__main__":
    sys.exit(main())
