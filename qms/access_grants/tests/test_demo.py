"""The access demo: an open grant at Acme for auditor@cb.example (password "demo"), one
answered and one open evidence request; running it twice changes nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse

from qms.access_grants import demo
from qms.access_grants.models import AccessGrant, EvidenceRequest
from qms.organizations import demo as organizations_demo
from qms.standards import demo as standards_demo

pytestmark = pytest.mark.django_db


def test_the_demo_grants_access_once(settings: Any, client: Any) -> None:
    settings.DEBUG = True
    organizations_demo.load(stdout=io.StringIO())
    standards_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    (grant,) = AccessGrant.objects.filter(grantee_email=demo.AUDITOR)
    assert grant.firm == "Example Certification Ltd"
    assert set(grant.record_types) == {
        "documents",
        "nonconformities",
        "internal_audits",
        "readiness",
    }
    statuses = sorted(EvidenceRequest.objects.filter(grant=grant).values_list("status", flat=True))
    assert statuses == ["answered", "open"]
    assert client.login(username=demo.AUDITOR, password=demo.PASSWORD)
    assert client.get(reverse("external:grant", args=[grant.pk])).status_code == 200
