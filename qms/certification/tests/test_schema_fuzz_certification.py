"""Schema fuzzing of the certification body's operations (and the public registry's) as a
certification manager whose body has a client, a programme, a Stage 2 with findings and a
portal user: the core fuzz (qms/core/tests/test_schema_fuzz.py) acts as an organization's
quality manager, for whom most of these answer 403 before reading any input.

It fails on any 5xx and on any answer the schema does not describe. A longer run:
`QMS_FUZZ_EXAMPLES=100 .venv/bin/pytest qms/certification/tests/test_schema_fuzz_certification.py`.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from qms.accounts import services as account_services
from qms.core.tests import test_schema_fuzz as core_fuzz

from .factories_portal import build_portal_world

schema = core_fuzz.schema.include(path_regex=r"^/api/v1/(certification|public)/")

# The core module's fixture keeps the connection open between the WSGI requests.
_connection_kept_between_requests = core_fuzz._connection_kept_between_requests


@pytest.fixture
def manager_bearer(organization: Any) -> dict[str, str]:
    world = build_portal_world(organization)
    manager = world.world.manager
    _token, secret = account_services.token_create(
        actor=manager, user=manager, organization=organization, name="fuzz"
    )
    return {"Authorization": f"Bearer {secret}"}


@schema.parametrize()  # type: ignore[untyped-decorator]
@settings(
    max_examples=core_fuzz.MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_certification_operation_answers_as_its_schema_says(
    case: Any, manager_bearer: dict[str, str]
) -> None:
    case.call_and_validate(headers=manager_bearer, checks=core_fuzz.CHECKS)
