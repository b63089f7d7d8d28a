"""Events are queued by record_event() and appended just before COMMIT (qms/core/db/audit_hook.py):
chain heads are locked in one order, the time is taken after the lock, and a rolled-back
savepoint takes its events with it."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from qms.core.audit import AuditChain, AuditEvent, chain_order, record_event, verify_chains
from qms.organizations import events as org_events
from qms.organizations.models import Site
from qms.organizations.tests.factories import SiteFactory


def record(site, **kwargs):
    return record_event(actor=None, event_type=org_events.SITE_UPDATED, subject=site, **kwargs)


@pytest.mark.django_db
def test_an_event_is_appended_only_when_the_transaction_ends():
    # given
    site = SiteFactory()
    # when
    with transaction.atomic():
        event = record(site)
        queued = AuditEvent.objects.filter(chain=f"org:{site.organization_id}").count()
    # then
    assert queued == 0
    assert event.pk is not None
    assert AuditEvent.objects.get(pk=event.pk).sequence == 1


@pytest.mark.django_db
def test_a_rolled_back_savepoint_drops_its_events_and_keeps_the_others():
    # given
    site = SiteFactory()
    # when
    with transaction.atomic():
        kept = record(site, after={"name": "kept"})
        try:
            with transaction.atomic():
                record(site, after={"name": "dropped"})
                raise RuntimeError("the inner step fails")
        except RuntimeError:
            pass
    # then
    stored = AuditEvent.objects.filter(chain=kept.chain).order_by("sequence")
    assert [event.after for event in stored] == [{"name": "kept"}]
    assert verify_chains()[1] == []


@pytest.mark.django_db
def test_events_of_one_transaction_get_rising_times_and_sequences():
    # given
    site = SiteFactory()
    # when
    with transaction.atomic():
        events = [record(site, after={"n": n}) for n in range(3)]
    # then
    assert [event.sequence for event in events] == [1, 2, 3]
    assert events[0].created_at <= events[1].created_at <= events[2].created_at


def test_chains_are_locked_global_first_then_organizations_by_number():
    # when
    keys = sorted(["org:10", "org:9", "global", "org:2"], key=chain_order)
    # then
    assert keys == ["global", "org:2", "org:9", "org:10"]


# --- Real concurrency (PostgreSQL: SQLite serialises writers at BEGIN IMMEDIATE) --------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and deadlocks are PostgreSQL's"
)


def _run_in_threads(*bodies):
    """Run each body in its own thread and connection; the bodies meet at a barrier so their
    transactions overlap. Returns the exceptions raised."""
    barrier = threading.Barrier(len(bodies), timeout=60)
    errors: list[BaseException] = []

    def runner(body):
        try:
            body(barrier)
        except BaseException as error:  # reported to the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_transactions_appending_to_two_chains_in_opposite_order_both_commit():
    # given two organizations, each with an opened chain
    a, b = SiteFactory(), SiteFactory()
    with transaction.atomic():
        record(a)
        record(b)

    def a_then_b(barrier):
        with transaction.atomic():
            record(a)
            barrier.wait()
            record(b)

    def b_then_a(barrier):
        with transaction.atomic():
            record(b)
            barrier.wait()
            record(a)

    # when
    errors = _run_in_threads(a_then_b, b_then_a)
    # then
    assert errors == []
    assert AuditChain.objects.get(key=f"org:{a.organization_id}").last_sequence == 3
    assert AuditChain.objects.get(key=f"org:{b.organization_id}").last_sequence == 3
    assert verify_chains()[1] == []


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_event_then_a_row_lock_does_not_deadlock_with_the_row_lock_holder():
    # given one site, whose row both transactions lock, and its opened chain
    site = SiteFactory()
    with transaction.atomic():
        record(site)

    def event_then_row_lock(barrier):
        with transaction.atomic():
            record(site, after={"by": "first"})
            barrier.wait()
            Site.objects.select_for_update().get(pk=site.pk)

    def row_lock_then_event(barrier):
        with transaction.atomic():
            Site.objects.select_for_update().get(pk=site.pk)
            barrier.wait()
            record(site, after={"by": "second"})

    # when
    errors = _run_in_threads(event_then_row_lock, row_lock_then_event)
    # then
    assert errors == []
    assert AuditEvent.objects.filter(chain=f"org:{site.organization_id}").count() == 3
    assert verify_chains()[1] == []


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_savepoint_leaves_no_event_on_postgresql():
    # given
    site = SiteFactory()
    # when
    with transaction.atomic():
        record(site, after={"name": "kept"})
        sid = transaction.savepoint()
        record(site, after={"name": "dropped"})
        transaction.savepoint_rollback(sid)
    # then
    assert [e.after for e in AuditEvent.objects.filter(organization_id=site.organization_id)] == [
        {"name": "kept"}
    ]


def test_the_configured_database_backend_is_ours_with_the_pre_commit_hook():
    # then: settings map Django's engines to qms/core/db/<engine> (QMS_DATABASE_URL or SQLite)
    assert type(connections["default"]).__module__ in {
        "qms.core.db.sqlite3.base",
        "qms.core.db.postgresql.base",
    }
    assert hasattr(connection, "queue_audit_event")
