"""Benchmark: the API list and the HTML list against a bare Django view, at two table sizes.

Not a test. Run from the repository root with the project's virtual environment:

    make bench                      # or: .venv/bin/python bench/lists.py
    QMS_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/qms_bench make bench

It builds a throwaway installation under var/bench/ (SQLite, or the PostgreSQL database named
by QMS_DATABASE_URL when that is set: give it an empty database), loads the demo data plus
extra sites, starts `qms serve` on a free loopback port and drives it with `wrk`: the floor
(`/livez`), the API list (a Bearer token) and the HTML list (a logged-in session), first at
5,000 extra rows, then at 100,000. The figures to watch are the ratios to the floor, p99 and
whether they hold as the table grows. `--server sync` measures gunicorn's sync worker
instead of what `qms serve` runs (uvicorn workers, Django in a thread pool); `--server both`
measures both. See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
QMS = str(BIN / "qms")
BENCH_DIR = ROOT / "var" / "bench"

ORGANIZATION = "acme"
USER = "quality@acme.example"
FLOOR_PATH = "/livez"
API_PATH = "/api/v1/organizations/sites/"
HTML_PATH = "/organization/sites/"
WORKERS = 2
THREADS = 2
CONNECTIONS = 4
GOALS = {"API": 0.25, "HTML": 0.15}  # requests/s as a share of the floor's
P99_GOAL_MS = 15.0

# Adds sites numbered from {start} in one transaction; prints the organization's site count.
SEED_SNIPPET = """
from django.db import connection, transaction
from qms.organizations.models import Organization, Site
org = Organization.objects.get(slug={slug!r})
with transaction.atomic():
    Site.objects.bulk_create(
        (Site(organization=org, name=f"Site {{n:06d}}") for n in range({start}, {stop})),
        batch_size=2000,
    )
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # autovacuum may be off: plan with real statistics
print(Site.objects.filter(organization=org).count())
"""

# A logged-in session for the HTML list, as the log-in form would create it.
SESSION_SNIPPET = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from qms.accounts.models import User
user = User.objects.get(email={email!r})
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print()
print(settings.SESSION_COOKIE_NAME, session.session_key)
"""

# Variables a caller may pass through to point the benchmark at a PostgreSQL database.
PASS_THROUGH = (
    "QMS_DATABASE_URL",
    "QMS_DATABASE_PASSWORD",
    "QMS_DATABASE_PASSWORD_FILE",
    "QMS_DATABASE_CONN_MAX_AGE",
)


@dataclass
class Result:
    label: str
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


@dataclass
class Target:
    label: str
    kind: str  # "floor", "API", "API detail" or "HTML"
    url: str
    headers: dict[str, str]


@dataclass
class Installation:
    """A throwaway installation made by `installation()`: where it lives, how to reach it."""

    data_dir: Path
    env: dict[str, str]
    database: str  # as described for the report
    base: str  # http://127.0.0.1:<port>
    api: dict[str, str]  # headers of a Bearer token for USER
    html: dict[str, str]  # headers of a logged-in session cookie for USER


def require_tools() -> str:
    """Exit unless the project's qms and wrk are there; return wrk's path."""
    if not Path(QMS).exists():
        sys.exit("bench: .venv/bin/qms not found; run `make install-dev` first.")
    return find_wrk()


@contextlib.contextmanager
def installation(prefix: str, *, keep: bool) -> Iterator[Installation]:
    """A fresh production-like installation under var/bench/<prefix>-<time>-*: migrated, the
    demo loaded, static files collected, a token and a session for USER. Removed on exit
    unless `keep` (the server logs are inside)."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    data_dir = Path(
        tempfile.mkdtemp(prefix=time.strftime(f"{prefix}-%Y%m%d-%H%M%S-"), dir=BENCH_DIR)
    )
    env = bench_environment(data_dir, free_port())
    database = describe_database(env)
    try:
        step(f"data dir {data_dir.relative_to(ROOT)}; database: {database}")
        qms(env, "migrate", "--no-input", "-v", "0")
        qms(env, "demo", "--force")
        qms(env, "collectstatic", "--no-input", "-v", "0")
        token = qms(env, "token", "create", "--user", USER, "--name", "bench").strip()
        session = qms(env, "shell", "-c", SESSION_SNIPPET.format(email=USER))
        cookie_name, session_key = session.strip().splitlines()[-1].split()
        yield Installation(
            data_dir=data_dir,
            env=env,
            database=database,
            base=f"http://127.0.0.1:{env['QMS_PORT']}",
            api={"Authorization": f"Bearer {token}"},
            html={"Cookie": f"{cookie_name}={session_key}"},
        )
    finally:
        if keep:
            print(f"kept {data_dir.relative_to(ROOT)} (server logs inside)")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


def floor_target(base: str) -> Target:
    return Target(f"GET {FLOOR_PATH} (floor)", "floor", base + FLOOR_PATH, {})


def ratio(result: Result, floor: Result) -> float:
    """requests/s as a share of the floor's."""
    return result.requests_per_s / floor.requests_per_s if floor.requests_per_s else 0.0


def print_results(
    results: list[Result], *, database: str, rows: str, args: argparse.Namespace, width: int
) -> None:
    """The run's setting and one line per endpoint (the floor first) with its ratio."""
    floor = results[0]
    print()
    print(
        f"qms serve, {WORKERS} workers; wrk {THREADS} threads, {CONNECTIONS} "
        f"connections, {args.duration}s per endpoint, loopback"
    )
    print(f"database: {database}")
    print(f"rows: {rows}")
    print()
    header = f"{'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'ratio':>6}"
    print(f"{'endpoint':<{width}} {header}")
    for result in results:
        print(
            f"{result.label:<{width}} {result.requests_per_s:>9.1f} {result.p50_ms:>8.2f} "
            f"{result.p99_ms:>8.2f} {result.errors:>7} {ratio(result, floor):>6.2f}"
        )


def rss_line(rss: list[int]) -> str:
    shown = ", ".join(f"{kib / 1024:.0f} MiB" for kib in rss) or "unknown"
    return f"RSS per worker after the run: {shown}"


def growth_arguments(description: str, noun: str) -> argparse.Namespace:
    """The options of a bench that grows one table to --small rows, measures, grows it to
    --large rows and measures again."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--small", type=int, default=10_000, help=f"{noun} at the first run")
    parser.add_argument("--large", type=int, default=100_000, help=f"{noun} at the second run")
    parser.add_argument("--duration", type=int, default=6, help="seconds per endpoint")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up seconds per endpoint")
    parser.add_argument("--keep", action="store_true", help="keep the data dir and server logs")
    return parser.parse_args()


def measure_and_print(
    wrk: str,
    bench: Installation,
    targets: list[Target],
    args: argparse.Namespace,
    *,
    rows: str,
    width: int,
) -> list[Result] | None:
    """One run under `qms serve`: the results table and the workers' memory printed; None
    (after saying so) when some responses were errors and the figures are not valid."""
    results, rss = measure(wrk, bench.env, bench.data_dir, "serve", targets, args)
    print_results(results, database=bench.database, rows=rows, args=args, width=width)
    print(rss_line(rss))
    print(flush=True)
    if any(result.errors for result in results):
        print("bench: some responses were errors (see above); the figures are not valid.")
        return None
    return results


def main() -> int:
    args = parse_args()
    os.chdir(ROOT)
    wrk = require_tools()
    sizes = sorted({int(n) for n in args.rows.split(",")})
    servers = ["serve", "sync"] if args.server == "both" else [args.server]
    failed = False
    with installation("run", keep=args.keep) as bench:
        targets = [
            floor_target(bench.base),
            Target(f"GET {API_PATH}", "API", bench.base + API_PATH, bench.api),
            Target(f"GET {HTML_PATH}", "HTML", bench.base + HTML_PATH, bench.html),
        ]
        seeded = 0
        for size in sizes:
            step(f"seeding sites up to {size:,} extra rows for organization {ORGANIZATION!r}")
            seed = SEED_SNIPPET.format(slug=ORGANIZATION, start=seeded + 1, stop=size + 1)
            rows = int(qms(bench.env, "shell", "-c", seed).split()[-1])
            seeded = size
            for server_kind in servers:
                if server_kind == "sync" and size != sizes[0]:
                    continue  # the sync worker is measured once, for comparison
                results, rss = measure(wrk, bench.env, bench.data_dir, server_kind, targets, args)
                report(
                    results, rss, server=server_kind, database=bench.database, rows=rows, args=args
                )
                failed = failed or any(r.errors for r in results)
    if failed:
        print("bench: some responses were errors (see above); the figures are not valid.")
        return 1
    return 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=6, help="seconds per endpoint")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up seconds per endpoint")
    parser.add_argument("--rows", default="5000,100000", help="extra sites, comma-separated")
    parser.add_argument(
        "--server",
        choices=["serve", "sync", "both"],
        default="both",
        help="`qms serve` as shipped, gunicorn's sync worker, or both (sync at the first size)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the data dir and server logs")
    return parser.parse_args()


def step(message: str) -> None:
    print(f"-- {message}", flush=True)


def find_wrk() -> str:
    found = shutil.which("wrk")
    if not found:
        sys.exit(
            "bench: wrk is missing. It is a Debian package: "
            "`sudo apt-get install -y wrk` (or `apt-get install -y wrk` as root)."
        )
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bench_environment(data_dir: Path, port: int) -> dict[str, str]:
    """A production-like configuration: the caller's QMS_* settings do not leak in."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("QMS_")}
    env.update({key: os.environ[key] for key in PASS_THROUGH if os.environ.get(key)})
    env.update(
        {
            "QMS_DEBUG": "false",
            "QMS_SECRET_KEY": secrets.token_urlsafe(48),
            "QMS_AUDIT_KEY": secrets.token_urlsafe(48),
            "QMS_DATA_DIR": str(data_dir),
            "QMS_PORT": str(port),
            "QMS_BIND": f"127.0.0.1:{port}",
            "QMS_WORKERS": str(WORKERS),
            "QMS_LOG_LEVEL": "WARNING",
            "QMS_ACCESS_LOG": "false",
            "QMS_ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
    )
    return env


def describe_database(env: dict[str, str]) -> str:
    url = env.get("QMS_DATABASE_URL")
    if not url:
        return "SQLite (throwaway file in the data dir)"
    parts = urlsplit(url)
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    engine = "PostgreSQL" if parts.scheme.startswith("postgres") else parts.scheme
    shown = urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    return f"{engine} from QMS_DATABASE_URL ({shown})"


def qms(env: dict[str, str], *args: str) -> str:
    """Run a qms command; its stdout is returned, its stderr passes through."""
    completed = subprocess.run([QMS, *args], env=env, stdout=subprocess.PIPE, text=True)
    if completed.returncode != 0:
        sys.stdout.write(completed.stdout)
        raise SystemExit(f"bench: `qms {args[0]}` failed with exit code {completed.returncode}")
    return completed.stdout


def measure(
    wrk: str,
    env: dict[str, str],
    data_dir: Path,
    server_kind: str,
    targets: list[Target],
    args: argparse.Namespace,
) -> tuple[list[Result], list[int]]:
    log_path = data_dir / f"server-{server_kind}.log"
    server = start_server(server_kind, env, log_path)
    try:
        wait_until_live(server, targets[0].url, log_path)
        for target in targets[1:]:
            check_endpoint(target)
        results = []
        for target in targets:
            step(f"[{server_kind}] wrk {target.label}: {args.warmup}s warm-up, {args.duration}s")
            run_wrk(wrk, target, args.warmup)
            results.append(parse_wrk(target, run_wrk(wrk, target, args.duration)))
        return results, worker_rss_kib(server.pid)
    finally:
        stop(server)


def start_server(kind: str, env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    if kind == "serve":
        command = [QMS, "serve", "--no-collectstatic"]
    else:  # gunicorn's sync worker, configured as `qms serve` configured it before ASGI
        command = [
            str(BIN / "gunicorn"),
            "qms.wsgi:application",
            "--bind",
            env["QMS_BIND"],
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--preload",
        ]
    step(f"starting {Path(command[0]).name} {command[1]} ({kind}) on {env['QMS_BIND']}")
    with log_path.open("ab") as log:
        return subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )


def wait_until_live(server: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            print(log_path.read_text(errors="replace"))
            raise SystemExit(f"bench: the server exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    print(log_path.read_text(errors="replace"))
    raise SystemExit(f"bench: {url} did not answer within 60 s")


def check_endpoint(target: Target) -> None:
    """Fail early unless the endpoint answers 200 with a page: 401s or a log-in redirect
    would make a fast, false figure."""
    request = urllib.request.Request(target.url, headers=target.headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            body = response.read()
            final_url = response.geturl()
    except urllib.error.HTTPError as error:
        detail = error.read().decode(errors="replace")[:300]
        raise SystemExit(f"bench: GET {target.url} answered {error.code}: {detail}") from None
    if target.kind == "API":
        results = json.loads(body).get("results")
        if not isinstance(results, list) or not results:
            raise SystemExit(f"bench: GET {target.url} did not return a page of rows")
    elif target.kind == "API detail":
        if not isinstance(json.loads(body).get("id"), int):
            raise SystemExit(f"bench: GET {target.url} did not return a record")
    elif final_url != target.url or b"<table" not in body:
        raise SystemExit(f"bench: GET {target.url} did not show the table (at {final_url})")


def run_wrk(wrk: str, target: Target, seconds: int) -> str:
    command = [wrk, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    for name, value in target.headers.items():
        command += ["-H", f"{name}: {value}"]
    completed = subprocess.run(
        [*command, target.url],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"bench: wrk failed:\n{completed.stdout}")
    return completed.stdout


_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(target: Target, output: str) -> Result:
    def search(pattern: str) -> re.Match[str]:
        match = re.search(pattern, output, re.MULTILINE)
        if match is None:
            raise SystemExit(f"bench: cannot read {pattern!r} in wrk's output:\n{output}")
        return match

    def percentile(name: str) -> float:
        match = search(rf"^\s*{name}(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$")
        return float(match.group(1)) * _UNIT_MS[match.group(2)]

    errors = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if sockets:
        errors += sum(int(n) for n in sockets.groups())
    return Result(
        label=target.label,
        requests_per_s=float(search(r"^Requests/sec:\s+([\d.]+)").group(1)),
        p50_ms=percentile("50"),
        p99_ms=percentile("99"),
        requests=int(search(r"^\s*(\d+) requests in").group(1)),
        errors=errors,
    )


def worker_rss_kib(master: int) -> list[int]:
    """Resident memory of each worker process (children of the gunicorn master)."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master) and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]))
    return sorted(sizes)


def report(
    results: list[Result],
    rss: list[int],
    *,
    server: str,
    database: str,
    rows: int,
    args: argparse.Namespace,
) -> None:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    floor = results[0]
    shown = "qms serve" if server == "serve" else "gunicorn sync worker"
    print()
    print(
        f"machine: {cpus} CPUs; {shown}, {WORKERS} workers; wrk {THREADS} threads, "
        f"{CONNECTIONS} connections, {args.duration}s per endpoint, loopback"
    )
    print(f"database: {database}")
    print(f"rows: {rows:,} sites in {ORGANIZATION!r}; pages of 50 (API) and 25 (HTML)")
    print()
    header = f"{'endpoint':<36} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'ratio':>6}"
    print(header)
    for result in results:
        print(
            f"{result.label:<36} {result.requests_per_s:>9.1f} {result.p50_ms:>8.2f} "
            f"{result.p99_ms:>8.2f} {result.errors:>7} {ratio(result, floor):>6.2f}"
        )
    print()
    for result, (kind, goal) in zip(results[1:], GOALS.items(), strict=True):
        share = ratio(result, floor)
        verdict = "met" if share >= goal and result.p99_ms < P99_GOAL_MS else "MISSED"
        print(
            f"goal {kind}: ratio >= {goal:.2f} and p99 < {P99_GOAL_MS:.0f} ms -> {verdict} "
            f"(ratio {share:.2f}, p99 {result.p99_ms:.1f} ms)"
        )
    print(rss_line(rss))
    print(flush=True)


def stop(server: subprocess.Popen[bytes] | None) -> None:
    """Stop gunicorn (the master replaced `qms serve` in place) and its workers."""
    if server is None or server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        # The session holds only this server's master and its workers.
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
