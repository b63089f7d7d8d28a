"""Query budgets: the grant list, the evidence-request lists (organization page, API, portal),
the grant page with its requests and access log, and the portal record list cost the same
for 3 rows as for 33."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qms.access_grants import services
from qms.access_grants.tests.factories import AccessGrantFactory, EvidenceRequestFactory
from qms.nonconformities.tests.factories import NonconformityFactory

pytestmark = pytest.mark.django_db


def _same_cost(fn: Any, grow: Any) -> None:
    grow(3)
    fn()  # warm caches (session, permissions, content types)
    with CaptureQueriesContext(connection) as few:
        fn()
    grow(30)
    with CaptureQueriesContext(connection) as many:
        fn()
    assert len(many.captured_queries) <= len(few.captured_queries)


def _get(client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, url


def test_grant_list(organization: Any, quality_manager: Any, client_for: Any) -> None:
    client = client_for(quality_manager)

    def grow(n: int) -> None:
        for grant in AccessGrantFactory.create_batch(n, organization=organization):
            EvidenceRequestFactory(grant=grant)

    _same_cost(lambda: _get(client, reverse("access_grants:grant_list")), grow)
    _same_cost(lambda: _get(client, "/api/v1/access-grants/"), grow)


def test_request_lists(make_grant: Any, quality_manager: Any, client_for: Any) -> None:
    grant = make_grant()
    client = client_for(quality_manager)
    external = client_for(grant.grantee)

    def grow(n: int) -> None:
        for _ in range(n):
            EvidenceRequestFactory(grant=grant, owner=quality_manager)
            services.page_view_record(actor=grant.grantee, grant=grant, path="/external/")

    _same_cost(lambda: _get(client, reverse("access_grants:evidencerequest_list")), grow)
    _same_cost(lambda: _get(client, "/api/v1/evidence-requests/"), grow)
    _same_cost(lambda: _get(client, grant.get_absolute_url()), grow)
    _same_cost(lambda: _get(external, reverse("external:request_list", args=[grant.pk])), grow)


def test_portal_record_list(make_grant: Any, organization: Any, client_for: Any) -> None:
    grant = make_grant()
    external = client_for(grant.grantee)

    def grow(n: int) -> None:
        NonconformityFactory.create_batch(n, organization=organization)

    url = reverse("external:record_list", args=[grant.pk, "nonconformities"])
    _same_cost(lambda: _get(external, url), grow)
