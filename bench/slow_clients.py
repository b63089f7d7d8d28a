"""Benchmark: does the server keep answering while clients drip their headers?

Not a test. Run from the repository root with the project's virtual environment:

    .venv/bin/python bench/slow_clients.py                 # qms serve, as shipped
    .venv/bin/python bench/slow_clients.py --server both   # and gunicorn's sync worker

It builds a throwaway SQLite installation under var/bench/ with the demo data, starts the
server on a free loopback port, and measures ordinary requests (`/livez` and the logged-in
dashboard, from a few client threads) twice: with no slow connection, then while 50
connections send one header byte every second (a "slowloris"). It prints, for each, how many
requests were answered, p50 and p99, and how many failed or hung (a hang guard of a few
seconds per request counts as a failure here; the figures are not a pass/fail threshold).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from qms.core.testing.slow_clients import SlowClients

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
QMS = str(BIN / "qms")
BENCH_DIR = ROOT / "var" / "bench"
USER, PASSWORD = "quality@acme.example", "demo"
WORKERS = 2


@dataclass
class Sample:
    latencies_ms: list[float] = field(default_factory=list)
    failures: int = 0


def main() -> int:
    args = parse_args()
    os.chdir(ROOT)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    data_dir = Path(tempfile.mkdtemp(prefix=time.strftime("slow-%Y%m%d-%H%M%S-"), dir=BENCH_DIR))
    env = {key: value for key, value in os.environ.items() if not key.startswith("QMS_")}
    env.update(
        QMS_DATA_DIR=str(data_dir),
        QMS_DEBUG="false",
        QMS_SECRET_KEY=secrets.token_urlsafe(50),
        QMS_AUDIT_KEY=secrets.token_urlsafe(50),
        QMS_WORKERS=str(WORKERS),
        QMS_ACCESS_LOG="false",
        QMS_SECURE_COOKIES="false",
        QMS_LOG_LEVEL="WARNING",
    )
    try:
        run([QMS, "migrate", "--no-input", "-v", "0"], env)
        run([QMS, "demo", "--force"], env)
        run([QMS, "collectstatic", "--no-input", "-v", "0"], env)
        servers = ["serve", "sync"] if args.server == "both" else [args.server]
        for kind in servers:
            measure_server(kind, env, args)
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--slow", type=int, default=50, help="slow connections (default 50)")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per phase")
    parser.add_argument("--threads", type=int, default=4, help="client threads per phase")
    parser.add_argument("--timeout", type=float, default=5.0, help="hang guard per request (s)")
    parser.add_argument("--server", choices=["serve", "sync", "both"], default="serve")
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    return parser.parse_args()


def run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"bench: {' '.join(command[1:])} failed:\n{done.stderr}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(kind: str, env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    env = {**env, "QMS_PORT": str(port)}
    if kind == "serve":
        command = [QMS, "serve", "--no-collectstatic"]
    else:  # what `qms serve` ran before: gunicorn's sync workers over WSGI
        command = [str(BIN / "gunicorn"), "qms.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", str(WORKERS), "--preload"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log = server.stderr.read().decode() if server.stderr else ""
            sys.exit(f"bench: the server exited:\n{log}")
        try:
            if request(port, "GET", "/livez", timeout=2)[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("bench: the server did not start")


def request(
    port: int,
    method: str,
    path: str,
    *,
    body: str | None = None,
    headers: dict[str, str] | None = None,
    timeout: float,
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        # Names lower-cased (uvicorn sends them so), repeated ones (Set-Cookie) joined.
        merged: dict[str, str] = {}
        for name, value in response.getheaders():
            key = name.lower()
            merged[key] = f"{merged[key]}\n{value}" if key in merged else value
        return response.status, merged, response.read()
    finally:
        connection.close()


def log_in(port: int) -> str:
    """A session cookie, obtained through the real log-in form."""
    _status, headers, _ = request(port, "GET", "/accounts/login/", timeout=30)
    csrf = re.search(r"csrftoken=([^;]+)", headers.get("set-cookie", ""))
    if not csrf:
        sys.exit("bench: no CSRF cookie on the log-in page")
    body = urlencode({"csrfmiddlewaretoken": csrf.group(1), "username": USER, "password": PASSWORD})
    form = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={csrf.group(1)}",
    }
    status, headers, _ = request(
        port, "POST", "/accounts/login/", body=body, headers=form, timeout=30
    )
    session = re.search(r"sessionid=([^;]+)", headers.get("set-cookie", ""))
    if status != 302 or not session:
        sys.exit(f"bench: log-in as {USER} failed ({status})")
    return f"sessionid={session.group(1)}"


def phase(port: int, cookie: str, args: argparse.Namespace) -> dict[str, Sample]:
    """Client threads alternate /livez and the dashboard for `duration` seconds."""
    samples = {"/livez": Sample(), "/ (logged in)": Sample()}
    lock = threading.Lock()
    stop_at = time.monotonic() + args.duration

    def client() -> None:
        while time.monotonic() < stop_at:
            for label, path, headers in (
                ("/livez", "/livez", {}),
                ("/ (logged in)", "/", {"Cookie": cookie}),
            ):
                started = time.perf_counter()
                try:
                    status = request(port, "GET", path, headers=headers, timeout=args.timeout)[0]
                except OSError:
                    status = 0
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    if status == 200:
                        samples[label].latencies_ms.append(elapsed)
                    else:
                        samples[label].failures += 1

    threads = [threading.Thread(target=client) for _ in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


def measure_server(kind: str, env: dict[str, str], args: argparse.Namespace) -> None:
    port = free_port()
    server = start(kind, env, port)
    try:
        cookie = log_in(port)
        quiet = phase(port, cookie, args)
        slow = SlowClients(port, args.slow)
        time.sleep(2)  # let them start dripping
        try:
            loaded = phase(port, cookie, args)
        finally:
            slow.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    shown = "qms serve (gunicorn + uvicorn workers)" if kind == "serve" else "gunicorn sync workers"
    print()
    print(
        f"server: {shown}, {WORKERS} workers; {os.cpu_count()} CPUs; {args.threads} client "
        f"threads, {args.duration:g}s per phase, {args.timeout:g}s hang guard"
    )
    columns = ("answered", "req/s", "p50 ms", "p99 ms")
    print(
        f"{'slow conns':>10}  {'endpoint':<16}" + "".join(f"{c:>9}" for c in columns) + "  failed"
    )
    for slow_count, samples in ((0, quiet), (args.slow, loaded)):
        for label, sample in samples.items():
            print(
                f"{slow_count:>10}  {label:<16}{len(sample.latencies_ms):>9}"
                f"{len(sample.latencies_ms) / args.duration:>9.1f}"
                f"{percentile(sample.latencies_ms, 50):>9.1f}"
                f"{percentile(sample.latencies_ms, 99):>9.1f}{sample.failures:>8}"
            )


def percentile(values: list[float], pct: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


if __name__ == "__main__":
    sys.exit(main())
