"""Shared write helpers every app's services use."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from .audit import EventType, diff, record_event, snapshot
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
    from the stored one, raise `StaleVersion` naming the fields that differ between the
    caller's copy and the stored row, with their stored values, so a form can show them.

    Call it inside the calling service's transaction (the lock lasts until it ends).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_for_change() must run inside the service's transaction.")
    model = type(instance)
    current = model._base_manager.select_for_update().get(pk=instance.pk)
    stored_version = getattr(current, "version", None)
    if version is not None and stored_version is not None and version != stored_version:
        theirs = snapshot(current)
        mine = snapshot(instance)
        changes = {
            name: value
            for name, value in theirs.items()
            if name not in _NOT_CONTENT and mine.get(name) != value
        }
        raise StaleVersion(
            expected=version,
            current=stored_version,
            changes=changes,
            label=str(model._meta.verbose_name),
        )
    return current


def model_update(
    *,
    instance: M,
    data: Mapping[str, Any],
    fields: Iterable[str],
    actor: Any,
    event_type: EventType,
    organization_id: int | None = None,
) -> tuple[M, bool]:
    """Apply `data` to the allowed `fields` of `instance`, validate, save what changed and
    record one audit event with the before/after values. Returns (instance, changed).
    The event goes to the instance's organization, or `organization_id` when given (for an
    instance that is not organization-scoped, such as the organization itself).

    Call it inside the calling service's transaction.
    """
    allowed = set(fields)
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be changed here."))
    before = snapshot(instance, allowed)
    for name, value in data.items():
        setattr(instance, name, value)
    instance.full_clean()
    changed_before, changed_after = diff(before, snapshot(instance, allowed))
    if not changed_after:
        return instance, False
    update_fields = [instance._meta.get_field(name).name for name in changed_after]
    if any(field.name == "updated_at" for field in instance._meta.concrete_fields):
        update_fields.append("updated_at")
    instance.save(update_fields=update_fields)
    record_event(
        actor=actor,
        event_type=event_type,
        subject=instance,
        organization_id=organization_id,
        before=changed_before,
        after=changed_after,
    )
    return instance, True


def sequence_next(*, organization_id: int, key: str, year: int | None = None) -> int:
    """The next number of a per-organization, per-year counter (gap-free, concurrency-safe).

    `f"NC-{year}-{sequence_next(...):04d}"` gives NC-2026-0001, NC-2026-0002, …
    """
    year = year or timezone.localdate().year
    with transaction.atomic():
        sequence, _ = Sequence.objects.select_for_update().get_or_create(
            organization_id=organization_id, key=key, year=year
        )
        sequence.last_value += 1
        sequence.save(update_fields=["last_value"])
        return sequence.last_value
