"""Writes for organizations, sites and processes: the pattern every module copies.

One transaction, the acting user as keyword-only `actor`, `full_clean()` before saving, an
audit event in the same transaction, side effects only on commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from qms.core.audit import record_event, snapshot
from qms.core.services import model_update

from . import events
from .models import Organization, Process, Site

if TYPE_CHECKING:
    from qms.accounts.models import User

ORGANIZATION_FIELDS = ("name", "legal_name", "country", "website")
SITE_FIELDS = ("name", "address", "country", "is_head_office", "employees")
PROCESS_FIELDS = ("name", "code", "purpose", "owner", "site")


@transaction.atomic
def organization_create(*, actor: User | None, name: str, slug: str, **fields: Any) -> Organization:
    organization = Organization(name=name, slug=slug, **fields)
    organization.full_clean()
    organization.save()
    record_event(
        actor=actor,
        event_type=events.ORGANIZATION_CREATED,
        subject=organization,
        organization_id=organization.pk,
        after=snapshot(organization),
    )
    return organization


@transaction.atomic
def organization_update(
    *, actor: User, organization: Organization, data: Mapping[str, Any]
) -> Organization:
    organization, _changed = model_update(
        instance=organization,
        data=data,
        fields=ORGANIZATION_FIELDS,
        actor=actor,
        event_type=events.ORGANIZATION_UPDATED,
        organization_id=organization.pk,
    )
    return organization


def _check_same_organization(organization_id: int, **related: Any) -> None:
    """A record may only point at records of its own organization."""
    for name, obj in related.items():
        if obj is not None and getattr(obj, "organization_id", organization_id) != organization_id:
            raise ValidationError({name: "Choose one of your organization's records."})


@transaction.atomic
def site_create(*, actor: User, organization: Organization, name: str, **fields: Any) -> Site:
    site = Site(organization=organization, name=name, **fields)
    site.full_clean()
    site.save()
    record_event(actor=actor, event_type=events.SITE_CREATED, subject=site, after=snapshot(site))
    return site


@transaction.atomic
def site_update(*, actor: User, site: Site, data: Mapping[str, Any]) -> Site:
    site, _changed = model_update(
        instance=site, data=data, fields=SITE_FIELDS, actor=actor, event_type=events.SITE_UPDATED
    )
    return site


@transaction.atomic
def site_delete(*, actor: User, site: Site) -> None:
    record_event(actor=actor, event_type=events.SITE_DELETED, subject=site, before=snapshot(site))
    site.delete()


def _check_owner(organization_id: int, owner: Any) -> None:
    if owner is not None and not owner.memberships.filter(organization_id=organization_id).exists():
        raise ValidationError({"owner": "The owner must be a member of the organization."})


@transaction.atomic
def process_create(*, actor: User, organization: Organization, name: str, **fields: Any) -> Process:
    process = Process(organization=organization, name=name, **fields)
    _check_same_organization(organization.pk, site=process.site)
    _check_owner(organization.pk, process.owner)
    process.full_clean()
    process.save()
    record_event(
        actor=actor, event_type=events.PROCESS_CREATED, subject=process, after=snapshot(process)
    )
    return process


@transaction.atomic
def process_update(*, actor: User, process: Process, data: Mapping[str, Any]) -> Process:
    _check_same_organization(process.organization_id, site=data.get("site"))
    if "owner" in data:
        _check_owner(process.organization_id, data["owner"])
    process, _changed = model_update(
        instance=process,
        data=data,
        fields=PROCESS_FIELDS,
        actor=actor,
        event_type=events.PROCESS_UPDATED,
    )
    return process


@transaction.atomic
def process_delete(*, actor: User, process: Process) -> None:
    record_event(
        actor=actor, event_type=events.PROCESS_DELETED, subject=process, before=snapshot(process)
    )
    process.delete()
