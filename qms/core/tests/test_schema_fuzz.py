"""Schema fuzzing: schemathesis sends generated requests to every operation of the OpenAPI
schema, in process (WSGI), as a quality manager with a Bearer token, and fails on any 5xx
and on any answer the schema does not describe (status, content type or body).

The example count is small on purpose: this runs in `make test` on every change; a longer
run is `QMS_FUZZ_EXAMPLES=200 .venv/bin/pytest qms/core/tests/test_schema_fuzz.py`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from qms.accounts import services as account_services
from qms.organizations import services as organization_services

MAX_EXAMPLES = int(os.environ.get("QMS_FUZZ_EXAMPLES", "8"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _load_schema() -> Any:
    """The schema the application serves at /api/v1/schema/, bound to its WSGI handler.

    Built at collection, without a request (drf-spectacular needs no database for it);
    schemathesis' lazy `from_fixture` loader does not run on the pytest of this project.
    """
    document = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))
    # Examples and fuzzing (bounded by max_examples); the coverage phase is not bounded by
    # it and would take minutes on every run.
    config = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}}})
    loaded = schemathesis.openapi.from_dict(document, config=config)
    loaded.app = get_wsgi_application()
    return loaded


schema = _load_schema()


@pytest.fixture(autouse=True)
def _connection_kept_between_requests(db: Any) -> Iterator[None]:
    """Requests go through Django's real WSGI handler inside the test's transaction; as
    Django's test client does, the handler must not close the connection after a request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(quality_manager: Any, organization: Any) -> dict[str, str]:
    """A quality manager's token, and a few records for the generated ids to hit or miss."""
    organization_services.site_create(
        actor=quality_manager, organization=organization, data={"name": "Forge", "country": "GB"}
    )
    _token, secret = account_services.token_create(
        actor=quality_manager, user=quality_manager, organization=organization, name="fuzz"
    )
    return {"Authorization": f"Bearer {secret}"}


@schema.parametrize()  # type: ignore[untyped-decorator]
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_its_schema_says(case: Any, bearer: dict[str, str]) -> None:
    # when a generated request is sent with a valid token
    # then the answer is no 5xx, and its status, content type and body are documented
    case.call_and_validate(headers=bearer, checks=CHECKS)
