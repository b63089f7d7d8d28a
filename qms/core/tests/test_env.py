"""The strict QMS_* readers of qms/env.py: a value that does not parse names its variable."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from qms.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_secret,
    env_str,
    parse_database_url,
)

# --- env_bool ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("true", True),
        ("TRUE", True),
        ("True", True),
        (" true ", True),
        ("false", False),
        ("FALSE", False),
        ("False", False),
    ],
)
def test_a_boolean_accepts_true_and_false_in_any_case(monkeypatch, raw, expected):
    # given
    monkeypatch.setenv("QMS_TEST_FLAG", raw)
    # when
    value = env_bool("QMS_TEST_FLAG", not expected)
    # then
    assert value is expected


@pytest.mark.parametrize("raw", ["1", "0", "yes", "no", "on", "off", "t", "maybe", "truthy"])
def test_a_boolean_refuses_anything_but_true_or_false_and_names_the_variable(monkeypatch, raw):
    # given
    monkeypatch.setenv("QMS_TEST_FLAG", raw)
    # when / then
    with pytest.raises(ImproperlyConfigured) as error:
        env_bool("QMS_TEST_FLAG", False)
    assert "QMS_TEST_FLAG" in str(error.value)
    assert repr(raw) in str(error.value)


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_an_unset_or_blank_boolean_takes_its_default(monkeypatch, raw):
    # given
    if raw is None:
        monkeypatch.delenv("QMS_TEST_FLAG", raising=False)
    else:
        monkeypatch.setenv("QMS_TEST_FLAG", raw)
    # when / then
    assert env_bool("QMS_TEST_FLAG", True) is True
    assert env_bool("QMS_TEST_FLAG", False) is False


# --- env_int ----------------------------------------------------------------------------


def test_a_whole_number_is_read_with_blanks_trimmed(monkeypatch):
    # given
    monkeypatch.setenv("QMS_TEST_NUMBER", " 42 ")
    # when / then
    assert env_int("QMS_TEST_NUMBER", 1, minimum=1) == 42


def test_an_unset_whole_number_takes_its_default(monkeypatch):
    # given
    monkeypatch.delenv("QMS_TEST_NUMBER", raising=False)
    # when / then
    assert env_int("QMS_TEST_NUMBER", 7) == 7


@pytest.mark.parametrize("raw", ["abc", "1.5", "12k", "0x10"])
def test_a_whole_number_that_does_not_parse_names_the_variable(monkeypatch, raw):
    # given
    monkeypatch.setenv("QMS_TEST_NUMBER", raw)
    # when / then
    with pytest.raises(ImproperlyConfigured, match=r"QMS_TEST_NUMBER must be a whole number"):
        env_int("QMS_TEST_NUMBER", 1)


def test_a_whole_number_below_its_minimum_is_refused(monkeypatch):
    # given
    monkeypatch.setenv("QMS_TEST_NUMBER", "0")
    # when / then
    with pytest.raises(ImproperlyConfigured, match=r"QMS_TEST_NUMBER must be at least 1, not 0"):
        env_int("QMS_TEST_NUMBER", 5, minimum=1)


def test_a_whole_number_at_its_minimum_is_accepted(monkeypatch):
    # given
    monkeypatch.setenv("QMS_TEST_NUMBER", "1")
    # when / then
    assert env_int("QMS_TEST_NUMBER", 5, minimum=1) == 1


# --- env_str, env_list, env_choice ------------------------------------------------------


def test_a_string_is_trimmed_and_defaults_when_unset(monkeypatch):
    # given
    monkeypatch.setenv("QMS_TEST_TEXT", "  hello ")
    monkeypatch.delenv("QMS_TEST_OTHER", raising=False)
    # when / then
    assert env_str("QMS_TEST_TEXT") == "hello"
    assert env_str("QMS_TEST_OTHER", "fallback") == "fallback"


def test_a_list_splits_on_commas_and_drops_blank_items(monkeypatch):
    # given
    monkeypatch.setenv("QMS_TEST_LIST", " a.example , ,b.example,")
    # when / then
    assert env_list("QMS_TEST_LIST") == ["a.example", "b.example"]


def test_an_unset_list_is_a_copy_of_its_default(monkeypatch):
    # given
    monkeypatch.delenv("QMS_TEST_LIST", raising=False)
    default = ["localhost"]
    # when
    value = env_list("QMS_TEST_LIST", default)
    # then
    assert value == ["localhost"]
    assert value is not default
    assert env_list("QMS_TEST_LIST") == []


def test_an_empty_list_variable_means_no_items(monkeypatch):
    # given
    monkeypatch.setenv("QMS_TEST_LIST", "")
    # when / then
    assert env_list("QMS_TEST_LIST", ["localhost"]) == []


def test_a_choice_is_case_insensitive(monkeypatch):
    # given
    monkeypatch.setenv("QMS_TEST_CHOICE", "SMTP")
    # when / then
    assert env_choice("QMS_TEST_CHOICE", "console", ("console", "smtp")) == "smtp"


def test_a_choice_outside_the_allowed_values_names_them(monkeypatch):
    # given
    monkeypatch.setenv("QMS_TEST_CHOICE", "carrier-pigeon")
    # when / then
    with pytest.raises(ImproperlyConfigured) as error:
        env_choice("QMS_TEST_CHOICE", "console", ("console", "smtp"))
    assert "QMS_TEST_CHOICE must be one of console, smtp" in str(error.value)


# --- env_secret -------------------------------------------------------------------------


def test_a_secret_is_read_from_its_variable(monkeypatch):
    # given
    monkeypatch.setenv("QMS_TEST_SECRET", " s3cret ")
    monkeypatch.delenv("QMS_TEST_SECRET_FILE", raising=False)
    # when / then
    assert env_secret("QMS_TEST_SECRET") == "s3cret"


def test_a_secret_is_read_from_the_file_its_file_variable_names(monkeypatch, tmp_path):
    # given a Docker/systemd style secret file with a trailing newline
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-a-file\n", encoding="utf-8")
    monkeypatch.delenv("QMS_TEST_SECRET", raising=False)
    monkeypatch.setenv("QMS_TEST_SECRET_FILE", str(secret_file))
    # when / then
    assert env_secret("QMS_TEST_SECRET") == "from-a-file"


def test_a_secret_set_both_directly_and_by_file_is_refused(monkeypatch, tmp_path):
    # given
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-a-file", encoding="utf-8")
    monkeypatch.setenv("QMS_TEST_SECRET", "direct")
    monkeypatch.setenv("QMS_TEST_SECRET_FILE", str(secret_file))
    # when / then
    with pytest.raises(ImproperlyConfigured) as error:
        env_secret("QMS_TEST_SECRET")
    assert str(error.value) == "Set either QMS_TEST_SECRET or QMS_TEST_SECRET_FILE, not both."


def test_an_unreadable_secret_file_is_named_with_the_reason(monkeypatch, tmp_path):
    # given
    missing = tmp_path / "no-such-secret"
    monkeypatch.delenv("QMS_TEST_SECRET", raising=False)
    monkeypatch.setenv("QMS_TEST_SECRET_FILE", str(missing))
    # when / then
    with pytest.raises(ImproperlyConfigured) as error:
        env_secret("QMS_TEST_SECRET")
    message = str(error.value)
    assert message.startswith("QMS_TEST_SECRET_FILE: cannot read ")
    assert str(missing) in message
    assert "No such file or directory" in message


def test_an_unset_secret_takes_its_default(monkeypatch):
    # given
    monkeypatch.delenv("QMS_TEST_SECRET", raising=False)
    monkeypatch.delenv("QMS_TEST_SECRET_FILE", raising=False)
    # when / then
    assert env_secret("QMS_TEST_SECRET") == ""
    assert env_secret("QMS_TEST_SECRET", "dflt") == "dflt"


# --- parse_database_url -----------------------------------------------------------------


def test_a_postgresql_url_gives_every_connection_part():
    # given a password with characters that must be %-escaped in a URL
    url = "postgresql://qms%40app:p%40ss%2Fw%3Ard@db.example.net:6543/qms_prod?sslmode=require&connect_timeout=5"
    # when
    db = parse_database_url("QMS_DATABASE_URL", url)
    # then
    assert db.engine == "django.db.backends.postgresql"
    assert db.user == "qms@app"
    assert db.password == "p@ss/w:rd"
    assert db.host == "db.example.net"
    assert db.port == "6543"
    assert db.name == "qms_prod"
    assert db.options == {"sslmode": "require", "connect_timeout": "5"}


def test_a_postgres_url_without_credentials_or_port_leaves_them_empty():
    # when
    db = parse_database_url("QMS_DATABASE_URL", "postgres://127.0.0.1/qms")
    # then
    assert db.engine == "django.db.backends.postgresql"
    assert (db.user, db.password, db.host, db.port, db.name) == ("", "", "127.0.0.1", "", "qms")
    assert db.options == {}


def test_a_repeated_query_option_keeps_its_last_value():
    # when
    db = parse_database_url(
        "QMS_DATABASE_URL", "postgresql://h/qms?sslmode=disable&sslmode=require"
    )
    # then
    assert db.options == {"sslmode": "require"}


def test_a_sqlite_url_with_four_slashes_names_an_absolute_file():
    # when
    db = parse_database_url("QMS_DATABASE_URL", "sqlite:////srv/qms/qms.sqlite3")
    # then
    assert db.engine == "django.db.backends.sqlite3"
    assert db.name == "/srv/qms/qms.sqlite3"
    assert (db.user, db.password, db.host, db.port, db.options) == ("", "", "", "", {})


def test_a_sqlite_url_with_three_slashes_names_a_relative_file():
    # when
    db = parse_database_url("QMS_DATABASE_URL", "sqlite:///var/qms.sqlite3")
    # then
    assert db.name == "var/qms.sqlite3"


@pytest.mark.parametrize("url", ["mysql://x", "mysql://u:p@h/db", "oracle://h/db", "qms.sqlite3"])
def test_a_database_url_of_an_unsupported_kind_names_the_variable(url):
    # when / then
    with pytest.raises(ImproperlyConfigured) as error:
        parse_database_url("QMS_DATABASE_URL", url)
    assert str(error.value).startswith(
        "QMS_DATABASE_URL must start with postgresql:// or sqlite:///"
    )


@pytest.mark.parametrize("url", ["postgresql://db.example.net", "postgresql://db.example.net/"])
def test_a_postgresql_url_without_a_database_name_is_refused(url):
    # when / then
    with pytest.raises(ImproperlyConfigured, match="QMS_DATABASE_URL must name a database"):
        parse_database_url("QMS_DATABASE_URL", url)


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///", "sqlite:////"])
def test_a_sqlite_url_without_a_file_is_refused(url):
    # when / then
    with pytest.raises(ImproperlyConfigured, match="QMS_DATABASE_URL must name a file"):
        parse_database_url("QMS_DATABASE_URL", url)


@pytest.mark.parametrize("port", ["abc", "99999", "-1"])
def test_a_postgresql_url_with_a_bad_port_is_refused(port):
    # when / then
    with pytest.raises(ImproperlyConfigured, match="QMS_DATABASE_URL has an invalid port"):
        parse_database_url("QMS_DATABASE_URL", f"postgresql://db.example.net:{port}/qms")
