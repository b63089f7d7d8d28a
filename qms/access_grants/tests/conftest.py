"""Fixtures of the access-grant tests: ISO 9001 adopted, a grant made through the service."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from qms.access_grants import services
from qms.access_grants.models import AccessGrant
from qms.standards.tests.conftest import Q2015, adopt, edition, library  # noqa: F401


@pytest.fixture
def iso(library: None, organization: Any) -> Any:  # noqa: F811
    adopt(organization, Q2015)
    return edition(Q2015)


@pytest.fixture
def grant_data(iso: Any) -> dict[str, Any]:
    now = timezone.now()
    return {
        "grantee_name": "Alex Auditor",
        "grantee_email": "auditor@cb.example",
        "firm": "Example Certification Ltd",
        "grantee_role": "certification_auditor",
        "purpose": "Stage 1 audit",
        "starts_at": now - dt.timedelta(hours=1),
        "ends_at": now + dt.timedelta(days=30),
        "editions": [iso],
        "record_types": ["documents", "nonconformities", "risks", "processes"],
    }


@pytest.fixture
def make_grant(organization: Any, quality_manager: Any, grant_data: dict[str, Any]) -> Any:
    def make(**changes: Any) -> AccessGrant:
        return services.grant_create(
            actor=quality_manager, organization=organization, data={**grant_data, **changes}
        )

    return make
