"""Registry API keys of other certification bodies: stored hashed, shown once, revocable."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qms.core.audit import AuditEvent
from qms.core.secret_hash import hash_secret
from qms.registry.api_keys import (
    KEY_PREFIX,
    source_api_key_authenticate,
    source_api_key_create,
    source_api_key_revoke,
)
from qms.registry.exchange_models import SourceApiKey
from qms.registry.models import Source

from .exchange_helpers import other_body

pytestmark = pytest.mark.django_db


def test_a_key_is_stored_as_its_hash_only() -> None:
    source = other_body()

    key, secret = source_api_key_create(actor=None, source=source, name="ERP")

    assert secret.startswith(KEY_PREFIX)
    assert key.key_hash == hash_secret(secret)
    assert key.prefix == secret[: len(KEY_PREFIX) + 6]
    stored = SourceApiKey.objects.values_list("name", "prefix", "key_hash").get()
    assert secret not in " ".join(stored)
    assert source_api_key_authenticate(secret=secret) == key
    assert AuditEvent.objects.filter(event_type="registry_key.created").count() == 1


def test_a_revoked_or_unknown_key_authenticates_nobody() -> None:
    key, secret = source_api_key_create(actor=None, source=other_body(), name="ERP")

    source_api_key_revoke(actor=None, key=key)
    source_api_key_revoke(actor=None, key=key)  # idempotent

    assert source_api_key_authenticate(secret=secret) is None
    assert source_api_key_authenticate(secret=KEY_PREFIX + "unknown") is None
    assert source_api_key_authenticate(secret="qms_some-bearer-token") is None
    assert AuditEvent.objects.filter(event_type="registry_key.revoked").count() == 1


def test_an_empty_name_is_refused() -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        source_api_key_create(actor=None, source=other_body(), name="  ")
    assert not SourceApiKey.objects.exists()


def test_the_command_creates_lists_and_revokes(capsys: Any) -> None:
    other_body()

    call_command("registry", "apikey", "create", "--source", "cb:nordlicht", "--name", "ERP")
    secret = capsys.readouterr().out.strip()
    call_command("registry", "apikey", "list", "--source", "cb:nordlicht")
    listed = capsys.readouterr().out
    prefix = secret[: len(KEY_PREFIX) + 6]
    call_command("registry", "apikey", "revoke", prefix)

    assert source_api_key_authenticate(secret=secret) is None
    assert listed.startswith(f"{prefix}\tactive\tnever\tERP")
    with pytest.raises(CommandError) as unknown:
        call_command("registry", "apikey", "revoke", "qmsreg_nothing")
    assert unknown.value.returncode == 2


def test_a_source_is_added_on_the_command_line(capsys: Any) -> None:
    call_command(
        "registry",
        "source-add",
        "--key",
        "cb:alpine",
        "--name",
        "Alpine Cert AG",
        "--country",
        "Switzerland",
        "--accreditation-body",
        "SAS",
        "--accreditation-number",
        "SCESm 001",
    )

    source = Source.objects.get(key="cb:alpine")
    assert (source.country, source.accredited) == ("CH", True)
    with pytest.raises(CommandError):
        call_command("registry", "source-add", "--key", "org:7", "--name", "Mine")
    with pytest.raises(CommandError):
        call_command("registry", "source-add", "--key", "cb:alpine", "--name", "Again")
    call_command("registry", "sources")
    assert "cb:alpine\tAlpine Cert AG\tCH\tSAS SCESm 001" in capsys.readouterr().out
