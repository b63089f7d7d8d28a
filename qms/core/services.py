"""Shared write helpers every app's services use.

A regulated record's audit trail must show what really changed, even when two people edit
at once, and must never miss a write. So the row and its audit event are written together
by these helpers (`model_create`, `model_update`, `model_delete`; `model_transition` in
`core.workflow` builds on `lock_for_change`), and an app's service is one call of them plus
its own rules: the "before" comes from the row re-read under a lock, an edit based on an
old version is refused (`StaleVersion`), and the allow-list comes from the model's field
spec (`core.specs`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from .audit import AuditEvent, EventType, diff, record_event, snapshot, to_json
from .errors import StaleVersion
from .models import Sequence

M = TypeVar("M", bound=models.Model)

# Bookkeeping columns that never count as someone else's change to a record's content.
_NOT_CONTENT = frozenset({"version", "created_at", "updated_at"})


def lock_for_change(instance: M, *, version: int | None) -> M:
    """Re-read `instance`'s row under a row lock and return that fresh copy.

    Every write helper starts here, so the audit "before" and the version check both come
    from what is stored now, not from the caller's copy, which may have been read before
    someone else saved. When `version` (the version the editor saw) is given and differs
    from the stored one, raise `StaleVersion` with, as `changes`, each field changed since
    that version and its stored value now, so a form can show the editor what changed.

    Call it inside the calling service's transaction (the lock lasts until it ends).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_for_change() must run inside the service's transaction.")
    model = type(instance)
    current = model._base_manager.select_for_update().get(pk=instance.pk)
    stored_version = getattr(current, "version", None)
    if version is not None and stored_version is not None and version != stored_version:
        raise StaleVersion(
            expected=version,
            current=stored_version,
            changes=_changed_since(current, instance, version),
            label=str(model._meta.verbose_name),
        )
    return current


def _changed_since(current: models.Model, instance: models.Model, version: int) -> dict[str, Any]:
    """The fields changed after `version`, with their stored values.

    Two sources: the audit events that made the later versions (each update records the
    version it produced), and the fields where the caller's copy differs from the row.
    """
    theirs = snapshot(current)
    names = {name for name, value in snapshot(instance).items() if theirs.get(name) != value}
    later = AuditEvent.objects.for_subject(current).order_by("-sequence")
    for event in later.only("after", "data")[:100]:
        produced = event.data.get("version") if isinstance(event.data, dict) else None
        if not isinstance(produced, int):
            continue  # an event that does not say which version it produced
        if produced <= version:
            break
        names.update(event.after)
    return {name: theirs[name] for name in sorted(names - _NOT_CONTENT) if name in theirs}


def _check_fields(data: Mapping[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))


def _split(
    model: type[models.Model], data: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(column values, many-to-many values): a many-to-many can only be set once saved."""
    columns: dict[str, Any] = {}
    many: dict[str, Any] = {}
    for name, value in data.items():
        field = model._meta.get_field(name)
        (many if field.many_to_many else columns)[name] = value
    return columns, many


def _check_same_organization(organization_id: int | None, data: Mapping[str, Any]) -> None:
    """A record may only point at records of its own organization (a crafted id of another
    tenant's record is refused here, whatever the form or serializer let through)."""
    if organization_id is None:
        return
    for name, value in data.items():
        if isinstance(value, models.Model):
            related: Iterable[Any] = [value]
        elif isinstance(value, Iterable) and not isinstance(value, (str, bytes, dict)):
            related = value
        else:
            continue
        for obj in related:
            if not isinstance(obj, models.Model):
                continue
            owner = getattr(obj, "organization_id", organization_id)
            if owner != organization_id:
                raise ValidationError({name: "Choose one of your organization's records."})


def _event_scope(instance: models.Model, organization_id: int | None) -> int | None:
    return (
        organization_id
        if organization_id is not None
        else getattr(instance, "organization_id", None)
    )


def model_create(
    *,
    actor: Any,
    model: type[M],
    organization: models.Model | None,
    data: Mapping[str, Any],
    fields: Iterable[str],
    event_type: EventType,
    own_chain: bool = False,
    audited: Iterable[str] | None = None,
) -> M:
    """Create a `model` record from `data` (only the names in `fields`), validate it, save
    it and record `event_type` with its full snapshot. Returns the saved record.

    `organization` is the tenant the record belongs to (None for records that have none);
    related records in `data` must belong to it. `own_chain` records the event in the new
    record's own chain: for the tenant itself, which has no `organization` field.
    `audited` limits the event to those fields (for a model without `audit_exclude`).

    Call it inside the calling service's transaction.
    """
    allowed = set(fields)
    _check_fields(data, allowed)
    organization_id = organization.pk if organization is not None else None
    _check_same_organization(organization_id, data)
    columns, many = _split(model, data)
    instance = model(**columns)
    if organization is not None:
        instance.organization = organization  # type: ignore[attr-defined]
    instance.full_clean()
    instance.save()
    for name, value in many.items():
        getattr(instance, name).set(value)
    record_event(
        actor=actor,
        event_type=event_type,
        subject=instance,
        organization_id=instance.pk if own_chain else organization_id,
        after=snapshot(instance, audited),
    )
    return instance


def model_update(
    *,
    actor: Any,
    instance: M,
    data: Mapping[str, Any],
    fields: Iterable[str],
    event_type: EventType,
    version: int | None = None,
    organization_id: int | None = None,
    details: Mapping[str, Any] | None = None,
) -> tuple[M, bool]:
    """Apply `data` (only the names in `fields`) to the stored record behind `instance`,
    validate, save what changed and record one event with the before/after values.
    Returns (the stored record as saved, whether anything changed).

    The row is re-read under a lock first (`lock_for_change`): "before" is what is stored,
    not what the caller once read, and an edit based on an older `version` is refused with
    `StaleVersion`. A change bumps the version by one; no change writes nothing (no event,
    no new version). The event goes to the record's organization, or `organization_id`
    (for a record without one, such as the organization itself). `details` (a reason, say)
    are recorded in the event beside the version.

    Call it inside the calling service's transaction.
    """
    allowed = set(fields)
    _check_fields(data, allowed)
    locked = lock_for_change(instance, version=version)
    scope = _event_scope(locked, organization_id)
    _check_same_organization(getattr(locked, "organization_id", None), data)
    columns, many = _split(type(locked), data)
    before = snapshot(locked, allowed)
    for name, value in columns.items():
        setattr(locked, name, value)
    locked.full_clean()
    after = snapshot(locked, set(columns))
    for name, value in many.items():
        after[name] = to_json(
            sorted(obj.pk if isinstance(obj, models.Model) else obj for obj in value)
        )
    changed_before, changed_after = diff(before, after)
    if not changed_after:
        return locked, False
    update_fields = [locked._meta.get_field(name).name for name in changed_after if name in columns]
    concrete = {field.name for field in locked._meta.concrete_fields}
    if "version" in concrete:
        locked.version += 1  # type: ignore[attr-defined]  # the row is locked: no lost bump
        update_fields.append("version")
    if "updated_at" in concrete:
        update_fields.append("updated_at")
    if update_fields:
        locked.save(update_fields=update_fields)
    for name, value in many.items():
        if name in changed_after:
            getattr(locked, name).set(value)
    changed_before, changed_after = diff(before, snapshot(locked, set(changed_after)))
    record_event(
        actor=actor,
        event_type=event_type,
        subject=locked,
        organization_id=scope,
        before=changed_before,
        after=changed_after,
        # The version this change produced: what lets a refused stale edit name the fields
        # changed since the version it was based on (`lock_for_change`).
        data={
            **({"version": locked.version} if "version" in concrete else {}),  # type: ignore[attr-defined]
            **(details or {}),
        }
        or None,
    )
    return locked, True


def model_delete(
    *,
    actor: Any,
    instance: models.Model,
    event_type: EventType,
    version: int | None = None,
    details: Mapping[str, Any] | None = None,
) -> None:
    """Delete the stored record behind `instance` and record `event_type` with its last
    snapshot (read under the row lock). An edit based on an older `version` is refused.

    `details` go into the event's data (e.g. what else the deletion ended).
    A `ProtectedError` (still referenced) rolls the whole service back, event included.
    Call it inside the calling service's transaction.
    """
    locked = lock_for_change(instance, version=version)
    record_event(
        actor=actor,
        event_type=event_type,
        subject=locked,
        organization_id=_event_scope(locked, None),
        before=snapshot(locked),
        data=details,
    )
    locked.delete()


def sequence_next(
    *, organization_id: int, key: str, year: int | None = None, yearly: bool = True
) -> int:
    """The next number of a per-organization, per-year counter (gap-free, concurrency-safe).

    `f"NC-{year}-{sequence_next(...):04d}"` gives NC-2026-0001, NC-2026-0002, …
    With `yearly=False` the counter never restarts (document numbers such as QP-07-001);
    it is kept under year 0.
    """
    year = (year or timezone.localdate().year) if yearly else 0
    with transaction.atomic():
        sequence, _ = Sequence.objects.select_for_update().get_or_create(
            organization_id=organization_id, key=key, year=year
        )
        sequence.last_value += 1
        sequence.save(update_fields=["last_value"])
        return sequence.last_value
