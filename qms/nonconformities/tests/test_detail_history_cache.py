"""The NC page's history is served from a fragment cache keyed by its events: every write
adds an event (a new key), and a renamed actor shows as they are now."""

from __future__ import annotations

from typing import Any

import pytest

from qms.nonconformities.services import nonconformity_create, nonconformity_update

pytestmark = pytest.mark.django_db


def _history(client: Any, url: str) -> str:
    page = client.get(url).content.decode()
    return page.split('class="card history"', 1)[1]


def test_the_cached_history_shows_every_write_and_the_actor_as_now(
    client_for: Any, quality_manager: Any, organization: Any
) -> None:
    nc = nonconformity_create(
        actor=quality_manager,
        organization=organization,
        data={
            "title": "Burr on flange",
            "description": "Found at assembly.",
            "source": "process_monitoring",
            "severity": "minor",
            "detected_on": "2026-05-04",
        },
    )
    client = client_for(quality_manager)
    url = nc.get_absolute_url()
    first = _history(client, url)
    assert "nonconformity.created" in first and "nonconformity.updated" not in first
    assert _history(client, url) == first  # the cached fragment

    nonconformity_update(
        actor=quality_manager, instance=nc, data={"title": "Burr on the flange"}, version=None
    )
    second = _history(client, url)
    assert "nonconformity.updated" in second

    quality_manager.email = "renamed@example.com"
    quality_manager.save(update_fields=["email"])
    assert "renamed@example.com" in _history(client_for(quality_manager), url)
