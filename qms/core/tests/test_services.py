"""Shared write helpers (core/services.py) and the discipline every service follows:
one transaction, one audit event, nothing left behind on failure, e-mail only after commit.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from qms.accounts import services as account_services
from qms.accounts.models import Invitation, Membership, User
from qms.accounts.tests.factories import InvitationFactory
from qms.core.audit import AuditChain, AuditEvent, verify_chains
from qms.core.errors import StaleVersion
from qms.core.models import Sequence
from qms.core.permissions import Role
from qms.core.services import model_update, sequence_next
from qms.organizations import events as org_events
from qms.organizations import services as org_services
from qms.organizations.models import Process, Site
from qms.organizations.services import SITE_FIELDS
from qms.organizations.tests.factories import OrganizationFactory, ProcessFactory, SiteFactory


def chain_heads():
    return list(AuditChain.objects.order_by("key").values_list("key", "last_sequence", "last_hash"))


def update_site(site, data, actor=None):
    with transaction.atomic():
        return model_update(
            instance=site,
            data=data,
            fields=SITE_FIELDS,
            actor=actor,
            event_type=org_events.SITE_UPDATED,
        )


# --- model_update -----------------------------------------------------------------------


@pytest.mark.django_db
def test_model_update_saves_the_changed_fields_and_records_only_them(quality_manager):
    # given
    site = SiteFactory(name="Lab", country="GB", employees=9)
    # when
    site, changed = update_site(
        site, {"name": "Laboratory", "country": "GB", "employees": 9}, actor=quality_manager
    )
    # then
    assert changed is True
    assert Site.objects.get(pk=site.pk).name == "Laboratory"
    event = AuditEvent.objects.for_subject(site).get()
    assert event.event_type == "site.updated"
    assert event.actor == quality_manager
    assert (event.before, event.after) == ({"name": "Lab"}, {"name": "Laboratory"})


@pytest.mark.django_db
def test_model_update_records_details_beside_the_version(quality_manager):
    # given a change made for a stated reason
    site = Site.objects.get(pk=SiteFactory(name="Lab").pk)
    # when the service passes the reason as details
    with transaction.atomic():
        site, _changed = model_update(
            instance=site,
            data={"name": "Laboratory"},
            fields=SITE_FIELDS,
            actor=quality_manager,
            event_type=org_events.SITE_UPDATED,
            details={"reason": "Renamed on the floor plan"},
        )
    # then the one event carries it with the new version
    event = AuditEvent.objects.for_subject(site).get()
    assert event.data == {"version": site.version, "reason": "Renamed on the floor plan"}


@pytest.mark.django_db
def test_model_update_moves_the_update_time():
    # given
    site = SiteFactory(name="Lab")
    Site.objects.filter(pk=site.pk).update(updated_at="2020-01-01T00:00:00Z")
    site.refresh_from_db()
    old = site.updated_at
    # when
    update_site(site, {"employees": 12})
    # then
    site.refresh_from_db()
    assert site.updated_at > old
    assert site.employees == 12


@pytest.mark.django_db
def test_model_update_without_a_change_saves_nothing_and_records_nothing():
    # given
    site = SiteFactory(name="Lab", employees=9)
    site.refresh_from_db()
    updated_at = site.updated_at
    # when
    site, changed = update_site(site, {"name": "Lab", "employees": 9})
    # then
    assert changed is False
    assert AuditEvent.objects.count() == 0
    assert Site.objects.get(pk=site.pk).updated_at == updated_at


@pytest.mark.django_db
def test_model_update_refuses_fields_outside_the_allowed_ones():
    # given
    site = SiteFactory(name="Lab")
    elsewhere = OrganizationFactory()
    # when / then
    with pytest.raises(ValidationError) as error:
        update_site(site, {"name": "Renamed", "organization": elsewhere, "colour": "red"})
    assert set(error.value.message_dict) == {"organization", "colour"}
    stored = Site.objects.get(pk=site.pk)
    assert (stored.name, stored.organization_id) == ("Lab", site.organization_id)
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_model_update_lets_validation_errors_through_and_saves_nothing():
    # given
    site = SiteFactory(name="Lab", employees=9)
    # when / then
    with pytest.raises(ValidationError) as error:
        update_site(site, {"name": "", "employees": -1})
    assert {"name", "employees"} <= set(error.value.message_dict)
    stored = Site.objects.get(pk=site.pk)
    assert (stored.name, stored.employees) == ("Lab", 9)
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_model_update_refuses_a_name_taken_in_the_same_organization():
    # given
    taken = SiteFactory(name="Head office")
    site = SiteFactory(organization=taken.organization, name="Lab")
    # when / then
    with pytest.raises(ValidationError):
        update_site(site, {"name": "Head office"})
    assert Site.objects.get(pk=site.pk).name == "Lab"
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_model_update_records_foreign_keys_as_ids(organization, process_owner, quality_manager):
    # given
    process = ProcessFactory(organization=organization, owner=quality_manager)
    # when
    org_services.process_update(
        actor=quality_manager,
        instance=process,
        data={"owner": process_owner},
    )
    # then
    event = AuditEvent.objects.for_subject(process).get()
    assert event.before == {"owner": quality_manager.pk}
    assert event.after == {"owner": process_owner.pk}


# --- sequence_next ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_sequence_counts_one_two_three_per_organization_key_and_year():
    # given
    acme, northwind = OrganizationFactory(), OrganizationFactory()
    # when
    acme_nc = [sequence_next(organization_id=acme.pk, key="NC", year=2026) for _ in range(3)]
    acme_doc = sequence_next(organization_id=acme.pk, key="DOC", year=2026)
    northwind_nc = sequence_next(organization_id=northwind.pk, key="NC", year=2026)
    # then
    assert acme_nc == [1, 2, 3]
    assert acme_doc == 1
    assert northwind_nc == 1


@pytest.mark.django_db
def test_a_sequence_restarts_each_year():
    # given
    acme = OrganizationFactory()
    sequence_next(organization_id=acme.pk, key="NC", year=2026)
    sequence_next(organization_id=acme.pk, key="NC", year=2026)
    # when
    next_year = [sequence_next(organization_id=acme.pk, key="NC", year=2027) for _ in range(2)]
    # then
    assert next_year == [1, 2]
    assert sequence_next(organization_id=acme.pk, key="NC", year=2026) == 3
    assert str(Sequence.objects.get(organization=acme, key="NC", year=2026)) == "NC-2026: 3"


@pytest.mark.django_db
def test_a_sequence_defaults_to_the_current_year():
    # given
    from django.utils import timezone

    acme = OrganizationFactory()
    # when
    first = sequence_next(organization_id=acme.pk, key="NC")
    # then
    assert first == 1
    assert Sequence.objects.get(organization=acme, key="NC").year == timezone.localdate().year


# --- A service that fails halfway leaves no trace ----------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_process_with_an_owner_from_outside_is_refused_and_nothing_is_written(
    organization, quality_manager, outsider
):
    # given
    events_before, heads_before = AuditEvent.objects.count(), chain_heads()
    # when
    with pytest.raises(ValidationError) as error:
        org_services.process_create(
            actor=quality_manager,
            organization=organization,
            data={"name": "Welding", "owner": outsider},
        )
    # then
    assert "owner" in error.value.message_dict
    assert not Process.objects.exists()
    assert AuditEvent.objects.count() == events_before
    assert chain_heads() == heads_before


@pytest.mark.django_db(transaction=True)
def test_a_delete_that_fails_after_its_audit_event_leaves_no_event(organization, quality_manager):
    # given a site still used by a process: the service records its event, then the delete
    # hits the PROTECT foreign key
    site = SiteFactory(organization=organization, name="Sheffield works")
    ProcessFactory(organization=organization, site=site)
    events_before, heads_before = AuditEvent.objects.count(), chain_heads()
    # when
    with pytest.raises(ProtectedError):
        org_services.site_delete(actor=quality_manager, instance=site)
    # then
    assert Site.objects.filter(pk=site.pk).exists()
    assert AuditEvent.objects.count() == events_before
    assert not AuditEvent.objects.filter(event_type="site.deleted").exists()
    assert chain_heads() == heads_before
    assert verify_chains()[1] == []


@pytest.mark.django_db(transaction=True)
def test_an_invitation_accept_that_fails_after_creating_the_account_leaves_nothing(organization):
    # given an invitation whose role no longer exists (roles are renamed over time), so the
    # membership fails only after the new account, its event and the invitation were written
    invitation = InvitationFactory(organization=organization, email="new@acme.test", role="scribe")
    users_before = User.objects.count()
    events_before, heads_before = AuditEvent.objects.count(), chain_heads()
    # when
    with pytest.raises(ValidationError) as error:
        account_services.invitation_accept(
            invitation=invitation,
            user=None,
            full_name="New Person",
            password="a perfectly fine passphrase",
        )
    # then
    assert "role" in error.value.message_dict
    assert not User.objects.filter(email="new@acme.test").exists()
    assert User.objects.count() == users_before
    assert not Membership.objects.filter(organization=organization).exists()
    assert AuditEvent.objects.count() == events_before
    assert chain_heads() == heads_before
    invitation.refresh_from_db()
    assert invitation.is_pending
    assert invitation.accepted_by_id is None
    assert verify_chains()[1] == []


@pytest.mark.django_db(transaction=True)
def test_an_invitation_accept_that_succeeds_writes_account_membership_and_events(organization):
    # given
    invitation = InvitationFactory(organization=organization, email="new@acme.test", role="viewer")
    # when
    membership = account_services.invitation_accept(
        invitation=invitation, user=None, full_name="New Person", password="fine passphrase"
    )
    # then
    user = User.objects.get(email="new@acme.test")
    assert (membership.user, membership.role) == (user, Role.VIEWER)
    types = set(AuditEvent.objects.values_list("event_type", flat=True))
    assert {"user.created", "invitation.accepted", "membership.created"} <= types
    invitation.refresh_from_db()
    assert not invitation.is_pending
    assert verify_chains()[1] == []


# --- Side effects only after commit ------------------------------------------------------


class Rollback(Exception):
    pass


@pytest.mark.django_db
def test_an_invitation_rolled_back_by_the_caller_sends_no_mail(
    organization, owner, mailoutbox, django_capture_on_commit_callbacks
):
    # when the invitation is created inside a transaction that then fails
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                account_services.invitation_create(
                    actor=owner, organization=organization, email="new@acme.test", role="viewer"
                )
                raise Rollback
        except Rollback:
            pass
    # then
    assert callbacks == []
    assert mailoutbox == []
    assert not Invitation.objects.exists()
    assert not AuditEvent.objects.filter(event_type="invitation.sent").exists()


@pytest.mark.django_db
def test_an_invitation_mail_is_sent_only_once_the_transaction_commits(
    organization, owner, mailoutbox, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        invitation, secret = account_services.invitation_create(
            actor=owner, organization=organization, email="New@Acme.test", role="viewer"
        )
        # then nothing is sent before the commit
        assert mailoutbox == []
    # and one mail with the link is sent after it
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new@acme.test"]
    assert f"/accounts/invitations/accept/{secret}/" in mailoutbox[0].body
    assert invitation.email == "new@acme.test"
    assert AuditEvent.objects.filter(event_type="invitation.sent").count() == 1


@pytest.mark.django_db
def test_a_refused_invitation_sends_nothing(
    organization, owner, viewer, mailoutbox, django_capture_on_commit_callbacks
):
    # when inviting someone who is already a member
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ValidationError):
            account_services.invitation_create(
                actor=owner, organization=organization, email=viewer.email, role="viewer"
            )
    # then
    assert callbacks == []
    assert mailoutbox == []
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_a_service_records_exactly_one_event_in_its_transaction(organization, quality_manager):
    # when
    site = org_services.site_create(
        actor=quality_manager,
        organization=organization,
        data={"name": "Sheffield works", "country": "GB"},
    )
    # then (the organization's chain; the global one may note that a chain was opened)
    event = AuditEvent.objects.filter(organization=organization).get()
    assert (event.event_type, event.subject_id, event.actor) == (
        "site.created",
        str(site.pk),
        quality_manager,
    )
    assert event.after["name"] == "Sheffield works"
    assert event.organization_id == organization.pk


# --- accounts services through the write helpers ------------------------------------------


@pytest.mark.django_db
def test_a_role_change_based_on_an_old_version_is_refused(organization, owner, employee):
    # given a membership someone changed after it was read
    membership = Membership.objects.get(user=employee, organization=organization)
    account_services.membership_update(actor=owner, instance=membership, data={"role": Role.VIEWER})
    # when a change based on version 1 arrives
    with pytest.raises(StaleVersion) as refused:
        account_services.membership_update(
            actor=owner, instance=membership, data={"role": Role.PROCESS_OWNER}, version=1
        )
    # then nothing of it is written, and the refusal names the stored role
    assert refused.value.changes == {"role": Role.VIEWER}
    membership.refresh_from_db()
    assert (membership.role, membership.version) == (Role.VIEWER, 2)
    assert AuditEvent.objects.filter(event_type="membership.role_changed").count() == 1


@pytest.mark.django_db
def test_a_role_change_outside_the_allow_list_is_refused(organization, owner, employee):
    # given
    membership = Membership.objects.get(user=employee, organization=organization)
    # when
    with pytest.raises(ValidationError) as refused:
        account_services.membership_update(
            actor=owner, instance=membership, data={"user": owner, "role": Role.VIEWER}
        )
    # then
    assert "user" in refused.value.message_dict
    membership.refresh_from_db()
    assert membership.role == Role.EMPLOYEE


@pytest.mark.django_db
def test_a_new_account_is_audited_without_its_password_hash():
    # when
    user = account_services.user_create(actor=None, email="New@Example.test", password="s3cret!pw")
    # then
    event = AuditEvent.objects.get(event_type="user.created")
    assert event.after == {"email": "new@example.test", "full_name": ""}
    assert user.check_password("s3cret!pw")


@pytest.mark.django_db
def test_revoking_an_accepted_invitation_is_refused_and_nothing_is_recorded(organization, owner):
    # given an accepted invitation
    invitation = InvitationFactory(organization=organization, invited_by=owner)
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at="2026-01-01T00:00:00Z")
    # when
    with pytest.raises(ValidationError):
        account_services.invitation_delete(actor=owner, instance=invitation)
    # then
    assert Invitation.objects.filter(pk=invitation.pk).exists()
    assert not AuditEvent.objects.filter(event_type="invitation.revoked").exists()
