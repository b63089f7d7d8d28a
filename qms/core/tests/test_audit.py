"""The audit trail: append-only, hash-chained events per organization (core/audit.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction

from qms.accounts.tests.factories import InvitationFactory, UserFactory
from qms.core.audit import (
    GENESIS_HASH,
    GLOBAL_CHAIN,
    AppendOnlyError,
    AuditChain,
    AuditEvent,
    EventType,
    _hash_payload,
    chain_key,
    describe_event_type,
    diff,
    event_types,
    record_event,
    register_event_type,
    snapshot,
    verify_chains,
)
from qms.core.context import request_context
from qms.organizations import events as org_events
from qms.organizations.tests.factories import OrganizationFactory, ProcessFactory, SiteFactory


def record(subject=None, *, actor=None, event_type=org_events.SITE_UPDATED, **kwargs):
    with transaction.atomic():
        return record_event(actor=actor, event_type=event_type, subject=subject, **kwargs)


# --- Appending --------------------------------------------------------------------------


@pytest.mark.django_db
def test_events_of_one_organization_are_numbered_and_linked_in_order():
    # given
    site = SiteFactory()
    # when
    first, second, third = (record(site, after={"name": f"v{n}"}) for n in range(3))
    # then
    assert [first.sequence, second.sequence, third.sequence] == [1, 2, 3]
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert {first.chain, second.chain, third.chain} == {f"org:{site.organization_id}"}
    head = AuditChain.objects.get(key=f"org:{site.organization_id}")
    assert (head.last_sequence, head.last_hash) == (3, third.hash)


@pytest.mark.django_db
def test_a_stored_event_recomputes_to_its_hash():
    # given
    site = SiteFactory(name="Sheffield works")
    event = record(site, before={"name": "Old"}, after={"name": "Sheffield works"})
    # when
    stored = AuditEvent.objects.get(pk=event.pk)
    # then
    assert len(stored.hash) == 64
    assert stored.compute_hash() == stored.hash == event.hash


@pytest.mark.django_db
def test_two_organizations_have_separate_chains():
    # given
    acme, northwind = SiteFactory(), SiteFactory()
    # when
    a1 = record(acme)
    n1 = record(northwind)
    a2 = record(acme)
    # then
    assert (a1.chain, a1.sequence) == (f"org:{acme.organization_id}", 1)
    assert (n1.chain, n1.sequence) == (f"org:{northwind.organization_id}", 1)
    assert (a2.sequence, a2.prev_hash) == (2, a1.hash)
    assert n1.prev_hash == GENESIS_HASH
    assert n1.organization_id == northwind.organization_id


@pytest.mark.django_db
def test_an_event_without_an_organization_goes_to_the_global_chain():
    # given a user: users belong to no single organization
    user = UserFactory()
    # when
    first = record(user, actor=user, event_type=_user_event())
    second = record(None, actor=user, event_type=_user_event())
    # then
    assert first.organization_id is None
    assert (first.chain, first.sequence) == (GLOBAL_CHAIN, 1)
    assert (second.chain, second.sequence, second.prev_hash) == (GLOBAL_CHAIN, 2, first.hash)
    assert chain_key(None) == GLOBAL_CHAIN
    assert chain_key(7) == "org:7"


def _user_event():
    from qms.accounts import events

    return events.USER_PROFILE_CHANGED


@pytest.mark.django_db
def test_an_explicit_organization_overrides_the_subjects():
    # given a subject without an organization (a user) acting for one organization
    organization = OrganizationFactory()
    user = UserFactory()
    # when
    event = record(user, actor=user, event_type=_user_event(), organization_id=organization.pk)
    # then
    assert event.organization_id == organization.pk
    assert event.chain == f"org:{organization.pk}"


@pytest.mark.django_db
def test_an_event_records_actor_subject_and_values():
    # given
    actor = UserFactory(email="quality@acme.test")
    site = SiteFactory(name="Calibration lab")
    # when
    event = record(
        site, actor=actor, before={"name": "Lab"}, after={"name": "Calibration lab"}, data={"n": 1}
    )
    # then
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.actor_id == actor.pk
    assert event.actor_label == "quality@acme.test"
    assert event.event_type == "site.updated"
    assert event.subject_type == "organizations.site"
    assert event.subject_id == str(site.pk)
    assert event.subject_label == "Calibration lab"
    assert (event.before, event.after, event.data) == (
        {"name": "Lab"},
        {"name": "Calibration lab"},
        {"n": 1},
    )
    assert event.changed_fields == [("name", "Lab", "Calibration lab")]
    assert event.description == "Site changed"
    assert str(event) == f"site.updated #1 (org:{site.organization_id})"
    assert event.get_absolute_url() == f"/audit/{event.pk}/"
    assert list(AuditEvent.objects.for_subject(site)) == [event]


@pytest.mark.django_db
def test_an_anonymous_actor_is_recorded_as_nobody():
    # given
    from django.contrib.auth.models import AnonymousUser

    site = SiteFactory()
    # when
    event = record(site, actor=AnonymousUser())
    # then
    assert event.actor_id is None
    assert event.actor_label == ""


@pytest.mark.django_db
def test_values_are_stored_as_they_read_back_from_json():
    # given
    site = SiteFactory()
    when = dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    # when
    event = record(site, after={"due": dt.date(2030, 1, 2), "at": when})
    # then
    assert event.after == {"due": "2030-01-02", "at": "2030-01-02T03:04:05Z"}
    assert AuditEvent.objects.get(pk=event.pk).compute_hash() == event.hash


@pytest.mark.django_db(transaction=True)
def test_recording_an_event_outside_a_transaction_is_refused():
    # given
    site = SiteFactory()
    assert not connection.in_atomic_block
    # when / then
    with pytest.raises(RuntimeError, match=r"inside the service's transaction"):
        record_event(actor=None, event_type=org_events.SITE_UPDATED, subject=site)
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_an_unregistered_event_type_is_refused():
    # given an event type nobody registered, and an impostor of a registered name
    site = SiteFactory()
    unregistered = EventType("site.teleported", "Site teleported")
    impostor = EventType("site.updated", "Not the registered object")
    # when / then
    for event_type in (unregistered, impostor):
        with pytest.raises(ValueError, match="is not registered"):
            record(site, event_type=event_type)
    assert AuditEvent.objects.count() == 0


def test_event_types_need_a_dotted_lower_case_name():
    # when / then
    for bad in ("SiteCreated", "site", "site.Created", "site..created", ".site", "site.created."):
        with pytest.raises(ValueError, match="dotted lower-case name"):
            register_event_type(bad, "bad")
        assert bad not in event_types()


def test_an_event_type_cannot_be_registered_twice():
    # given
    registered = event_types()["site.created"]
    # when / then
    with pytest.raises(ValueError, match="registered twice"):
        register_event_type("site.created", "again")
    assert event_types()["site.created"] is registered


def test_an_event_type_is_described_by_its_registration():
    # then
    assert describe_event_type("site.created") == "Site created"
    assert describe_event_type("no.such_event") == "no.such_event"
    assert str(org_events.SITE_CREATED) == "site.created"


# --- Append-only ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_stored_event_cannot_be_saved_again():
    # given
    event = record(SiteFactory(), after={"name": "x"})
    # when / then
    event.after = {"name": "forged"}
    with pytest.raises(AppendOnlyError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).after == {"name": "x"}


@pytest.mark.django_db
def test_a_stored_event_cannot_be_deleted():
    # given
    event = record(SiteFactory())
    # when / then
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_events_cannot_be_updated_or_deleted_in_bulk():
    # given
    event = record(SiteFactory())
    # when / then
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(event_type="site.created")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(ip="10.0.0.1")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).event_type == "site.updated"


# --- Request context --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_request_id_and_ip_of_the_request_land_on_the_event():
    # given
    site = SiteFactory()
    # when
    with request_context("req-0123456789", "203.0.113.7"):
        event = record(site)
    # then
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.request_id, stored.ip) == ("req-0123456789", "203.0.113.7")


@pytest.mark.django_db
def test_an_ipv6_address_is_stored_compressed_and_garbage_is_dropped():
    # given
    site = SiteFactory()
    # when
    with request_context("req-ipv6-address", "2001:0db8:0000:0000:0000:0000:0000:0001"):
        v6 = record(site)
    with request_context("req-bad-address", "not-an-ip"):
        bad = record(site)
    with request_context("req-no-address", None):
        none = record(site)
    # then
    assert v6.ip == "2001:db8::1"
    assert bad.ip == ""
    assert none.ip == ""


@pytest.mark.django_db
def test_an_event_outside_any_request_gets_a_local_request_id():
    # given
    import contextvars

    site = SiteFactory()
    # when: run in a fresh context, as a management command does
    event = contextvars.Context().run(record, site)
    # then
    assert event.request_id.startswith("local-")
    assert event.ip == ""


# --- Snapshots and diffs ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_snapshot_leaves_out_ids_timestamps_and_excluded_fields():
    # given an invitation, whose token hash is excluded from the audit trail
    expires = dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    invitation = InvitationFactory(email="new@acme.test", role="viewer", expires_at=expires)
    # when
    values = snapshot(invitation)
    # then
    assert "token_hash" not in values
    assert not {"id", "created_at", "updated_at"} & set(values)
    assert values == {
        "organization": invitation.organization_id,
        "email": "new@acme.test",
        "role": "viewer",
        "invited_by": invitation.invited_by_id,
        "expires_at": "2030-01-02T03:04:05Z",
        "accepted_at": None,
        "accepted_by": None,
    }


@pytest.mark.django_db
def test_a_snapshot_can_be_limited_to_some_fields_with_foreign_keys_as_ids():
    # given
    process = ProcessFactory(site=SiteFactory(), owner=UserFactory())
    # when
    values = snapshot(process, ["name", "site", "owner"])
    # then
    assert values == {"name": process.name, "site": process.site_id, "owner": process.owner_id}


def test_a_diff_keeps_only_the_changed_fields():
    # given
    before = {"name": "Lab", "country": "GB", "employees": 9}
    after = {"name": "Laboratory", "country": "GB", "employees": 10}
    # when
    changed_before, changed_after = diff(before, after)
    # then
    assert changed_before == {"name": "Lab", "employees": 9}
    assert changed_after == {"name": "Laboratory", "employees": 10}
    assert diff(after, after) == ({}, {})


def test_a_diff_treats_a_new_field_as_changed_from_nothing():
    # when / then
    assert diff({}, {"code": "P-01"}) == ({"code": None}, {"code": "P-01"})


def test_the_hash_is_independent_of_key_order():
    # then
    assert _hash_payload({"a": 1, "b": [1, 2]}) == _hash_payload({"b": [1, 2], "a": 1})
    assert _hash_payload({"a": 1}) != _hash_payload({"a": 2})


# --- Verifying (more in test_audit_verify.py) -------------------------------------------


@pytest.mark.django_db
def test_verification_passes_on_an_empty_trail():
    # when
    checked, breaks = verify_chains()
    # then
    assert (checked, breaks) == (0, [])


@pytest.mark.django_db
def test_verification_passes_on_untouched_chains():
    # given two organizations and the global chain
    acme, northwind = SiteFactory(), SiteFactory()
    for _ in range(3):
        record(acme, after={"name": "acme"})
    record(northwind)
    record(UserFactory(), event_type=_user_event())
    # when
    checked, breaks = verify_chains()
    # then: five events plus the global chain's note of each organization chain's opening
    assert checked == 7
    assert breaks == []
