"""The test-time audit guard catches a tenant write without an audit event (issue 12: "a module
cannot forget"). These tests run a nested guard by hand, so they opt out of the outer one."""

from __future__ import annotations

from typing import cast

import pytest
from django.db import transaction

from qms.core.audit import record_event
from qms.core.testing.audit_guard import allow_unaudited_writes, audit_guard
from qms.organizations import events as org_events
from qms.organizations.models import Site
from qms.organizations.tests.factories import OrganizationFactory, SiteFactory

pytestmark = [pytest.mark.unaudited, pytest.mark.django_db]


def test_a_service_that_forgets_its_event_is_caught():
    # given
    organization = OrganizationFactory()
    # when a "service" writes a tenant row in its transaction and records nothing
    with audit_guard() as guard, transaction.atomic():
        Site.objects.create(organization=organization, name="Forgotten")
    # then
    assert len(guard.violations) == 1
    assert "organizations.site" in guard.violations[0]
    assert "created without an audit event" in guard.violations[0]


def test_a_write_with_its_event_in_the_same_transaction_passes():
    # given
    organization = OrganizationFactory()
    # when
    with audit_guard() as guard, transaction.atomic():
        site = Site.objects.create(organization=organization, name="Recorded")
        record_event(actor=None, event_type=org_events.SITE_CREATED, subject=site)
    # then
    assert guard.violations == []


def test_changes_and_deletes_are_watched_too():
    # given
    site = cast(Site, SiteFactory())
    # when
    with audit_guard() as guard:
        with transaction.atomic():
            site.name = "Renamed"
            site.save()
        with transaction.atomic():
            site.delete()
    # then
    assert [line.split(" ", 2)[2] for line in guard.violations] == [
        "changed without an audit event",
        "deleted without an audit event",
    ]


def test_a_rolled_back_write_needs_no_event():
    # given
    organization = OrganizationFactory()
    # when
    with audit_guard() as guard:
        try:
            with transaction.atomic():
                Site.objects.create(organization=organization, name="Rolled back")
                raise RuntimeError("the service fails")
        except RuntimeError:
            pass
    # then
    assert guard.violations == []


def test_factories_and_allowed_blocks_are_exempt():
    # when
    with audit_guard() as guard:
        SiteFactory()
        with allow_unaudited_writes(), transaction.atomic():
            Site.objects.create(organization=OrganizationFactory(), name="Set-up")
    # then
    assert guard.violations == []


def test_bulk_updates_and_creates_are_watched_too():
    # given
    site = SiteFactory()
    # when
    with audit_guard() as guard:
        with transaction.atomic():
            Site.objects.filter(pk=site.pk).update(name="Bulk")
        with transaction.atomic():
            Site.objects.bulk_create([Site(organization=site.organization, name="Bulk 2")])
    # then
    assert guard.violations == [
        "organizations.site rows changed in bulk (update()) without an audit event",
        "organizations.site rows created in bulk (bulk_create()) without an audit event",
    ]
