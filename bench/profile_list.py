"""Profile one list request in-process: where its time goes, by stage.

Not a test. Run from the repository root:

    .venv/bin/python bench/profile_list.py               # SQLite, 5,000 extra sites
    QMS_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/qms_bench_profile \\
        .venv/bin/python bench/profile_list.py --rows 5000

The test client keeps the database connection open between requests, so the cost of
opening a connection per request (SQLite without CONN_MAX_AGE) does not show here; see
`bench/lists.py` for that. It builds a throwaway installation (like `bench/lists.py`), then
calls the API list and the HTML list many times through Django's test client under
cProfile (py-spy and pyinstrument are not part of the environment; cProfile is). It
prints the milliseconds per request spent in each stage (cumulative time of the functions
that mark it) and the top functions, so a change to the list machinery can be judged by
where the time went, not by guessing.
cProfile's own overhead inflates every figure by roughly 1.5-2x; compare stages, not totals
with `bench/lists.py`.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

API_PATH = "/api/v1/organizations/sites/"
HTML_PATH = "/organization/sites/"
USER = "quality@acme.example"

# Stage label -> (path fragment of the file, function name). The first match wins for a
# function; a stage's figure is the cumulative time of its functions per request.
STAGES: list[tuple[str, str, str]] = [
    ("whole request (test client)", "django/test/client.py", "request"),
    ("middleware + handler", "django/core/handlers/base.py", "get_response"),
    ("token + membership (authenticate)", "rest_framework/request.py", "_authenticate"),
    (
        "session user + memberships (middleware)",
        "qms/accounts/middleware.py",
        "resolve_session_tenant",
    ),
    ("session load", "django/contrib/sessions/backends/base.py", "_get_session"),
    ("DRF initial (auth, perms, throttles)", "rest_framework/views.py", "initial"),
    ("filter_queryset (FilterSet, ordering)", "rest_framework/generics.py", "filter_queryset"),
    ("paginate_queryset (count + page query)", "rest_framework/pagination.py", "paginate_queryset"),
    ("paginate_queryset (qms)", "qms/core/api/pagination.py", "paginate_queryset"),
    ("serializer .data", "rest_framework/serializers.py", "data"),
    ("fast list rows (qms lists)", "qms/core/api/lists.py", "rows"),
    ("render JSON", "rest_framework/response.py", "rendered_content"),
    ("SQL execute (all queries)", "django/db/backends/utils.py", "_execute"),
    ("connect to the database", "django/db/backends/base/base.py", "connect"),
    ("COUNT (paginator.count)", "django/core/paginator.py", "count"),
    ("Table rows (HTML)", "qms/core/tables.py", "__init__"),
    ("list view get (HTML)", "qms/core/views/listing.py", "get"),
    ("template render (HTML)", "django/template/base.py", "render"),
    ("FilterSet.qs", "django_filters/filterset.py", "qs"),
]

SEED = """
from django.db import transaction
from qms.organizations.models import Organization, Site
org = Organization.objects.get(slug="acme")
with transaction.atomic():
    Site.objects.bulk_create(
        [Site(organization=org, name=f"Site {n:06d}") for n in range(1, ROWS + 1)],
        batch_size=1000,
    )
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=25, help="top functions to list")
    parser.add_argument("--only", choices=["api", "html"], help="profile one endpoint only")
    parser.add_argument("--callees", help="also print what this function name calls")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="profile-", dir=_bench_dir()))
    _configure(data_dir)
    try:
        return _run(args)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _bench_dir() -> Path:
    path = ROOT / "var" / "bench"
    path.mkdir(parents=True, exist_ok=True)
    return path


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
            "QMS_ALLOWED_HOSTS": "testserver",
            "DJANGO_SETTINGS_MODULE": "qms.settings",
        }
    )


def _run(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from qms.accounts.models import User
    from qms.accounts.services import token_create
    from qms.organizations.models import Organization

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", interactive=False, verbosity=0)  # the page's {% static %}
    call_command("demo", "--force", stdout=io.StringIO())
    exec(SEED.replace("ROWS", str(args.rows)), {})  # noqa: S102 - our own snippet
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    user = User.objects.get(email=USER)
    organization = Organization.objects.get(slug="acme")
    _token, secret = token_create(actor=user, user=user, organization=organization, name="prof")

    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    html = Client()
    html.force_login(user)
    endpoints = {"api": (api, API_PATH), "html": (html, HTML_PATH)}
    print(
        f"database: {connection.vendor}; rows: {args.rows:,} extra sites; {args.requests} requests"
    )
    for name, (client, path) in endpoints.items():
        if args.only and name != args.only:
            continue
        response = client.get(path)
        if response.status_code != 200:
            print(f"{path} answered {response.status_code}: {response.content[:300]!r}")
            return 1
        for _ in range(20):  # warm caches (templates, URL resolver, serializer plans)
            client.get(path)
        started = time.perf_counter()
        for _ in range(args.requests):
            client.get(path)
        plain_ms = (time.perf_counter() - started) * 1000 / args.requests
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.requests):
            client.get(path)
        profiler.disable()
        _report(name, path, profiler, args.requests, plain_ms, args.top)
        if args.callees:
            pstats.Stats(profiler).sort_stats("cumulative").print_callees(args.callees)
    return 0


def _report(
    name: str, path: str, profiler: cProfile.Profile, requests: int, plain_ms: float, top: int
) -> None:
    stats = pstats.Stats(profiler)
    table: Any = stats.stats  # type: ignore[attr-defined]
    print()
    print(f"== {name.upper()} GET {path}: {plain_ms:.2f} ms per request without the profiler")
    print(f"{'stage (cumulative, profiled)':<44} {'ms/request':>10} {'calls/req':>10}")
    for label, fragment, function in STAGES:
        total = 0.0
        calls = 0
        for (filename, _line, func), (_cc, nc, _tt, ct, _callers) in table.items():
            if func == function and filename.replace(os.sep, "/").endswith(fragment):
                total += ct
                calls += nc
        if calls:
            print(f"{label:<44} {total * 1000 / requests:>10.3f} {calls / requests:>10.1f}")
    print()
    print(f"top {top} functions by own time (ms/request):")
    rows = sorted(table.items(), key=lambda item: item[1][2], reverse=True)[:top]
    for (filename, line, func), (_cc, nc, tt, _ct, _callers) in rows:
        short = filename.split("site-packages/")[-1].replace(str(ROOT) + "/", "")
        print(f"  {tt * 1000 / requests:7.3f}  {nc / requests:6.1f}x  {short}:{line}({func})")


if __name__ == "__main__":
    sys.exit(main())
