"""The audit trail: an append-only, hash-chained event per state change.

ISO 9001 §7.5.3 and ISO/IEC 17021-1 records depend on being able to show who changed what,
when, and that nobody rewrote it afterwards. Every service calls `record_event()` inside its
transaction; each organization has its own chain (events without an organization, such as a
password change, share the "global" chain). `verify_chains()` recomputes every hash.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .context import current_request_context
from .querysets import TenantQuerySet

GENESIS_HASH = "0" * 64
GLOBAL_CHAIN = "global"
_EVENT_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit event."""


# --- Event types ------------------------------------------------------------------------


@dataclass(frozen=True)
class EventType:
    """A kind of event, registered once by the app that owns it (in its events.py)."""

    name: str
    description: str | Promise

    def __str__(self) -> str:
        return self.name


_EVENT_TYPES: dict[str, EventType] = {}


def register_event_type(name: str, description: str | Promise) -> EventType:
    if not _EVENT_NAME.match(name):
        raise ValueError(
            f"Event type {name!r} must be a dotted lower-case name like 'site.created'."
        )
    if name in _EVENT_TYPES:
        raise ValueError(f"Event type {name!r} is registered twice.")
    event = EventType(name, description)
    _EVENT_TYPES[name] = event
    return event


def event_types() -> Mapping[str, EventType]:
    return dict(_EVENT_TYPES)


def describe_event_type(name: str) -> str:
    event = _EVENT_TYPES.get(name)
    return str(event.description) if event else name


# --- Models -----------------------------------------------------------------------------


class AuditChain(models.Model):
    """The head of one hash chain; locked while an event is appended so chains never fork."""

    key = models.CharField(max_length=40, unique=True)
    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    # HMAC of (key, last_sequence, last_hash) under QMS_AUDIT_KEY, a key kept outside the
    # database: a rolled-back or recomputed head cannot be signed again without it.
    mac = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("audit chain")

    def __str__(self) -> str:
        return f"{self.key} @ {self.last_sequence}"


class AuditEventQuerySet(TenantQuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be deleted.")

    def for_subject(self, subject: models.Model) -> AuditEventQuerySet:
        return self.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk))


class AuditEvent(models.Model):
    """One state change: who, when, what, before/after, from where. Never updated or deleted."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
    )
    chain = models.CharField(_("chain"), max_length=40)
    sequence = models.PositiveBigIntegerField(_("sequence"))
    created_at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor"), max_length=254, blank=True)
    event_type = models.CharField(_("event"), max_length=100)
    subject_type = models.CharField(_("subject type"), max_length=100, blank=True)
    subject_id = models.CharField(_("subject id"), max_length=64, blank=True)
    subject_label = models.CharField(_("subject"), max_length=255, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    ip = models.CharField(_("IP address"), max_length=45, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # Which fields the hash covers: 1 (the first release) hashed the actor's e-mail; 2 hashes
    # the actor's id only, so a person can be pseudonymised without breaking the chain.
    format = models.PositiveSmallIntegerField(default=2, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "sequence"], name="core_auditevent_unique_chain_sequence"
            )
        ]
        indexes = [
            models.Index(
                fields=["organization", "-created_at", "-id"], name="core_auditevent_org_time"
            ),
            models.Index(
                fields=["subject_type", "subject_id", "-id"], name="core_auditevent_subject"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} #{self.sequence} ({self.chain})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("core:auditevent_detail", args=[self.pk])

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be deleted.")

    @property
    def description(self) -> str:
        return describe_event_type(self.event_type)

    @property
    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) rows for display; creation and deletion show one side."""
        names = list(dict.fromkeys([*self.before.keys(), *self.after.keys()]))
        return [(name, self.before.get(name), self.after.get(name)) for name in names]

    def compute_hash(self) -> str:
        return _hash_payload(self._payload())

    def _payload(self) -> dict[str, Any]:
        return {
            "chain": self.chain,
            "sequence": self.sequence,
            "prev_hash": self.prev_hash,
            "time": self.created_at.astimezone(UTC).isoformat(),
            "organization": self.organization_id,
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "event_type": self.event_type,
            "subject_type": self.subject_type,
            "subject_id": self.subject_id,
            "subject_label": self.subject_label,
            "before": self.before,
            "after": self.after,
            "data": self.data,
            "request_id": self.request_id,
            "ip": self.ip,
        }


def _hash_payload(payload: Mapping[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- Writing ----------------------------------------------------------------------------


def to_json(value: Any) -> Any:
    """Values as they will read back from a JSONField (dates, decimals, UUIDs as strings)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The audited field values of an instance: foreign keys as ids, no timestamps."""
    excluded = {"id", "created_at", "updated_at", *getattr(instance, "audit_exclude", ())}
    wanted = set(fields) if fields is not None else None
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in excluded or (wanted is not None and field.name not in wanted):
            continue
        # get_prep_value: what the database stores (a Country becomes its code, for example).
        values[field.name] = field.get_prep_value(getattr(instance, field.attname))
    result: dict[str, Any] = to_json(values)
    return result


def diff(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields whose value changed, as (before, after)."""
    changed = [name for name in after if before.get(name) != after.get(name)]
    return {name: before.get(name) for name in changed}, {name: after[name] for name in changed}


def _lock_chain(key: str) -> AuditChain:
    try:
        return AuditChain.objects.select_for_update().get(key=key)
    except AuditChain.DoesNotExist:
        try:
            with transaction.atomic():
                return AuditChain.objects.create(key=key)
        except IntegrityError:  # another transaction created it first
            return AuditChain.objects.select_for_update().get(key=key)


def chain_key(organization_id: int | None) -> str:
    return f"org:{organization_id}" if organization_id else GLOBAL_CHAIN


def record_event(
    *,
    actor: Any,
    event_type: EventType,
    subject: models.Model | None = None,
    organization_id: int | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    data: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to its organization's chain. Call it inside the service's transaction.

    The organization defaults to the subject's. Request id and IP come from the request
    (or command) being served.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("record_event() must run inside the service's transaction.atomic().")
    if _EVENT_TYPES.get(event_type.name) is not event_type:
        raise ValueError(f"Event type {event_type.name!r} is not registered.")
    if organization_id is None and subject is not None:
        organization_id = getattr(subject, "organization_id", None)
    context = current_request_context()
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    event = AuditEvent(
        organization_id=organization_id,
        chain=chain_key(organization_id),
        created_at=timezone.now(),
        actor=actor if authenticated else None,
        actor_label=(getattr(actor, "email", "") or str(actor))[:254] if authenticated else "",
        event_type=event_type.name,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        subject_label=str(subject)[:255] if subject is not None else "",
        before=to_json(dict(before or {})),
        after=to_json(dict(after or {})),
        data=to_json(dict(data or {})),
        request_id=context.request_id,
        ip=_normalize_ip(context.ip),
    )
    chain = _lock_chain(event.chain)
    event.sequence = chain.last_sequence + 1
    event.prev_hash = chain.last_hash
    event.hash = event.compute_hash()
    event.save(force_insert=True)
    chain.last_sequence = event.sequence
    chain.last_hash = event.hash
    chain.save(update_fields=["last_sequence", "last_hash"])
    return event


def _normalize_ip(ip: str | None) -> str:
    if not ip:
        return ""
    try:
        return ipaddress.ip_address(ip).compressed
    except ValueError:
        return ""


# --- Verifying --------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainBreak:
    chain: str
    event_id: int | None
    sequence: int
    reason: str

    def __str__(self) -> str:
        where = f"event {self.event_id}" if self.event_id is not None else "chain head"
        return f"{where} (chain {self.chain}, sequence {self.sequence}): {self.reason}"


def _verify_chain(
    key: str, events: Iterator[AuditEvent], head: AuditChain | None
) -> ChainBreak | None:
    expected_sequence, prev_hash = 1, GENESIS_HASH
    for event in events:
        if event.sequence != expected_sequence:
            return ChainBreak(
                key,
                event.pk,
                event.sequence,
                f"expected sequence {expected_sequence} (an event is missing)",
            )
        if event.prev_hash != prev_hash:
            return ChainBreak(key, event.pk, event.sequence, "does not link to the previous event")
        if event.compute_hash() != event.hash:
            return ChainBreak(
                key, event.pk, event.sequence, "content does not match its hash (edited)"
            )
        expected_sequence, prev_hash = event.sequence + 1, event.hash
    last = expected_sequence - 1
    if head is not None and (head.last_sequence != last or head.last_hash != prev_hash):
        return ChainBreak(
            key, None, head.last_sequence, f"head expects {head.last_sequence} events, found {last}"
        )
    return None


def verify_chains() -> tuple[int, list[ChainBreak]]:
    """Recompute every chain. Returns (events checked, first break of each broken chain)."""
    heads = {chain.key: chain for chain in AuditChain.objects.all()}
    keys = sorted(set(heads) | set(AuditEvent.objects.values_list("chain", flat=True).distinct()))
    breaks: list[ChainBreak] = []
    checked = 0
    for key in keys:
        events = AuditEvent.objects.filter(chain=key).order_by("sequence").iterator(chunk_size=2000)

        def counted(source: Iterator[AuditEvent]) -> Iterator[AuditEvent]:
            nonlocal checked
            for item in source:
                checked += 1
                yield item

        problem = _verify_chain(key, counted(events), heads.get(key))
        if problem is not None:
            breaks.append(problem)
    return checked, breaks
