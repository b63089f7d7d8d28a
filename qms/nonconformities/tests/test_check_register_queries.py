"""Query budget of the effectiveness-check register: page and API cost the same with 3
checks as with 60 (no query per row)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import EffectivenessCheckFactory, NonconformityFactory

pytestmark = pytest.mark.django_db


def add(organization: Any, count: int) -> None:
    for _index in range(count):
        nc = NonconformityFactory(organization=organization)
        EffectivenessCheckFactory(nonconformity=nc, organization=organization)


def queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_check_register_costs_the_same_with_many_checks(
    client_for: Any, api_client_for: Any, quality_manager: Any, organization: Any
) -> None:
    page, api = client_for(quality_manager), api_client_for(quality_manager)
    page_url = reverse("nonconformities:effectivenesscheck_list")
    api_url = reverse("api:nonconformities-effectivenesscheck-list")
    add(organization, 3)
    queries(page, page_url), queries(api, api_url)  # warm caches
    small = queries(page, page_url), queries(api, api_url + "?effective=true")
    add(organization, 60)
    large = queries(page, page_url), queries(api, api_url + "?effective=true")
    assert large == small, (small, large)
    assert max(large) <= 14
