"""QMS_AUDIT_KEY: required in production, signs the chain heads, and migration core/0004 signs
the heads that existed before it; hash format 2 leaves the e-mail address out."""

from __future__ import annotations

import importlib
from types import SimpleNamespace
from typing import cast

import pytest
from django.apps import apps as global_apps
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from qms.accounts.models import User
from qms.accounts.tests.factories import UserFactory
from qms.core.audit import AuditChain, AuditEvent, record_event, verify_chains
from qms.core.audit_keys import head_mac
from qms.core.db.triggers import drop_audit_triggers
from qms.core.selectors import subject_history
from qms.core.testing.cli import run_qms
from qms.organizations import events as org_events
from qms.organizations.tests.factories import SiteFactory

GOOD_SECRET_KEY = "k" * 50


def record(site, actor=None, **kwargs):
    with transaction.atomic():
        return record_event(actor=actor, event_type=org_events.SITE_UPDATED, subject=site, **kwargs)


# --- Start-up ---------------------------------------------------------------------------------


def test_production_without_an_audit_key_refuses_to_start_naming_it(tmp_path):
    # when
    result = run_qms("check", tmp_path, QMS_DEBUG="false", QMS_SECRET_KEY=GOOD_SECRET_KEY)
    # then
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "QMS_AUDIT_KEY" in lines[0]
    assert "secrets.token_urlsafe" in lines[0]


def test_a_short_audit_key_refuses_to_start(tmp_path):
    # when
    result = run_qms(
        "check", tmp_path, QMS_DEBUG="false", QMS_SECRET_KEY=GOOD_SECRET_KEY, QMS_AUDIT_KEY="x"
    )
    # then
    assert result.returncode == 2
    assert "QMS_AUDIT_KEY must be at least 32 characters" in result.stderr


# --- Signing ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_head_signed_under_another_key_does_not_verify():
    # given a trail written under one key
    record(SiteFactory())
    # when the server is started with another key
    with override_settings(AUDIT_KEY="another-key-" + "x" * 40):
        _checked, breaks = verify_chains()
    # then
    assert breaks
    assert all("head signature does not match" in b.reason for b in breaks)


@pytest.mark.django_db
def test_migration_0004_signs_the_heads_that_existed_before_it():
    # given a head without a signature (as before the migration)
    event = record(SiteFactory())
    AuditChain.objects.filter(key=event.chain).update(mac="")
    migration = importlib.import_module("qms.core.migrations.0004_sign_chain_heads")
    editor = SimpleNamespace(connection=connection)  # what RunPython's function reads of it
    # when
    migration.sign(global_apps, editor)
    # then
    assert AuditChain.objects.get(key=event.chain).mac == head_mac(event.chain, 1, event.hash)
    # and the reverse clears it
    migration.unsign(global_apps, editor)
    assert AuditChain.objects.get(key=event.chain).mac == ""


# --- Hash formats -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_format_2_hashes_the_actor_id_but_not_the_email_address():
    # given
    actor = UserFactory(email="quality@acme.test")
    event = record(SiteFactory(), actor=actor)
    # when
    payload = event._payload()
    # then
    assert event.format == 2
    assert payload["actor"] == actor.pk
    assert payload["format"] == 2
    assert "actor_label" not in payload
    assert "quality@acme.test" not in str(payload)


@pytest.mark.django_db
def test_an_event_of_format_1_keeps_verifying_with_the_email_address_in_its_hash():
    # given a first-release event (format 1 hashed the actor's e-mail address)
    actor = UserFactory(email="quality@acme.test")
    site = SiteFactory()
    old = AuditEvent(
        organization_id=site.organization_id,
        chain=f"org:{site.organization_id}",
        sequence=1,
        created_at=timezone.now(),
        actor=actor,
        actor_label="quality@acme.test",
        event_type="site.updated",
        prev_hash="0" * 64,
        format=1,
    )
    old.hash = old.compute_hash()
    old.save(force_insert=True)
    AuditChain.objects.create(
        key=old.chain, last_sequence=1, last_hash=old.hash, mac=head_mac(old.chain, 1, old.hash)
    )
    # when a new event follows it
    record(site)
    # then
    assert "actor_label" in old._payload()
    assert verify_chains()[1] == []


# --- Display ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_history_shows_the_actor_as_they_are_now_without_a_query_per_event(
    django_assert_max_num_queries,
):
    # given events by two people, one of whom later changed their address
    site = SiteFactory()
    renamed = cast(User, UserFactory(email="old@acme.test"))
    other = UserFactory(email="b@acme.test")
    for actor in (renamed, other, renamed, other):
        record(site, actor=actor)
    renamed.email = "new@acme.test"
    renamed.save(update_fields=["email"])
    # when
    with django_assert_max_num_queries(1):
        shown = [event.actor_display for event in subject_history(subject=site)]
    # then
    assert shown == ["b@acme.test", "new@acme.test", "b@acme.test", "new@acme.test"]


def test_an_attacker_must_drop_the_triggers_first(db):
    # given
    from django.db import IntegrityError

    event = record(SiteFactory())
    # when / then: refused while the triggers stand, allowed once dropped
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    drop_audit_triggers(connection)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert not AuditEvent.objects.filter(pk=event.pk).exists()
