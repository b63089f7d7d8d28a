"""Scale-out: the registry's public reads from a PostgreSQL read replica.

With a database alias `registry_read` configured (settings: QMS_REGISTRY_DATABASE_URL, a
streaming replica of the primary) and this router in DATABASE_ROUTERS, the registry's
models are read from the replica, everything else and every write from `default`:

- reads outside a transaction (the public pages and the JSON API: lookups, searches, the
  keys document) go to the replica;
- reads inside a transaction on `default` stay on `default`: a service that reads and then
  writes (publishing, an import, an API key check that records its use) must not decide on a
  replica that lags behind;
- writes (the lookup counter, the rate-limit windows, publishing) always go to `default`,
  and migrations never run on the replica (it copies the primary's schema).

Without the alias the router does nothing. A second (or tenth) app server needs no router at
all: the app keeps no state but the database (rate limits and lookup counts are rows there).
"""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "registry_read"
APP_LABEL = "registry"


class RegistryReadRouter:
    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if model._meta.app_label != APP_LABEL or REPLICA not in connections.settings:
            return None
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        return None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary: relations between them are fine.
        return True if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA} else None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None
