"""The database refuses to change or delete audit events (triggers of migration core/0003),
whatever path the write takes; only a pseudonymising change of `actor_label` is allowed."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from qms.accounts.tests.factories import UserFactory
from qms.core.audit import AuditEvent, pseudonymise_actor, record_event, verify_chains
from qms.organizations import events as org_events
from qms.organizations.tests.factories import SiteFactory


def record(site, **kwargs):
    with transaction.atomic():
        return record_event(actor=None, event_type=org_events.SITE_UPDATED, subject=site, **kwargs)


def raw_sql(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def event(db):
    return record(SiteFactory(), after={"name": "x"})


def test_the_base_manager_cannot_delete_an_event(event):
    # when / then
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEvent._base_manager.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_raw_queryset_delete_is_refused(event):
    # when / then
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEvent._base_manager.filter(pk=event.pk)._raw_delete(connection.alias)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_raw_sql_delete_is_refused(event):
    # when / then
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw_sql("DELETE FROM core_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_raw_sql_update_of_the_content_is_refused(event):
    # given
    after = connection.ops.quote_name("after")
    # when / then
    for sql, params in [
        (f"UPDATE core_auditevent SET {after} = %s WHERE id = %s", ['{"name": "forged"}']),  # noqa: S608
        ("UPDATE core_auditevent SET ip = %s WHERE id = %s", ["10.0.0.1"]),
        ("UPDATE core_auditevent SET actor_label = %s, ip = %s WHERE id = %s", ["x", "10.0.0.1"]),
    ]:
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            raw_sql(sql, [*params, event.pk])
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.after, stored.ip, stored.actor_label) == ({"name": "x"}, "", "")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_truncating_the_events_table_is_refused():
    # given a committed event (TRUNCATE refuses to run beside pending constraint checks)
    event = record(SiteFactory())
    # when / then
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw_sql("TRUNCATE core_auditevent CASCADE")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_a_person_can_be_pseudonymised_without_breaking_the_chain():
    # given events by a person, hashed in format 2 (the actor's id, not the e-mail address)
    person = UserFactory(email="leaver@acme.test")
    site = SiteFactory()
    with transaction.atomic():
        first = record_event(actor=person, event_type=org_events.SITE_UPDATED, subject=site)
    # when
    changed = pseudonymise_actor(user_id=person.pk, label="former employee #1")
    # then
    assert changed == 1
    stored = AuditEvent.objects.get(pk=first.pk)
    assert stored.actor_label == "former employee #1"
    assert stored.format == 2
    assert verify_chains()[1] == []
