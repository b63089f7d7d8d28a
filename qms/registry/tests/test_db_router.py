"""The read-replica router: registry reads from `registry_read` outside transactions only."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connections

from qms.core.imports.models import ImportRun
from qms.registry.db_router import REPLICA, RegistryReadRouter
from qms.registry.models import PublicCertificate, Source

router = RegistryReadRouter()


@pytest.fixture
def replica_configured(settings: Any, monkeypatch: Any) -> None:
    """The connection handler's settings with a `registry_read` alias (no connection made)."""
    databases = {**settings.DATABASES, REPLICA: {**settings.DATABASES[DEFAULT_DB_ALIAS]}}
    monkeypatch.setattr(connections, "settings", connections.configure_settings(databases))


def test_without_a_replica_the_router_says_nothing() -> None:
    assert router.db_for_read(PublicCertificate) is None
    assert router.db_for_write(PublicCertificate) is None
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "registry") is None


def test_registry_reads_go_to_the_replica_outside_transactions_only(
    replica_configured: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(connections[DEFAULT_DB_ALIAS], "in_atomic_block", False)
    assert router.db_for_read(PublicCertificate) == REPLICA
    assert router.db_for_read(Source) == REPLICA
    assert router.db_for_read(ImportRun) is None  # not the registry's
    assert router.db_for_write(PublicCertificate) is None  # writes: default
    assert router.allow_migrate(REPLICA, "registry") is False
    # inside a transaction (a service reading before it writes): the primary
    monkeypatch.setattr(connections[DEFAULT_DB_ALIAS], "in_atomic_block", True)
    assert router.db_for_read(PublicCertificate) == DEFAULT_DB_ALIAS
