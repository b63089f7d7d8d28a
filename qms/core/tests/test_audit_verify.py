"""`qms audit-verify`: prints OK and exits 0, or names the first broken event and exits 1.

This is an acceptance point of the foundation issue: a raw-SQL edit of one event is named.
"""

from __future__ import annotations

import io
import sqlite3

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from qms.__main__ import main
from qms.core.audit import record_event
from qms.core.testing.cli import run_qms
from qms.organizations import events as org_events
from qms.organizations.tests.factories import SiteFactory

AFTER = connection.ops.quote_name("after")


def record_three(site):
    events = []
    for n in range(1, 4):
        with transaction.atomic():
            events.append(
                record_event(
                    actor=None,
                    event_type=org_events.SITE_UPDATED,
                    subject=site,
                    after={"name": f"v{n}"},
                )
            )
    return events


def edit_after_with_raw_sql(event_id):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE core_auditevent SET {AFTER} = %s WHERE id = %s",  # noqa: S608
            ['{"name": "forged"}', event_id],
        )


# --- In process -------------------------------------------------------------------------


@pytest.mark.django_db
def test_audit_verify_prints_exactly_ok_on_an_untouched_trail():
    # given
    record_three(SiteFactory())
    stdout, stderr = io.StringIO(), io.StringIO()
    # when
    call_command("audit_verify", stdout=stdout, stderr=stderr)
    # then
    assert stdout.getvalue() == "OK\n"
    assert stderr.getvalue() == ""


@pytest.mark.django_db
def test_audit_verify_prints_ok_on_an_empty_trail():
    # when
    stdout = io.StringIO()
    call_command("audit_verify", stdout=stdout)
    # then
    assert stdout.getvalue() == "OK\n"


@pytest.mark.django_db
def test_audit_verify_tells_how_many_events_it_checked_when_verbose():
    # given
    record_three(SiteFactory())
    stdout, stderr = io.StringIO(), io.StringIO()
    # when
    call_command("audit_verify", verbosity=2, stdout=stdout, stderr=stderr)
    # then
    assert stdout.getvalue() == "OK\n"
    assert stderr.getvalue() == "3 events verified.\n"


@pytest.mark.django_db
def test_audit_verify_names_the_event_edited_with_raw_sql_and_exits_1():
    # given
    _first, edited, _last = record_three(SiteFactory())
    edit_after_with_raw_sql(edited.pk)
    stdout = io.StringIO()
    # when
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify", stdout=stdout)
    # then
    assert exit_info.value.code == 1
    assert stdout.getvalue().splitlines() == [
        f"BROKEN: event {edited.pk} (chain {edited.chain}, sequence 2): "
        "content does not match its hash (edited)"
    ]


@pytest.mark.django_db
def test_audit_verify_names_one_broken_event_per_broken_chain():
    # given two organizations, each with one edited event
    a = record_three(SiteFactory())
    b = record_three(SiteFactory())
    edit_after_with_raw_sql(a[0].pk)
    edit_after_with_raw_sql(b[2].pk)
    stdout = io.StringIO()
    # when
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify", stdout=stdout)
    # then
    assert exit_info.value.code == 1
    lines = stdout.getvalue().splitlines()
    assert len(lines) == 2
    assert any(f"event {a[0].pk} " in line for line in lines)
    assert any(f"event {b[2].pk} " in line for line in lines)


# The console entry point closes database connections when a command ends, as in
# production; a transactional test lets it.
@pytest.mark.django_db(transaction=True)
def test_the_qms_entry_point_accepts_the_dashed_name_and_exits_0_when_intact(capsys):
    # given
    record_three(SiteFactory())
    # when
    main(["qms", "audit-verify"])
    # then
    assert capsys.readouterr().out == "OK\n"


@pytest.mark.django_db(transaction=True)
def test_the_qms_entry_point_exits_1_after_a_raw_sql_edit(capsys):
    # given
    _first, edited, _last = record_three(SiteFactory())
    edit_after_with_raw_sql(edited.pk)
    # when
    with pytest.raises(SystemExit) as exit_info:
        main(["qms", "audit-verify"])
    # then
    assert exit_info.value.code == 1
    assert f"BROKEN: event {edited.pk} " in capsys.readouterr().out


# --- The real console script against a real database file ----------------------------------

MAKE_EVENTS = """
from qms.accounts.services import user_create
from qms.organizations.services import organization_create, site_create
user = user_create(actor=None, email="owner@acme.test", password=None)
acme = organization_create(actor=user, name="Acme Gauges Ltd", slug="acme")
for name in ("Sheffield works", "Calibration laboratory"):
    site_create(actor=user, organization=acme, name=name)
"""


def test_the_qms_command_reports_a_raw_sql_edit_of_one_event_and_exits_1(tmp_path):
    # given a migrated database holding a few real events
    setup = (("migrate", "--no-input", "-v", "0"), ("shell", "--no-imports", "-c", MAKE_EVENTS))
    for args in setup:
        result = run_qms(tmp_path, *args)
        assert result.returncode == 0, result.stderr
    intact = run_qms(tmp_path, "audit-verify")
    assert (intact.returncode, intact.stdout) == (0, "OK\n")
    # when someone edits one event straight in the database file
    with sqlite3.connect(tmp_path / "qms.sqlite3") as db:
        event_id, chain = db.execute(
            "SELECT id, chain FROM core_auditevent WHERE event_type = 'site.created' "
            "ORDER BY sequence LIMIT 1"
        ).fetchone()
        db.execute(
            'UPDATE core_auditevent SET "after" = \'{"name": "Somewhere else"}\' WHERE id = ?',
            (event_id,),
        )
    db.close()
    result = run_qms(tmp_path, "audit-verify")
    # then
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"BROKEN: event {event_id} (chain {chain}, sequence 2): "
        "content does not match its hash (edited)"
    ]
