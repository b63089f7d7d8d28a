"""Writes for organizations, sites and processes: the pattern every module copies.

Each service is one transaction with the acting user as keyword-only `actor`; the core
helpers (`model_create`, `model_update`, `model_delete`) validate, write the row under a
lock with its version check and record the audit event in the same transaction. A service
adds only what is particular to its model: its rules and the event types.

Every service of this kind has one calling convention, which the generic views and
viewsets rely on: create `(*, actor, organization, data)`, update
`(*, actor, instance, data, version=None)`, delete `(*, actor, instance, version=None)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from qms.core.services import model_create, model_delete, model_update

from . import events
from .models import Organization, Process, Site
from .specs import ORGANIZATION, PROCESS, SITE

if TYPE_CHECKING:
    from qms.accounts.models import User

# The allow-lists, kept as names for the callers that still import them.
ORGANIZATION_FIELDS = ORGANIZATION.fields
SITE_FIELDS = SITE.fields
PROCESS_FIELDS = PROCESS.fields


@transaction.atomic
def organization_create(*, actor: User | None, data: Mapping[str, Any]) -> Organization:
    """A new tenant; its `slug` (the short name in URLs and commands) is set only here."""
    return model_create(
        actor=actor,
        model=Organization,
        organization=None,
        data=data,
        fields=("slug", *ORGANIZATION.fields),
        event_type=events.ORGANIZATION_CREATED,
        own_chain=True,
    )


@transaction.atomic
def organization_update(
    *,
    actor: User,
    instance: Organization,
    data: Mapping[str, Any],
    version: int | None = None,
) -> Organization:
    organization, _changed = model_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=ORGANIZATION.fields,
        event_type=events.ORGANIZATION_UPDATED,
        version=version,
        organization_id=instance.pk,
    )
    return organization


@transaction.atomic
def site_create(*, actor: User | None, organization: Organization, data: Mapping[str, Any]) -> Site:
    return model_create(
        actor=actor,
        model=Site,
        organization=organization,
        data=data,
        fields=SITE.fields,
        event_type=events.SITE_CREATED,
    )


@transaction.atomic
def site_update(
    *, actor: User, instance: Site, data: Mapping[str, Any], version: int | None = None
) -> Site:
    site, _changed = model_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=SITE.fields,
        event_type=events.SITE_UPDATED,
        version=version,
    )
    return site


@transaction.atomic
def site_delete(*, actor: User, instance: Site, version: int | None = None) -> None:
    model_delete(actor=actor, instance=instance, event_type=events.SITE_DELETED, version=version)


def _check_owner(organization_id: int, owner: Any) -> None:
    """A process owner must be a member of the process's organization."""
    if owner is not None and not owner.memberships.filter(organization_id=organization_id).exists():
        raise ValidationError({"owner": "The owner must be a member of the organization."})


@transaction.atomic
def process_create(
    *, actor: User | None, organization: Organization, data: Mapping[str, Any]
) -> Process:
    _check_owner(organization.pk, data.get("owner"))
    return model_create(
        actor=actor,
        model=Process,
        organization=organization,
        data=data,
        fields=PROCESS.fields,
        event_type=events.PROCESS_CREATED,
    )


@transaction.atomic
def process_update(
    *, actor: User, instance: Process, data: Mapping[str, Any], version: int | None = None
) -> Process:
    if "owner" in data:
        _check_owner(instance.organization_id, data["owner"])
    process, _changed = model_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=PROCESS.fields,
        event_type=events.PROCESS_UPDATED,
        version=version,
    )
    return process


@transaction.atomic
def process_delete(*, actor: User, instance: Process, version: int | None = None) -> None:
    model_delete(actor=actor, instance=instance, event_type=events.PROCESS_DELETED, version=version)
