"""Start-up from QMS_* variables: a bad value stops `qms` with one clear line; SQLite runs WAL.

The start-up tests run the real `qms` console script in a subprocess with a controlled
environment, because settings are read once per process.
"""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.db import connection

from qms.core.testing.cli import run_qms as run_qms_in

GOOD_SECRET_KEY = "k" * 50
GOOD_AUDIT_KEY = "a" * 50


def run_qms(*args, data_dir, **variables):
    """Run `qms <args>` with no QMS_* variable but the ones given."""
    variables.setdefault("QMS_DEBUG", "")
    return run_qms_in(data_dir, *args, **variables)


def assert_one_line_error(result, variable):
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("qms: configuration error: ")
    assert variable in lines[0]
    assert "Traceback" not in result.stderr


def test_a_boolean_that_is_not_true_or_false_stops_start_up_naming_it(tmp_path):
    # when
    result = run_qms("check", data_dir=tmp_path, QMS_DEBUG="maybe")
    # then
    assert_one_line_error(result, "QMS_DEBUG")
    assert "'maybe'" in result.stderr
    assert result.stdout == ""


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    # when
    result = run_qms("check", data_dir=tmp_path, QMS_DEBUG="false")
    # then
    assert_one_line_error(result, "QMS_SECRET_KEY")


def test_production_with_a_short_secret_key_refuses_to_start(tmp_path):
    # when
    result = run_qms("check", data_dir=tmp_path, QMS_DEBUG="false", QMS_SECRET_KEY="short")
    # then
    assert_one_line_error(result, "QMS_SECRET_KEY must be at least 32 characters")


def test_an_unsupported_database_url_stops_start_up_naming_it(tmp_path):
    # when
    result = run_qms("check", data_dir=tmp_path, QMS_DEBUG="true", QMS_DATABASE_URL="mysql://x")
    # then
    assert_one_line_error(result, "QMS_DATABASE_URL")
    assert "'mysql'" in result.stderr


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"QMS_PORT": "eighty"}, "QMS_PORT"),
        ({"QMS_PORT": "0"}, "QMS_PORT"),
        ({"QMS_TIME_ZONE": "Mars/Olympus_Mons"}, "QMS_TIME_ZONE"),
        ({"QMS_EMAIL_BACKEND": "pigeon"}, "QMS_EMAIL_BACKEND"),
        ({"QMS_EMAIL_STARTTLS": "true", "QMS_EMAIL_SSL": "true"}, "QMS_EMAIL_SSL"),
        ({"QMS_STORAGE": "s3"}, "QMS_S3_BUCKET"),
        ({"QMS_DATABASE_URL": "postgresql://db.example.net"}, "QMS_DATABASE_URL"),
        ({"QMS_SECRET_KEY_FILE": "/nonexistent/qms-secret"}, "QMS_SECRET_KEY_FILE"),
        ({"QMS_TRUSTED_PROXIES": "-1"}, "QMS_TRUSTED_PROXIES"),
        ({"QMS_TRUSTED_PROXIES": "yes"}, "QMS_TRUSTED_PROXIES"),
        ({"QMS_USE_X_FORWARDED_FOR": "true"}, "QMS_TRUSTED_PROXIES"),
        ({"QMS_PASSWORD_RESET_MAX_PER_HOUR": "-1"}, "QMS_PASSWORD_RESET_MAX_PER_HOUR"),
    ],
)
def test_other_bad_settings_stop_start_up_naming_the_variable(tmp_path, variables, named):
    # when
    result = run_qms("check", data_dir=tmp_path, QMS_DEBUG="true", **variables)
    # then
    assert_one_line_error(result, named)


def test_production_with_a_long_secret_key_passes_the_system_checks(tmp_path):
    # when
    result = run_qms(
        "check",
        data_dir=tmp_path,
        QMS_DEBUG="false",
        QMS_SECRET_KEY=GOOD_SECRET_KEY,
        QMS_AUDIT_KEY=GOOD_AUDIT_KEY,
    )
    # then
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_reads_the_secret_key_from_a_file(tmp_path):
    # given
    secret_file = tmp_path / "secret_key"
    secret_file.write_text(GOOD_SECRET_KEY + "\n", encoding="utf-8")
    # when
    result = run_qms(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(len(settings.SECRET_KEY), settings.DEBUG)",
        data_dir=tmp_path,
        QMS_DEBUG="false",
        QMS_SECRET_KEY_FILE=str(secret_file),
        QMS_AUDIT_KEY=GOOD_AUDIT_KEY,
    )
    # then
    assert result.returncode == 0, result.stderr
    assert result.stdout == "50 False\n"


_PRINT_SECURITY = (
    "from django.conf import settings as s; "
    "print(s.SECURE_HSTS_SECONDS, s.TRUSTED_PROXIES, s.PASSWORD_RESET_MAX_PER_HOUR)"
)


@pytest.mark.parametrize(
    ("variables", "printed"),
    [
        ({"QMS_DEBUG": "false"}, "31536000 0 3\n"),
        ({"QMS_DEBUG": "true"}, "0 0 3\n"),
        ({"QMS_DEBUG": "false", "QMS_HSTS_SECONDS": "0"}, "0 0 3\n"),
        ({"QMS_DEBUG": "false", "QMS_TRUSTED_PROXIES": "2"}, "31536000 2 3\n"),
    ],
)
def test_hsts_is_on_for_a_year_in_production_and_off_in_development(tmp_path, variables, printed):
    # when the security settings are read
    result = run_qms(
        "shell",
        "--no-imports",
        "-c",
        _PRINT_SECURITY,
        data_dir=tmp_path,
        QMS_SECRET_KEY=GOOD_SECRET_KEY,
        QMS_AUDIT_KEY=GOOD_AUDIT_KEY,
        **variables,
    )
    # then
    assert result.returncode == 0, result.stderr
    assert result.stdout == printed


def test_the_data_directory_holds_the_default_sqlite_database(tmp_path):
    # when
    result = run_qms(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['NAME'])",
        data_dir=tmp_path / "data",
        QMS_DEBUG="true",
    )
    # then
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "data" / "qms.sqlite3")
    assert (tmp_path / "data").is_dir()


# --- SQLite runs in WAL mode with a busy timeout ------------------------------------------

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite",  # the ENGINE is our own backend (qms.core.db.sqlite3)
    reason="SQLite pragmas; the suite runs on another database",
)


@sqlite_only
def test_sqlite_is_configured_for_wal_a_busy_timeout_and_immediate_transactions():
    # given
    options = django_settings.DATABASES["default"]["OPTIONS"]
    # then
    assert "PRAGMA journal_mode=WAL" in options["init_command"]
    assert "PRAGMA foreign_keys=ON" in options["init_command"]
    assert options["timeout"] >= 1
    assert options["transaction_mode"] == "IMMEDIATE"


@sqlite_only
@pytest.mark.django_db
def test_the_sqlite_connection_has_the_busy_timeout_and_foreign_keys_on():
    # when
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        busy_timeout_ms = cursor.fetchone()[0]
        cursor.execute("PRAGMA foreign_keys")
        foreign_keys = cursor.fetchone()[0]
        cursor.execute("PRAGMA journal_mode")
        journal_mode = cursor.fetchone()[0]
    # then
    assert busy_timeout_ms == django_settings.DATABASES["default"]["OPTIONS"]["timeout"] * 1000
    assert foreign_keys == 1
    # the test database lives in memory, which has no WAL; a file database does (next test)
    assert journal_mode == ("memory" if connection.is_in_memory_db() else "wal")


def test_a_file_database_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    # given a migrated database in the data directory
    migrated = run_qms("migrate", "--no-input", "-v", "0", data_dir=tmp_path, QMS_DEBUG="true")
    assert migrated.returncode == 0, migrated.stderr
    # when
    result = run_qms(
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]); "
        "c.execute('PRAGMA busy_timeout'); print(c.fetchone()[0])",
        data_dir=tmp_path,
        QMS_DEBUG="true",
        QMS_SQLITE_BUSY_TIMEOUT="7",
    )
    # then
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["wal", "7000"]
    assert (tmp_path / "qms.sqlite3").exists()
