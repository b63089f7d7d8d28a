"""Benchmark: the public certificate registry with 1,000,000 certificates, against a bare view.

Not a test. Run from the repository root with the project's virtual environment:

    .venv/bin/python bench/registry.py                       # SQLite file under var/bench/
    QMS_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/qms_bench_registry \\
        .venv/bin/python bench/registry.py                   # PostgreSQL (+ the scale-out run)

It builds a production-like installation (bench/lists.py's environment: QMS_DEBUG=false,
random keys, 2 workers, no access log), migrates it and tops the registry up to --count
seeded certificates with `qms registry seed` (a database that already holds them is reused:
give --data-dir to keep a SQLite installation between runs). The registry's rate limit is
turned off (REGISTRY_RATE_LIMIT = 0) through a settings shim written into the data dir,
which also mounts the registry's URLs if qms/urls.py does not yet.

Then `qms serve` (gunicorn managing 2 uvicorn workers, Django in QMS_THREADS threads each)
is driven by `wrk` over loopback (2 threads, 4 connections), one endpoint after the other:

- floor:               GET /livez (a bare view behind the whole middleware stack, no database)
- lookup, page:        GET /verify/<number>/               random existing numbers (Lua)
- lookup, API:         GET /api/v1/public/certificates/<number>/   (signed JSON)
- name search, page:   GET /registry/?q=<name>              random holder-name words/prefixes
- name search, API:    GET /api/v1/public/certificates/?q=<name>

and prints requests/s, p50, p99, errors, the ratio to the floor, the goals (lookup p99 <= 20 ms
and >= 0.60 of the floor; name search p99 <= 100 ms) and the RSS of each worker. On PostgreSQL
it then starts a second `qms serve` on another port and drives both with the same lookups at
once (scale-out: no shared state but the database), printing each server's figures.

Before the servers, it times --in-process requests per endpoint (default 300) through Django's
test client in one process (no server, no load generator: far less noisy on a shared machine);
--only-in-process stops there.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, quote_plus

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lists  # bench/lists.py: environment, server, wrk and its parsing

ROOT = lists.ROOT
LOOKUP_P99_MS = 20.0
LOOKUP_RATIO = 0.60
SEARCH_P99_MS = 100.0
SAMPLE = 20_000  # numbers and names the Lua scripts pick from

SETTINGS_SHIM = '''"""Benchmark settings: the product's, with the registry's rate limit off."""
from qms.settings import *  # noqa: F403

REGISTRY_RATE_LIMIT = 0
ROOT_URLCONF = "bench_registry_urls"
'''

URLS_SHIM = '''"""The product's URLs, plus the registry's where qms/urls.py lacks them."""
from django.urls import include, path

from qms.api_urls import urlpatterns as api_patterns
from qms.urls import urlpatterns as base


def _mounted(patterns, name):
    found = (getattr(p, "urlconf_name", None) for p in patterns)
    return any(getattr(module, "__name__", module) == name for module in found)


extra = []
if not _mounted(base, "qms.registry.urls"):
    extra.append(path("registry/", include("qms.registry.urls")))
if not _mounted(base, "qms.registry.urls_verify"):
    extra.append(path("verify/", include("qms.registry.urls_verify")))
if not _mounted(api_patterns, "qms.registry.api_urls"):
    extra.append(path("api/v1/public/", include("qms.registry.api_urls")))
urlpatterns = [*extra, *base]
'''

# Picks a random line of the sample for each request (each wrk thread seeded apart).
LUA = """
local paths = {}
for line in io.lines("%(file)s") do paths[#paths + 1] = line end
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end
function init(args)
  math.randomseed(os.time() * 1000 + seed)
end
function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
"""

SAMPLE_SNIPPET = """
import random
from django.db.models import Max, Min
from qms.registry.models import PublicCertificate
rows = (
    PublicCertificate.objects.filter(
        listed=True, confidential=False, source__key__startswith="seed:"
    ).exclude(status="draft")
)
bounds = rows.aggregate(lo=Min("id"), hi=Max("id"))
ids = random.Random(7).sample(
    range(bounds["lo"], bounds["hi"] + 1), min({limit} * 2, bounds["hi"] - bounds["lo"] + 1)
)
found = []
for start in range(0, len(ids), 2000):
    found += rows.filter(id__in=ids[start:start + 2000]).values_list("number", "holder_name")
for number, name in found[:{limit}]:
    print(number + "\\t" + name)
"""


# In-process timings (Django's test client in one `qms shell`: no server, no load generator,
# so far less noise on a shared machine than wrk): ms per request of each endpoint.
IN_PROCESS_SNIPPET = """
import random, time
from django.test import Client
client = Client(HTTP_HOST="localhost")
lookups = open({lookups!r}).read().split()
searches = open({searches!r}).read().split()
rng = random.Random(3)
endpoints = [
    ("GET /livez (floor)", lambda: "/livez"),
    ("GET /verify/<number>/", lambda: "/verify/" + rng.choice(lookups) + "/"),
    ("GET /api/v1/public/certificates/<n>/",
     lambda: "/api/v1/public/certificates/" + rng.choice(lookups) + "/"),
    ("GET /registry/?q=<name>", lambda: "/registry/?q=" + rng.choice(searches)),
    ("GET /api/v1/public/certificates/?q=",
     lambda: "/api/v1/public/certificates/?q=" + rng.choice(searches)),
]
for label, make in endpoints:
    for _ in range(20):
        client.get(make())
    times = []
    for _ in range({count}):
        url = make()
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    at = lambda share: times[min(len(times) - 1, int(share * len(times)))]
    print(f"{{label:<40}} {{at(0.5):8.2f}} {{at(0.9):8.2f}} {{at(0.99):8.2f}} {{times[-1]:8.2f}}")
"""


def in_process(env: dict[str, str], lookups: Path, searches: Path, count: int) -> None:
    lists.step(f"in-process timings: {count} requests per endpoint through the test client")
    output = lists.qms(
        env,
        "shell",
        "-v",
        "0",
        "-c",
        IN_PROCESS_SNIPPET.format(lookups=str(lookups), searches=str(searches), count=count),
    )
    print()
    print(f"in process (Django test client, {count} requests each), ms per request:")
    print(f"{'endpoint':<40} {'p50':>8} {'p90':>8} {'p99':>8} {'max':>8}")
    print(output.rstrip(), flush=True)


@dataclass
class Workload:
    label: str
    kind: str  # floor / lookup / search
    path_file: Path | None  # the Lua sample, None for a fixed URL
    url: str


def main() -> int:
    args = parse_args()
    os.chdir(ROOT)
    wrk = lists.require_tools()
    keep_dir = args.data_dir is not None
    if args.data_dir:
        data_dir = Path(args.data_dir).resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
    else:
        lists.BENCH_DIR.mkdir(parents=True, exist_ok=True)
        prefix = time.strftime("registry-%Y%m%d-%H%M%S-")
        data_dir = Path(tempfile.mkdtemp(prefix=prefix, dir=lists.BENCH_DIR))
    env = lists.bench_environment(data_dir, lists.free_port())
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(data_dir), env.get("PYTHONPATH")]))
    env["DJANGO_SETTINGS_MODULE"] = "bench_registry_settings"
    (data_dir / "bench_registry_settings.py").write_text(SETTINGS_SHIM)
    (data_dir / "bench_registry_urls.py").write_text(URLS_SHIM)
    database = lists.describe_database(env)
    failed = False
    try:
        lists.step(f"data dir {data_dir}; database: {database}")
        lists.qms(env, "migrate", "--no-input", "-v", "0")
        lists.qms(env, "collectstatic", "--no-input", "-v", "0")
        have = int(lists.qms(env, "shell", "-c", COUNT_SNIPPET).split()[-1])
        if have < args.count:
            lists.step(f"seeding {args.count - have:,} certificates ({have:,} there)")
            started = time.monotonic()
            subprocess.run(
                [lists.QMS, "registry", "seed", "--count", str(args.count - have)],
                env=env,
                check=True,
            )
            lists.step(f"seeded in {time.monotonic() - started:.0f} s")
        else:
            lists.step(f"{have:,} seeded certificates already there")
        lookups, searches = samples(env, data_dir)
        if args.in_process:
            in_process(env, lookups, searches, args.in_process)
        if args.only_in_process:
            return 0
        base = f"http://127.0.0.1:{env['QMS_PORT']}"
        workloads = targets(base, lookups, searches)
        results, rss = run_server(wrk, env, data_dir, workloads, args)
        report(results, rss, database=database, count=max(have, args.count), args=args)
        failed = any(result.errors for result in results)
        if env.get("QMS_DATABASE_URL") and not args.no_scale_out:
            failed = scale_out(wrk, env, data_dir, lookups, args) or failed
    finally:
        if not keep_dir and not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
        else:
            print(f"kept {data_dir}")
    if failed:
        print("bench: some responses were errors (see above); the figures are not valid.")
        return 1
    return 0


COUNT_SNIPPET = """
from qms.registry.models import PublicCertificate
print(PublicCertificate.objects.filter(source__key__startswith="seed:").count())
"""


def samples(env: dict[str, str], data_dir: Path) -> tuple[Path, Path]:
    """Two path files for the Lua scripts: exact-number lookups and name searches (a first
    word, a prefix of five letters, or two words of a seeded holder's name), spread over the
    whole table."""
    output = lists.qms(env, "shell", "-c", SAMPLE_SNIPPET.format(limit=SAMPLE))
    rows = [line.split("\t", 1) for line in output.splitlines() if "\t" in line]
    rng = random.Random(7)
    chosen = rows
    lookups = data_dir / "lookups.txt"
    searches = data_dir / "searches.txt"
    lookups.write_text("".join(f"{quote(number, safe='')}\n" for number, _name in chosen))
    queries = []
    for _number, name in chosen:
        words = name.split()
        pick = rng.random()
        if pick < 0.4:
            query = words[0]
        elif pick < 0.7:
            query = words[0][:5]
        else:
            query = " ".join(words[:2])
        queries.append(quote_plus(query))
    searches.write_text("".join(f"{query}\n" for query in queries))
    return lookups, searches


def targets(base: str, lookups: Path, searches: Path) -> list[Workload]:
    return [
        Workload("GET /livez (floor)", "floor", None, base + lists.FLOOR_PATH),
        Workload("GET /verify/<number>/", "lookup", lookups, base + "/verify/"),
        Workload(
            "GET /api/v1/public/certificates/<n>/",
            "lookup",
            lookups,
            base + "/api/v1/public/certificates/",
        ),
        Workload("GET /registry/?q=<name>", "search", searches, base + "/registry/?q="),
        Workload(
            "GET /api/v1/public/certificates/?q=",
            "search",
            searches,
            base + "/api/v1/public/certificates/?q=",
        ),
    ]


def lua_script(data_dir: Path, workload: Workload) -> Path:
    """The Lua file turning the sample into full request paths for this workload."""
    assert workload.path_file is not None  # noqa: S101
    suffix = "/" if workload.kind == "lookup" else ""
    prefix = workload.url.split("://", 1)[1].split("/", 1)[1]
    paths = data_dir / f"paths-{abs(hash(workload.label))}.txt"
    lines = workload.path_file.read_text().splitlines()
    paths.write_text("".join(f"/{prefix}{line}{suffix}\n" for line in lines))
    script = data_dir / f"script-{abs(hash(workload.label))}.lua"
    script.write_text(LUA % {"file": paths})
    return script


def check(workload: Workload, data_dir: Path) -> None:
    """One request must answer 200 with the expected body (not a 404, 429 or a log-in page)."""
    url = workload.url
    if workload.path_file is not None:
        first = workload.path_file.read_text().splitlines()[0]
        url += first + ("/" if workload.kind == "lookup" else "")
    target = lists.Target(workload.label, "check", url, {})
    import urllib.request

    try:
        with urllib.request.urlopen(target.url, timeout=30) as response:  # noqa: S310 - loopback
            body = response.read()
    except Exception as error:
        raise SystemExit(f"bench: GET {url} failed: {error}") from None
    if not body:
        raise SystemExit(f"bench: GET {url} answered an empty body")


def run_wrk(wrk: str, workload: Workload, data_dir: Path, seconds: int) -> str:
    command = [
        wrk,
        f"-t{lists.THREADS}",
        f"-c{lists.CONNECTIONS}",
        f"-d{seconds}s",
        "--latency",
    ]
    if workload.path_file is not None:
        command += ["-s", str(lua_script(data_dir, workload))]
    base = workload.url.split("/", 3)
    url = f"{base[0]}//{base[2]}/" if workload.path_file is not None else workload.url
    completed = subprocess.run(
        [*command, url], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False
    )
    if completed.returncode != 0:
        raise SystemExit(f"bench: wrk failed:\n{completed.stdout}")
    return completed.stdout


def measure(wrk: str, workload: Workload, data_dir: Path, args: argparse.Namespace) -> lists.Result:
    lists.step(f"wrk {workload.label}: {args.warmup}s warm-up, {args.duration}s")
    run_wrk(wrk, workload, data_dir, args.warmup)
    output = run_wrk(wrk, workload, data_dir, args.duration)
    return lists.parse_wrk(lists.Target(workload.label, workload.kind, workload.url, {}), output)


def run_server(
    wrk: str,
    env: dict[str, str],
    data_dir: Path,
    workloads: list[Workload],
    args: argparse.Namespace,
) -> tuple[list[lists.Result], list[int]]:
    log_path = data_dir / "server.log"
    server = lists.start_server("serve", env, log_path)
    try:
        lists.wait_until_live(server, workloads[0].url, log_path)
        for workload in workloads[1:]:
            check(workload, data_dir)
        results = [measure(wrk, workload, data_dir, args) for workload in workloads]
        return results, lists.worker_rss_kib(server.pid)
    finally:
        lists.stop(server)


def report(
    results: list[lists.Result],
    rss: list[int],
    *,
    database: str,
    count: int,
    args: argparse.Namespace,
) -> None:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    floor = results[0]
    print()
    print(
        f"machine: {cpus} CPUs; qms serve, {lists.WORKERS} workers; wrk {lists.THREADS} "
        f"threads, {lists.CONNECTIONS} connections, {args.duration}s per endpoint, loopback"
    )
    print(f"database: {database}")
    print(f"registry: {count:,} seeded certificates; rate limit off")
    print()
    width = 40
    print(
        f"{'endpoint':<{width}} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'ratio':>6}"
    )
    for result in results:
        print(
            f"{result.label:<{width}} {result.requests_per_s:>9.1f} {result.p50_ms:>8.2f} "
            f"{result.p99_ms:>8.2f} {result.errors:>7} {lists.ratio(result, floor):>6.2f}"
        )
    print()
    for result in results[1:3]:
        share = lists.ratio(result, floor)
        met = share >= LOOKUP_RATIO and result.p99_ms <= LOOKUP_P99_MS
        print(
            f"goal lookup {result.label}: p99 <= {LOOKUP_P99_MS:.0f} ms and ratio >= "
            f"{LOOKUP_RATIO:.2f} -> {'met' if met else 'MISSED'} "
            f"(p99 {result.p99_ms:.1f} ms, ratio {share:.2f})"
        )
    for result in results[3:]:
        met = result.p99_ms <= SEARCH_P99_MS
        print(
            f"goal search {result.label}: p99 <= {SEARCH_P99_MS:.0f} ms -> "
            f"{'met' if met else 'MISSED'} (p99 {result.p99_ms:.1f} ms)"
        )
    print(lists.rss_line(rss))
    print(flush=True)


def scale_out(
    wrk: str, env: dict[str, str], data_dir: Path, lookups: Path, args: argparse.Namespace
) -> bool:
    """Two `qms serve` on one PostgreSQL, each on its own port, driven at the same time with
    the same lookups. Returns whether any response was an error."""
    second_env = dict(env)
    port = lists.free_port()
    second_env.update({"QMS_PORT": str(port), "QMS_BIND": f"127.0.0.1:{port}"})
    servers = []
    workloads = []
    try:
        for index, server_env in enumerate((env, second_env), start=1):
            log_path = data_dir / f"server-scale-{index}.log"
            server = lists.start_server("serve", server_env, log_path)
            servers.append(server)
            base = f"http://127.0.0.1:{server_env['QMS_PORT']}"
            lists.wait_until_live(server, base + lists.FLOOR_PATH, log_path)
            workloads.append(
                Workload(
                    f"server {index} (:{server_env['QMS_PORT']}) /api/…/<n>/",
                    "lookup",
                    lookups,
                    base + "/api/v1/public/certificates/",
                )
            )
        for workload in workloads:
            check(workload, data_dir)
        lists.step(f"scale-out: both servers at once, {args.warmup}s warm-up, {args.duration}s")
        outputs: dict[int, str] = {}

        def drive(index: int, seconds: int) -> None:
            outputs[index] = run_wrk(wrk, workloads[index], data_dir, seconds)

        for seconds in (args.warmup, args.duration):
            threads = [threading.Thread(target=drive, args=(index, seconds)) for index in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        results = [
            lists.parse_wrk(lists.Target(w.label, w.kind, w.url, {}), outputs[i])
            for i, w in enumerate(workloads)
        ]
        rss = [lists.worker_rss_kib(server.pid) for server in servers]
    finally:
        for server in servers:
            lists.stop(server)
    print()
    print("scale-out: two `qms serve` (2 workers each) on one PostgreSQL, the same lookups")
    for result, sizes in zip(results, rss, strict=True):
        print(
            f"{result.label:<40} {result.requests_per_s:>9.1f} req/s  p50 {result.p50_ms:.2f} "
            f"ms  p99 {result.p99_ms:.2f} ms  errors {result.errors}  {lists.rss_line(sizes)}"
        )
    total = sum(result.requests_per_s for result in results)
    print(f"{'both together':<40} {total:>9.1f} req/s")
    print(flush=True)
    return any(result.errors for result in results)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1_000_000, help="seeded certificates")
    parser.add_argument("--duration", type=int, default=8, help="seconds per endpoint")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up seconds per endpoint")
    parser.add_argument("--data-dir", help="keep (and reuse) the installation in this folder")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway data dir")
    parser.add_argument("--no-scale-out", action="store_true", help="skip the two-server run")
    parser.add_argument(
        "--in-process",
        type=int,
        default=300,
        metavar="N",
        help="also time N requests per endpoint in process (test client; 0 = skip)",
    )
    parser.add_argument(
        "--only-in-process", action="store_true", help="the in-process timings only, no server"
    )
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(main())
