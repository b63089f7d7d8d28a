"""API keys of certification bodies publishing to this registry from their own systems.

A key belongs to one source (`SourceApiKey.source`) and writes only that source's
certificates. The secret is shown once, when it is created (`qms registry keys create
--source KEY`); only its SHA-256 is stored (`qms.core.secret_hash`), and `prefix` (its first
characters, e.g. `qmsreg_AbC123`) names it in lists and in the audit trail. Requests carry
`Authorization: Api-Key <key>`; a revoked or unknown key is refused (401).

Creating and revoking a key record an audit event in the global chain (a source is not an
organization of this installation).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from qms.core.audit import record_event, register_event_type
from qms.core.secret_hash import hash_secret

from .exchange_models import SourceApiKey
from .models import Source

KEY_PREFIX = "qmsreg_"
SCHEME = "Api-Key"
PREFIX_LENGTH = len(KEY_PREFIX) + 6

KEY_CREATED = register_event_type("registry_key.created", _("Registry API key created"))
KEY_REVOKED = register_event_type("registry_key.revoked", _("Registry API key revoked"))


def source_api_key_create(*, actor: Any, source: Source, name: str) -> tuple[SourceApiKey, str]:
    """A new key for `source`; returns it and its secret (shown once, never stored)."""
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    key = SourceApiKey(
        source=source,
        name=name.strip(),
        prefix=secret[:PREFIX_LENGTH],
        key_hash=hash_secret(secret),
        created_by=_actor_label(actor),
    )
    key.full_clean()
    with transaction.atomic():
        key.save()
        record_event(
            actor=actor,
            event_type=KEY_CREATED,
            subject=key,
            after={"source": source.key, "name": key.name, "prefix": key.prefix},
        )
    return key, secret


def source_api_key_revoke(*, actor: Any, key: SourceApiKey) -> SourceApiKey:
    """Revoke a key (idempotent): it is refused from the next request on."""
    with transaction.atomic():
        key = SourceApiKey.objects.select_for_update().select_related("source").get(pk=key.pk)
        if key.revoked_at is not None:
            return key
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at", "updated_at"])
        record_event(
            actor=actor,
            event_type=KEY_REVOKED,
            subject=key,
            data={"source": key.source.key, "name": key.name, "prefix": key.prefix},
        )
    return key


def source_api_key_authenticate(*, secret: str) -> SourceApiKey | None:
    """The active key for a presented secret, with its source (one indexed query)."""
    if not secret.startswith(KEY_PREFIX):
        return None
    key = (
        SourceApiKey.objects.select_related("source")
        .filter(key_hash=hash_secret(secret), revoked_at=None)
        .first()
    )
    if key is None:
        return None
    now = timezone.now()
    # Written at most once a minute, so a busy client does not write on every request.
    if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=1):
        SourceApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key


def source_api_keys(*, source: Source) -> list[SourceApiKey]:
    return list(SourceApiKey.objects.filter(source=source).order_by("-created_at", "-id"))


def key_by_prefix(prefix: str) -> SourceApiKey:
    """The one key with this prefix; ValidationError if none or several."""
    keys = list(SourceApiKey.objects.filter(prefix=prefix).select_related("source")[:2])
    if not keys:
        raise ValidationError(f"No registry API key with prefix {prefix!r}.")
    if len(keys) > 1:
        raise ValidationError(f"Several keys share prefix {prefix!r}; give a longer one.")
    return keys[0]


def _actor_label(actor: Any) -> str:
    email = getattr(actor, "email", "") if actor is not None else ""
    return str(email or "command line")[:254]


class SourceClient:
    """Who a request authenticated by a source's API key acts as: that source, nobody else.

    DRF's `request.user` for these requests. It is authenticated but no user of this
    installation: it has no organization, no membership and no permission outside the
    publish API (whose permission class accepts it and nothing else)."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    pk = None
    id = None
    email = ""

    def __init__(self, key: SourceApiKey) -> None:
        self.key = key
        self.source = key.source

    def __str__(self) -> str:
        return f"API key {self.key.prefix}… of {self.source.key}"


class SourceApiKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Api-Key <key>`: the request acts as the key's source."""

    def authenticate(self, request: Request) -> tuple[SourceClient, SourceApiKey] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        scheme, _sep, secret = header.partition(" ")
        if not header or scheme.lower() != SCHEME.lower():
            return None
        secret = secret.strip()
        if not secret or " " in secret:
            raise exceptions.AuthenticationFailed(_("Malformed Api-Key header."))
        key = source_api_key_authenticate(secret=secret)
        if key is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked API key."))
        return SourceClient(key), key

    def authenticate_header(self, request: Request) -> str:
        return f'{SCHEME} realm="registry"'
