"""`qms audit-verify` and `qms audit-anchor`: every tampering named in issue 12, on the database
the suite runs on (CI runs it on SQLite and PostgreSQL). Each attack is done as someone with
database access would: drop the append-only triggers, then raw SQL."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from qms.core.audit import AuditChain, AuditEvent, record_event, verify_chains
from qms.core.audit_keys import head_mac
from qms.core.db.triggers import drop_audit_triggers
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


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def attacker(db):
    """Someone with database access: the triggers go first (rolled back with the test)."""
    drop_audit_triggers(connection)


def rewrite_from(event, *, key=None):
    """Edit `event` and recompute every later hash up to a new head; re-sign the head only
    with `key` (a stolen QMS_AUDIT_KEY)."""
    prev_hash = event.prev_hash
    for stored in AuditEvent.objects.filter(
        chain=event.chain, sequence__gte=event.sequence
    ).order_by("sequence"):
        if stored.pk == event.pk:
            stored.after = {"name": "forged"}
        stored.prev_hash = prev_hash
        stored.hash = stored.compute_hash()
        sql(
            f"UPDATE core_auditevent SET {AFTER} = %s, prev_hash = %s, hash = %s WHERE id = %s",  # noqa: S608
            [json.dumps(stored.after), stored.prev_hash, stored.hash, stored.pk],
        )
        prev_hash = stored.hash
    head = AuditChain.objects.get(key=event.chain)
    mac = head_mac(head.key, head.last_sequence, prev_hash) if key else head.mac
    sql(
        "UPDATE core_auditchain SET last_hash = %s, mac = %s WHERE id = %s",
        [prev_hash, mac, head.pk],
    )


def roll_back_head_to(event, *, sign=False):
    mac = head_mac(event.chain, event.sequence, event.hash) if sign else "0" * 64
    sql(
        "UPDATE core_auditchain SET last_sequence = %s, last_hash = %s, mac = %s WHERE key = %s",
        [event.sequence, event.hash, mac, event.chain],
    )


def run_verify(*args):
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command("audit_verify", *args, stdout=stdout, stderr=stderr)
        code = 0
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    return code, stdout.getvalue().splitlines(), stderr.getvalue()


# --- Intact ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_audit_verify_counts_events_and_chains_on_an_untouched_trail():
    # given three events of one organization (the global chain notes its chain's opening)
    record_three(SiteFactory())
    # when
    code, lines, _ = run_verify()
    # then
    assert (code, lines) == (0, ["OK: 4 events in 2 chains"])


@pytest.mark.django_db
def test_audit_verify_prints_ok_on_an_empty_trail():
    # when / then
    assert run_verify() == (0, ["OK: 0 events in 0 chains"], "")


@pytest.mark.django_db
def test_every_head_is_signed_with_the_audit_key():
    # given
    *_, last = record_three(SiteFactory())
    # then
    head = AuditChain.objects.get(key=last.chain)
    assert head.mac == head_mac(last.chain, 3, last.hash)


# --- The tamperings -------------------------------------------------------------------------


def test_an_edited_event_is_named(attacker):
    # given
    _first, edited, _last = record_three(SiteFactory())
    # when
    sql(f"UPDATE core_auditevent SET {AFTER} = %s WHERE id = %s", ['{"name": "x"}', edited.pk])  # noqa: S608
    code, lines, _ = run_verify()
    # then
    assert code == 1
    assert lines == [
        f"BROKEN: chain {edited.chain}: event {edited.pk} (sequence 2): "
        "content does not match its hash (edited)"
    ]


def test_a_deleted_middle_event_is_named_at_the_gap(attacker):
    # given
    _first, middle, last = record_three(SiteFactory())
    # when
    sql("DELETE FROM core_auditevent WHERE id = %s", [middle.pk])
    code, lines, _ = run_verify()
    # then
    assert code == 1
    assert lines == [
        f"BROKEN: chain {last.chain}: event {last.pk} (sequence 3): "
        "expected sequence 2 (an event is missing)"
    ]


def test_a_deleted_last_event_is_named_at_the_head(attacker):
    # given
    *_, last = record_three(SiteFactory())
    # when
    sql("DELETE FROM core_auditevent WHERE id = %s", [last.pk])
    code, lines, _ = run_verify()
    # then
    assert code == 1
    assert lines == [
        f"BROKEN: chain {last.chain}: chain head (sequence 3): head expects 3 events, "
        "found 2 (events from here on were deleted)"
    ]


def test_a_truncated_tail_with_the_head_rolled_back_fails_the_head_signature(attacker):
    # given
    _first, middle, last = record_three(SiteFactory())
    # when the last event goes and the head is set back to the middle one
    sql("DELETE FROM core_auditevent WHERE id = %s", [last.pk])
    roll_back_head_to(middle)
    code, lines, _ = run_verify()
    # then
    assert code == 1
    assert lines == [
        f"BROKEN: chain {last.chain}: chain head (sequence 2): head signature does not "
        "match (rolled back or rewritten without QMS_AUDIT_KEY)"
    ]


def test_a_whole_deleted_organization_chain_is_named(attacker):
    # given two organizations
    gone = record_three(SiteFactory())
    record_three(SiteFactory())
    # when one organization's events and head are deleted
    sql("DELETE FROM core_auditevent WHERE chain = %s", [gone[0].chain])
    sql("DELETE FROM core_auditchain WHERE key = %s", [gone[0].chain])
    code, lines, _ = run_verify()
    # then
    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith(f"BROKEN: chain {gone[0].chain}: chain head (sequence 1): opened")
    assert "the chain was deleted" in lines[0]


def test_an_edit_with_every_later_hash_recomputed_fails_the_head_signature(attacker):
    # given
    _first, edited, _last = record_three(SiteFactory())
    # when the attacker recomputes the chain but cannot sign the new head
    rewrite_from(edited)
    _checked, breaks = verify_chains()
    # then
    assert [(b.chain, b.event_id, b.sequence) for b in breaks] == [(edited.chain, None, 3)]
    assert "head signature does not match" in breaks[0].reason


# --- Anchors ----------------------------------------------------------------------------------


def anchor_file(tmp_path):
    stdout = io.StringIO()
    call_command("audit_anchor", stdout=stdout)
    path = tmp_path / "anchor.json"
    path.write_text(stdout.getvalue(), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_an_anchor_lists_every_chain_and_verifies_against_an_untouched_trail(tmp_path):
    # given
    *_, last = record_three(SiteFactory())
    # when
    path = anchor_file(tmp_path)
    code, lines, _ = run_verify("--anchor", str(path))
    # then
    anchor = json.loads(path.read_text())
    assert anchor["chains"][last.chain] == {"sequence": 3, "hash": last.hash, "events": 3}
    assert {"time", "public_key", "signature"} <= set(anchor)
    assert (code, lines) == (0, ["OK: 4 events in 2 chains"])


def test_an_anchor_catches_a_rewrite_signed_with_a_stolen_key(attacker, tmp_path):
    # given an anchor taken before the rewrite
    _first, edited, _last = record_three(SiteFactory())
    path = anchor_file(tmp_path)
    # when the attacker holds the key: hashes recomputed, head re-signed
    rewrite_from(edited, key=True)
    assert verify_chains()[1] == []
    code, lines, _ = run_verify("--anchor", str(path))
    # then
    assert code == 1
    assert lines == [f"BROKEN: chain {edited.chain}: anchored event 3: has a different hash now"]


def test_an_anchor_catches_a_head_replayed_from_an_older_backup(attacker, tmp_path):
    # given an anchor of three events
    _first, middle, last = record_three(SiteFactory())
    path = anchor_file(tmp_path)
    # when the last event disappears and the (validly signed) older head comes back
    sql("DELETE FROM core_auditevent WHERE id = %s", [last.pk])
    roll_back_head_to(middle, sign=True)
    assert verify_chains()[1] == []
    code, lines, _ = run_verify("--anchor", str(path))
    # then
    assert code == 1
    assert lines == [f"BROKEN: chain {last.chain}: anchored event 3: is missing"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not a JSON checkpoint"),
        ('{"format": "other"}', "not a checkpoint of format"),
    ],
)
def test_a_bad_anchor_file_gives_one_line_and_exit_2(tmp_path, content, message):
    # given
    path = tmp_path / "anchor.json"
    path.write_text(content, encoding="utf-8")
    # when
    code, lines, stderr = run_verify("--anchor", str(path))
    # then
    assert (code, lines) == (2, [])
    assert message in stderr
    assert stderr.count("\n") == 1


@pytest.mark.django_db
def test_an_anchor_whose_content_was_edited_fails_its_signature(tmp_path):
    # given
    record_three(SiteFactory())
    path = anchor_file(tmp_path)
    anchor = json.loads(path.read_text())
    next(iter(anchor["chains"].values()))["events"] = 99
    path.write_text(json.dumps(anchor), encoding="utf-8")
    # when
    code, _, stderr = run_verify("--anchor", str(path))
    # then
    assert code == 2
    assert "signature does not match" in stderr


@pytest.mark.django_db
def test_a_missing_anchor_file_gives_exit_2(tmp_path):
    # when
    code, _, stderr = run_verify("--anchor", str(tmp_path / "nope.json"))
    # then
    assert code == 2
    assert "cannot read" in stderr


def legacy_chain(site):
    """A first-release chain (format 1: no chain_opened note on the global chain)."""
    chain = f"org:{site.organization_id}"
    legacy = AuditEvent(
        organization_id=site.organization_id,
        chain=chain,
        sequence=1,
        created_at=site.organization.created_at,
        event_type="organization.created",
        prev_hash="0" * 64,
        format=1,
    )
    legacy.hash = legacy.compute_hash()
    legacy.save(force_insert=True)
    AuditChain.objects.create(
        key=chain, last_sequence=1, last_hash=legacy.hash, mac=head_mac(chain, 1, legacy.hash)
    )
    return chain


def test_an_organization_from_before_chain_openings_must_still_have_its_chain(attacker):
    # given two first-release organizations, then a newer one written in format 2
    gone_site = SiteFactory()
    gone, _kept = legacy_chain(gone_site), legacy_chain(SiteFactory())
    record_three(SiteFactory())
    assert verify_chains()[1] == []
    # when one legacy organization's chain is deleted, events and head
    sql("DELETE FROM core_auditevent WHERE chain = %s", [gone])
    sql("DELETE FROM core_auditchain WHERE key = %s", [gone])
    _checked, breaks = verify_chains()
    # then
    assert [(b.chain, b.reason) for b in breaks] == [
        (gone, f"organization {gone_site.organization_id} has no audit chain (deleted)")
    ]
