"""The core write helpers: a row lock before every change, the version check, and audit
events whose "before" comes from the stored row rather than from the caller's copy.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from qms.accounts import events as account_events
from qms.accounts.models import User
from qms.core.audit import AuditEvent
from qms.core.errors import StaleVersion
from qms.core.services import lock_for_change, model_create, model_delete, model_update
from qms.organizations import events as org_events
from qms.organizations import services as org_services
from qms.organizations.models import Process, Site
from qms.organizations.specs import SITE
from qms.organizations.tests.factories import OrganizationFactory, ProcessFactory, SiteFactory

# --- lock_for_change --------------------------------------------------------------------


@pytest.mark.django_db
def test_lock_for_change_returns_the_stored_row_not_the_callers_copy():
    # given a copy read before someone else renamed the site
    site = SiteFactory(name="A")
    stale_copy = Site.objects.get(pk=site.pk)
    org_services.site_update(actor=None, instance=site, data={"name": "B"})
    # when
    with transaction.atomic():
        locked = lock_for_change(stale_copy, version=None)
    # then
    assert locked.name == "B"
    assert stale_copy.name == "A"


@pytest.mark.django_db
def test_lock_for_change_accepts_the_current_version():
    # given
    site = Site.objects.get(pk=SiteFactory(name="A").pk)
    # when
    with transaction.atomic():
        locked = lock_for_change(site, version=site.version)
    # then
    assert locked.pk == site.pk


@pytest.mark.django_db
def test_lock_for_change_refuses_an_old_version_and_names_what_changed():
    # given an editor holding version 1 while someone else saved version 2
    site = SiteFactory(name="A", employees=5)
    editor_copy = Site.objects.get(pk=site.pk)
    org_services.site_update(actor=None, instance=site, data={"name": "B"})
    # when
    with transaction.atomic(), pytest.raises(StaleVersion) as refused:
        lock_for_change(editor_copy, version=1)
    # then
    assert (refused.value.expected, refused.value.current) == (1, 2)
    assert refused.value.changes == {"name": "B"}
    assert refused.value.code == "stale"


def test_lock_for_change_outside_a_transaction_is_a_programming_error(transactional_db):
    # given
    site = Site.objects.get(pk=SiteFactory().pk)
    # when / then
    with pytest.raises(RuntimeError):
        lock_for_change(site, version=None)


# --- model_create -----------------------------------------------------------------------


def _events(event_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type).order_by("sequence"))


@pytest.mark.django_db
def test_model_create_saves_the_record_in_its_organization_and_records_its_snapshot():
    # given
    organization = OrganizationFactory()
    # when
    with transaction.atomic():
        site = model_create(
            actor=None,
            model=Site,
            organization=organization,
            data={"name": "Forge", "employees": 7},
            fields=SITE.fields,
            event_type=org_events.SITE_CREATED,
        )
    # then
    stored = Site.objects.get(pk=site.pk)
    assert (stored.organization_id, stored.name, stored.version) == (organization.pk, "Forge", 1)
    (event,) = _events("site.created")
    assert event.organization_id == organization.pk
    assert event.after["name"] == "Forge"
    assert event.after["employees"] == 7


@pytest.mark.django_db
def test_model_create_refuses_fields_outside_the_allow_list_and_names_them():
    # given
    organization = OrganizationFactory()
    # when
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        model_create(
            actor=None,
            model=Site,
            organization=organization,
            data={"name": "Forge", "version": 9, "organization": organization},
            fields=SITE.fields,
            event_type=org_events.SITE_CREATED,
        )
    # then
    assert set(refused.value.message_dict) == {"version", "organization"}
    assert not Site.objects.exists()
    assert not _events("site.created")


@pytest.mark.django_db
def test_model_create_refuses_a_related_record_of_another_organization():
    # given a site of another organization
    ours, theirs = OrganizationFactory(), OrganizationFactory()
    their_site = SiteFactory(organization=theirs)
    # when
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        model_create(
            actor=None,
            model=Process,
            organization=ours,
            data={"name": "Welding", "site": their_site},
            fields=("name", "site"),
            event_type=org_events.PROCESS_CREATED,
        )
    # then
    assert "site" in refused.value.message_dict
    assert not Process.objects.exists()


@pytest.mark.django_db
def test_model_create_sets_many_to_many_values_after_saving_and_records_them():
    # given
    auditors, reviewers = Group.objects.create(name="b"), Group.objects.create(name="a")
    # when
    with transaction.atomic():
        user = model_create(
            actor=None,
            model=User,
            organization=None,
            data={
                "email": "m2m@example.test",
                "password": "!unusable",
                "groups": [auditors, reviewers],
            },
            fields=("email", "password", "groups"),
            event_type=account_events.USER_CREATED,
            audited=("email", "groups"),
        )
    # then
    assert set(user.groups.all()) == {auditors, reviewers}
    (event,) = _events("user.created")
    assert sorted(event.after["groups"]) == sorted([auditors.pk, reviewers.pk])


# --- model_update -----------------------------------------------------------------------


def _update_site(instance: Site, data: dict, version: int | None = None) -> tuple[Site, bool]:
    with transaction.atomic():
        return model_update(
            actor=None,
            instance=instance,
            data=data,
            fields=SITE.fields,
            event_type=org_events.SITE_UPDATED,
            version=version,
        )


@pytest.mark.django_db
def test_model_update_reads_before_from_the_stored_row_not_from_a_stale_copy():
    # given two editors who read the site while it was named A; the first saves B
    site = SiteFactory(name="A")
    first, second = Site.objects.get(pk=site.pk), Site.objects.get(pk=site.pk)
    _update_site(first, {"name": "B"})
    # when the second saves C without naming a version
    _update_site(second, {"name": "C"})
    # then the trail reads A→B, then B→C (not A→C)
    changes = [(e.before, e.after) for e in _events("site.updated")]
    assert changes == [({"name": "A"}, {"name": "B"}), ({"name": "B"}, {"name": "C"})]


@pytest.mark.django_db
def test_model_update_bumps_the_version_once_per_change():
    # given
    site = SiteFactory(name="A")
    # when
    updated, changed = _update_site(site, {"name": "B"}, version=1)
    # then
    assert changed is True
    assert updated.version == 2
    assert Site.objects.get(pk=site.pk).version == 2


@pytest.mark.django_db
def test_model_update_without_a_change_keeps_the_version_and_records_nothing():
    # given
    site = Site.objects.get(pk=SiteFactory(name="A", employees=3).pk)
    # when
    _updated, changed = _update_site(site, {"name": "A", "employees": 3}, version=1)
    # then
    assert changed is False
    assert Site.objects.get(pk=site.pk).version == 1
    assert not _events("site.updated")


@pytest.mark.django_db
def test_model_update_refuses_an_old_version_and_writes_nothing():
    # given someone saved version 2 after our editor loaded version 1
    site = SiteFactory(name="A")
    editor_copy = Site.objects.get(pk=site.pk)
    _update_site(site, {"name": "B"})
    # when
    with pytest.raises(StaleVersion) as refused:
        _update_site(editor_copy, {"name": "C"}, version=1)
    # then
    assert refused.value.changes == {"name": "B"}
    stored = Site.objects.get(pk=site.pk)
    assert (stored.name, stored.version) == ("B", 2)
    assert len(_events("site.updated")) == 1


@pytest.mark.django_db
def test_model_update_records_a_many_to_many_change_before_and_after():
    # given a user in one group
    first, second = Group.objects.create(name="first"), Group.objects.create(name="second")
    user = User.objects.create_user(email="groups@example.test", password=None)
    user.groups.set([first])
    # when the groups change
    with transaction.atomic():
        _user, changed = model_update(
            actor=None,
            instance=user,
            data={"groups": [first, second]},
            fields=("groups",),
            event_type=account_events.USER_PROFILE_CHANGED,
        )
    # then
    assert changed is True
    assert set(user.groups.all()) == {first, second}
    (event,) = _events("user.profile_changed")
    assert event.before == {"groups": [first.pk]}
    assert sorted(event.after["groups"]) == sorted([first.pk, second.pk])


@pytest.mark.django_db
def test_model_update_with_the_same_many_to_many_values_records_nothing():
    # given
    group = Group.objects.create(name="only")
    user = User.objects.create_user(email="same@example.test", password=None)
    user.groups.set([group])
    # when
    with transaction.atomic():
        _user, changed = model_update(
            actor=None,
            instance=user,
            data={"groups": [group]},
            fields=("groups",),
            event_type=account_events.USER_PROFILE_CHANGED,
        )
    # then
    assert changed is False
    assert not _events("user.profile_changed")


# --- model_delete -----------------------------------------------------------------------


@pytest.mark.django_db
def test_model_delete_records_the_stored_values_not_the_callers_copy():
    # given a copy read before someone renamed the site
    site = SiteFactory(name="A")
    stale_copy = Site.objects.get(pk=site.pk)
    _update_site(site, {"name": "B"})
    # when
    with transaction.atomic():
        model_delete(actor=None, instance=stale_copy, event_type=org_events.SITE_DELETED)
    # then
    assert not Site.objects.filter(pk=site.pk).exists()
    (event,) = _events("site.deleted")
    assert event.before["name"] == "B"


@pytest.mark.django_db
def test_model_delete_of_an_old_version_is_refused_and_the_record_stays():
    # given
    site = SiteFactory(name="A")
    _update_site(site, {"name": "B"})
    # when
    with pytest.raises(StaleVersion), transaction.atomic():
        model_delete(actor=None, instance=site, event_type=org_events.SITE_DELETED, version=1)
    # then
    assert Site.objects.filter(pk=site.pk).exists()
    assert not _events("site.deleted")


@pytest.mark.django_db
def test_model_delete_of_a_referenced_record_leaves_record_and_trail_untouched():
    # given a site a process points at
    site = SiteFactory()
    ProcessFactory(organization=site.organization, site=site)
    # when
    with pytest.raises(ProtectedError):
        org_services.site_delete(actor=None, instance=site)
    # then
    assert Site.objects.filter(pk=site.pk).exists()
    assert not _events("site.deleted")
