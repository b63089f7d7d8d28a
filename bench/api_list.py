"""Benchmark: an authenticated API list against a bare Django view on one gunicorn server.

Not a test. Run from the repository root with the project's virtual environment:

    make bench                      # or: .venv/bin/python bench/api_list.py

It builds a throwaway installation under var/bench/ (SQLite, or the PostgreSQL database named
by QMS_DATABASE_URL when that is set), loads the demo data plus extra sites, starts
`qms serve` (gunicorn, 2 workers) on a free loopback port and drives it with `wrk`. The
figure to watch is the ratio of the API's requests/s to the floor's. See bench/README.md.
"""

from __future__ import annotations

import argparse
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
WORKERS = 2
THREADS = 2
CONNECTIONS = 4

# Seeds the extra rows in one transaction; `{rows}` is filled in below.
SEED_SNIPPET = """
from django.db import transaction
from qms.organizations.models import Organization, Site
org = Organization.objects.get(slug={slug!r})
with transaction.atomic():
    sites = [Site(organization=org, name=f"Site {{n:05d}}") for n in range(1, {rows} + 1)]
    Site.objects.bulk_create(sites, batch_size=500)
print(Site.objects.filter(organization=org).count())
"""

# Variables a caller may pass through to point the benchmark at a PostgreSQL database.
PASS_THROUGH = ("QMS_DATABASE_URL", "QMS_DATABASE_PASSWORD", "QMS_DATABASE_PASSWORD_FILE")


@dataclass
class Result:
    label: str
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


def main() -> int:
    args = parse_args()
    os.chdir(ROOT)
    if not Path(QMS).exists():
        sys.exit("bench: .venv/bin/qms not found; run `make install-dev` first.")
    wrk = ensure_wrk()

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    data_dir = Path(tempfile.mkdtemp(prefix=time.strftime("run-%Y%m%d-%H%M%S-"), dir=BENCH_DIR))
    port = free_port()
    env = bench_environment(data_dir, port)
    database = describe_database(env)

    server: subprocess.Popen[bytes] | None = None
    log_path = data_dir / "server.log"
    try:
        step(f"data dir {data_dir.relative_to(ROOT)}; database: {database}")
        if "QMS_DATABASE_URL" in env:
            step("QMS_DATABASE_URL is set: migrating and loading demo data into that database")
        qms(env, "migrate", "--no-input", "-v", "0")
        qms(env, "demo", "--force")
        step(f"seeding {args.rows:,} sites for organization {ORGANIZATION!r}")
        seed = SEED_SNIPPET.format(slug=ORGANIZATION, rows=args.rows)
        rows = int(qms(env, "shell", "-c", seed).split()[-1])
        token = qms(env, "token", "create", "--user", USER, "--name", "bench").strip()

        step(f"starting qms serve on 127.0.0.1:{port} ({WORKERS} workers)")
        with log_path.open("wb") as log:
            server = subprocess.Popen(
                [QMS, "serve"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        base = f"http://127.0.0.1:{port}"
        wait_until_live(server, base + FLOOR_PATH, log_path)
        auth = {"Authorization": f"Bearer {token}"}
        page = check_endpoint(base + API_PATH, auth)

        targets = [
            ("GET " + FLOOR_PATH + " (floor)", base + FLOOR_PATH, {}),
            ("GET " + API_PATH, base + API_PATH, auth),
        ]
        results = []
        for label, url, headers in targets:
            step(f"wrk {label}: {args.warmup}s warm-up, then {args.duration}s")
            run_wrk(wrk, url, headers, args.warmup)
            results.append(parse_wrk(label, run_wrk(wrk, url, headers, args.duration)))

        report(results, database=database, rows=rows, page=page, duration=args.duration)
        if any(r.errors for r in results):
            print("bench: some responses were errors (see above); the figures are not valid.")
            return 1
        return 0
    finally:
        stop(server)
        if args.keep:
            print(f"kept {data_dir.relative_to(ROOT)} (server.log inside)")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per endpoint")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up seconds per endpoint")
    parser.add_argument("--rows", type=int, default=5000, help="extra sites to seed")
    parser.add_argument("--keep", action="store_true", help="keep the data dir and server log")
    return parser.parse_args()


def step(message: str) -> None:
    print(f"-- {message}", flush=True)


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit("bench: wrk is missing; install it with `sudo apt-get install -y wrk`.")
    step("installing wrk (Debian package)")
    apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=True, env=apt_env)
    subprocess.run(
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", "wrk"],
        check=True,
        env=apt_env,
    )
    found = shutil.which("wrk")
    if not found:
        sys.exit("bench: wrk is still missing after apt-get install.")
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
    return (
        f"{engine} from QMS_DATABASE_URL ({urlunsplit((parts.scheme, netloc, parts.path, '', ''))})"
    )


def qms(env: dict[str, str], *args: str) -> str:
    """Run a qms command; its stdout is returned, its stderr passes through."""
    completed = subprocess.run([QMS, *args], env=env, stdout=subprocess.PIPE, text=True)
    if completed.returncode != 0:
        sys.stdout.write(completed.stdout)
        raise SystemExit(f"bench: `qms {args[0]}` failed with exit code {completed.returncode}")
    return completed.stdout


def wait_until_live(server: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            print(log_path.read_text(errors="replace"))
            raise SystemExit(f"bench: qms serve exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    print(log_path.read_text(errors="replace"))
    raise SystemExit(f"bench: {url} did not answer within 60 s")


def check_endpoint(url: str, headers: dict[str, str]) -> str:
    """Fail early unless the API answers 200 with a page: 401s would make a fast, false figure."""
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            body = json.load(response)
    except urllib.error.HTTPError as error:
        detail = error.read().decode(errors="replace")[:300]
        raise SystemExit(f"bench: GET {url} answered {error.code}: {detail}") from None
    results = body.get("results") if isinstance(body, dict) else None
    if not isinstance(results, list):
        raise SystemExit(f"bench: GET {url} did not return a paginated list")
    return f"{len(results)} of {body.get('count', '?')}"


def run_wrk(wrk: str, url: str, headers: dict[str, str], seconds: int) -> str:
    command = [wrk, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    completed = subprocess.run(
        [*command, url], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False
    )
    if completed.returncode != 0:
        raise SystemExit(f"bench: wrk failed:\n{completed.stdout}")
    return completed.stdout


_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(label: str, output: str) -> Result:
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
        label=label,
        requests_per_s=float(search(r"^Requests/sec:\s+([\d.]+)").group(1)),
        p50_ms=percentile("50"),
        p99_ms=percentile("99"),
        requests=int(search(r"^\s*(\d+) requests in").group(1)),
        errors=errors,
    )


def report(results: list[Result], *, database: str, rows: int, page: str, duration: int) -> None:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    floor, api = results
    print()
    print(
        f"machine: {cpus} CPUs (nproc); gunicorn {WORKERS} workers; "
        f"wrk {THREADS} threads, {CONNECTIONS} connections, {duration}s per endpoint, loopback"
    )
    print(f"database: {database}")
    print(f"rows: {rows:,} sites in {ORGANIZATION!r}; one API page = {page}")
    print()
    print(f"{'endpoint':<40} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for r in results:
        print(
            f"{r.label:<40} {r.requests_per_s:>9.1f} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f} "
            f"{r.errors:>7}"
        )
    ratio = api.requests_per_s / floor.requests_per_s if floor.requests_per_s else 0.0
    print()
    print(f"ratio API/floor (requests/s): {ratio:.2f}")


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
