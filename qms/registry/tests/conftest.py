"""The registry's tests see every write at once: lookup counts are written per lookup and
number lookups are not remembered by the process."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _registry_writes_at_once(settings: Any) -> None:
    settings.REGISTRY_LOOKUP_FLUSH_SECONDS = 0
    settings.REGISTRY_LOOKUP_CACHE_SECONDS = 0
