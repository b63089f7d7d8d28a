"""Client services: numbering, the event of each write, consent (the day recorded, the same
answer writing nothing), the organization link's rule, stale edits, a refused write leaving
nothing behind, sites and contacts."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qms.certification.clients import services
from qms.certification.models import Client, ClientContact
from qms.certification.tests.factories import ApplicationFactory
from qms.core.audit import AuditEvent
from qms.core.errors import Conflict, StaleVersion
from qms.core.testing.audit_guard import allow_unaudited_writes

from .test_clients_fixtures import World, cb_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organization: Any) -> World:
    return cb_world(organization)


def _events(obj: Any, name: str) -> int:
    return AuditEvent.objects.filter(
        subject_type=obj._meta.label_lower, subject_id=str(obj.pk), event_type=name
    ).count()


def _new(world: World, **data: Any) -> Client:
    values = {"legal_name": "Acme Valves Ltd", "address": "1 Valve Road", "country": "GB", **data}
    return services.client_create(actor=world.manager, organization=world.organization, data=values)


def test_clients_are_numbered_in_one_counter_and_recorded(world: World) -> None:
    first = _new(world)
    second = _new(world, legal_name="Beta Ltd")
    assert (first.number, second.number) == ("CL-0001", "CL-0002")
    assert _events(first, "certification.client.created") == 1


def test_numbers_already_held_are_skipped(world: World) -> None:
    from qms.certification.tests.factories import ClientFactory

    ClientFactory(organization=world.organization, number="CL-0001")
    assert _new(world).number == "CL-0002"


def test_a_refused_client_leaves_no_row_no_event_and_no_number(world: World) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        _new(world, country="")
    with pytest.raises(ValidationError):
        _new(world, number="CL-7777")  # not a field a caller sets
    assert not Client.objects.filter(organization=world.organization, legal_name="Acme Valves Ltd")
    assert AuditEvent.objects.count() == before
    assert _new(world).number == "CL-0001"


def test_consent_records_the_day_and_the_same_answer_writes_nothing(world: World) -> None:
    client = services.client_set_consent(actor=world.manager, instance=world.client, consent=True)
    assert client.public_listing_consent_on == timezone.localdate()
    again = services.client_set_consent(actor=world.manager, instance=client, consent=True)
    assert again.version == client.version
    withdrawn = services.client_set_consent(actor=world.manager, instance=client, consent=False)
    assert withdrawn.public_listing_consent is False
    assert _events(world.client, "certification.client.consent_changed") == 2


def test_a_stale_edit_is_refused(world: World) -> None:
    services.client_update(
        actor=world.manager, instance=world.client, data={"status": "active"}, version=1
    )
    with pytest.raises(StaleVersion):
        services.client_update(
            actor=world.manager, instance=world.client, data={"notes": "x"}, version=1
        )


def test_the_link_needs_the_short_name_and_one_of_the_clients_names(
    world: World, other_organization: Any
) -> None:
    with pytest.raises(ValidationError) as unknown:
        services.client_link_organization(actor=world.manager, instance=world.client, slug="nope")
    with pytest.raises(ValidationError) as other_name:
        services.client_link_organization(
            actor=world.manager, instance=world.client, slug="northwind"
        )
    # the same words whether the short name exists or not: nothing is learnt by trying
    assert unknown.value.messages == other_name.value.messages
    with pytest.raises(ValidationError, match="certification body itself"):
        services.client_link_organization(actor=world.manager, instance=world.client, slug="acme")
    client = _new(world, legal_name="NORTHWIND castings")
    linked = services.client_link_organization(
        actor=world.manager, instance=client, slug="Northwind"
    )
    assert linked.linked_organization == other_organization
    assert _events(client, "certification.client.link_changed") == 1
    unlinked = services.client_link_organization(actor=world.manager, instance=linked, slug="")
    assert unlinked.linked_organization is None


def test_a_site_named_by_an_application_stays(world: World) -> None:
    application = ApplicationFactory(organization=world.organization, client=world.client)
    with allow_unaudited_writes():
        application.sites.set([world.site])
    with pytest.raises(Conflict, match=str(application.number)):
        services.client_site_remove(actor=world.manager, instance=world.site)
    assert _events(world.site, "certification.client_site.removed") == 0


def test_contacts_are_added_changed_and_removed_with_events(world: World) -> None:
    contact = services.client_contact_create(
        actor=world.manager,
        organization=world.organization,
        data={"client": world.client, "name": "Sam Lee"},
    )
    contact = services.client_contact_update(
        actor=world.manager, instance=contact, data={"is_primary": True}
    )
    services.client_contact_remove(actor=world.manager, instance=contact)
    assert not ClientContact.objects.filter(organization=world.organization).exists()
    assert _events(contact, "certification.client_contact.added") == 1
    assert _events(contact, "certification.client_contact.changed") == 1
    assert _events(contact, "certification.client_contact.removed") == 1
